import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { browserMissing, launchChromium } from '../helpers/browser.js';
import { SHIPPED } from '../helpers/load.js';
import { serve } from '../helpers/serve-process.js';

// The page as staff see it: the real server with the real schedule, a fixed clock (Monday
// 13 June 2022 10:00, the Visma upgrade day), Debian's Chromium driven by playwright-core.
const axeSource = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
/** Screenshots for people to look at (issue 12's note). */
const SHOTS = '/tmp/nedetid-shots';
let browser: Browser;
let base: string;
const cleanups: (() => unknown)[] = [];

describe('the page in a browser', () => {
  before(async () => {
    if (browserMissing) return;
    const server = await serve({ after: (fn) => cleanups.push(fn) }, SHIPPED, { NEDETID_NOW: '2022-06-13T10:00' });
    base = server.base;
    browser = await launchChromium();
    mkdirSync('test-output', { recursive: true });
    mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    for (const fn of cleanups) await fn();
  });

  async function open(
    path: string,
    options: { javaScriptEnabled?: boolean; bypassCSP?: boolean; width?: number; height?: number } = {},
  ): Promise<Page> {
    const context = await browser.newContext({
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      bypassCSP: options.bypassCSP ?? false,
      viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
      locale: 'nb-NO',
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(base + path);
    (page as Page & { errors: string[] }).errors = errors;
    return page;
  }

  const text = async (page: Page, selector: string) => (await page.locator(selector).innerText()).replace(/\s+/g, ' ');

  test(
    '"Nå" shows the window in progress and "Kommende" the next days, grouped by day',
    { skip: browserMissing },
    async () => {
      const page = await open('/');
      assert.match(
        await text(page, 'section:has(#na)'),
        /Nå Hele dagen Visma oppgraderes til 2022\.1 – Visma er nede Pågår nå Berører: Visma økonomi\. Utføres av: Visma\./i,
      );
      const upcoming = await text(page, 'section:has(#kommende)');
      const headings = await page.locator('section:has(#kommende) h3').allInnerTexts();
      assert.deepEqual(headings.slice(0, 4), [
        'tirsdag 14. juni 2022',
        'onsdag 22. juni 2022',
        'tirsdag 28. juni 2022',
        'tirsdag 26. juli 2022',
      ]);
      assert.match(upcoming, /Visma 2022\.1 – Visma kan fortsatt være nede Ikke bekreftet/);
      // 22 June is the rule's own date (the Wednesday 8 days after Patch Tuesday), not a move.
      assert.match(upcoming, /16:00–19:00 Månedlig vedlikehold av IKT-systemer i Gjøvikregionen Berører/);
      assert.match(
        await text(page, 'section:has(#varslet)'),
        /Ventet: våren 2022 Flytting til ny SAN og programoppdatering på servere Berører: alle systemer/,
      );
      assert.deepEqual((page as Page & { errors: string[] }).errors, []);
      await page.screenshot({ path: 'test-output/page-desktop.png', fullPage: true });
      await page.screenshot({ path: `${SHOTS}/page-desktop-1280.png`, fullPage: true });
      const phone = await open('/', { width: 390, height: 844 });
      await phone.screenshot({ path: 'test-output/page-phone.png', fullPage: true });
      await phone.screenshot({ path: `${SHOTS}/page-phone-390.png`, fullPage: true });
      await phone.context().close();
      await page.context().close();
    },
  );

  test('the system filter works without JavaScript (form) and at once with it', { skip: browserMissing }, async () => {
    const plain = await open('/', { javaScriptEnabled: false });
    await plain.getByLabel('GAT', { exact: true }).first().check();
    await plain.getByRole('button', { name: 'Vis', exact: true }).click();
    await plain.waitForURL(/system=gat/);
    const titles = await plain.locator('section:has(#kommende) li .title').allInnerTexts();
    assert.ok(titles.length > 0);
    assert.ok(
      titles.every((t) => t === 'Månedlig vedlikehold av IKT-systemer i Gjøvikregionen'),
      titles.join(' | '),
    );
    assert.match(await text(plain, 'section:has(#kommende) [role=status]'), /Viser bare: GAT\. Vis alle systemer/);
    await plain.context().close();

    const live = await open('/');
    await live.getByLabel('IST-tjenester').first().check();
    const visible = await live.locator('section:has(#kommende) li.occurrence:visible .title').allInnerTexts();
    assert.ok(visible.length > 0 && visible.every((t) => t === 'Systemvedlikehold IST'), visible.join(' | '));
    assert.equal(live.url(), `${base}/`, 'no reload: ticking a box is not a change of context');
    await live.context().close();
  });

  test(
    'each feed in the table holds the right URL for its client, systems and providers told apart',
    { skip: browserMissing },
    async () => {
      const page = await open('/');
      const row = page.locator('table.feeds tr.feed.system', { hasText: 'Visma økonomi' });
      const https = `${base}/feeds/systems/visma.ics`;
      const webcal = https.replace('http://', 'webcal://');
      assert.equal(await row.getByRole('link', { name: 'Outlook (PC) og Apple' }).getAttribute('href'), webcal);
      const outlook = new URL(
        (await row.getByRole('link', { name: 'Outlook på nett / Microsoft 365' }).getAttribute('href'))!,
      );
      assert.equal(outlook.origin + outlook.pathname, 'https://outlook.office.com/calendar/0/addfromweb');
      assert.equal(outlook.searchParams.get('url'), https);
      assert.equal(outlook.searchParams.get('name'), 'Planlagt nedetid IKT: Visma økonomi');
      const google = new URL((await row.getByRole('link', { name: 'Google Kalender' }).getAttribute('href'))!);
      assert.equal(google.searchParams.get('cid'), webcal);
      assert.equal(await row.getByRole('link', { name: 'Adresse (http)' }).getAttribute('href'), https);
      // Every per-system and per-provider feed, one row each, its kind in words.
      assert.equal(await page.locator('table.feeds tr.feed.system').count(), 6);
      assert.equal(await page.locator('table.feeds tr.feed.provider').count(), 3);
      assert.deepEqual(
        (await page.locator('table.feeds tbody tr').allInnerTexts()).map((r) => r.split('\t').slice(0, 2).join(' | ')),
        [
          'Visma økonomi (også kalt regnskap, fakturabehandling, Easycruit) | System',
          'GAT | System',
          'IST-tjenester | System',
          'Servere i regionen | System',
          'Internett | System',
          'IP-telefoni (også kalt iptlf) | System',
          'IST (SaaS) | Leverandør',
          'IKT Gjøvikregionen | Leverandør',
          'Visma | Leverandør',
        ],
      );
      const provider = page.locator('table.feeds tr.feed.provider', { hasText: 'Visma' });
      assert.equal(
        await provider.getByRole('link', { name: 'Adresse (http)' }).getAttribute('href'),
        `${base}/feeds/providers/visma.ics`,
      );
      assert.match(await text(page, 'section:has(#abonner)'), /En leverandør er den som utfører vedlikeholdet/);
      // One set of buttons, for all systems until the reader chooses.
      const chosen = page.locator('#abonnement');
      assert.equal(await chosen.getByRole('textbox').inputValue(), `${base}/feeds/all.ics`);
      assert.equal(
        await chosen.getByRole('link', { name: 'Outlook (PC) og Apple' }).getAttribute('href'),
        `${base}/feeds/all.ics`.replace('http://', 'webcal://'),
      );
      assert.equal(await page.locator('#abonnement a.button').count(), 3);
      // The manual Google steps are there for when the cid link does not work.
      await page.getByText('Legge til i Google Kalender for hånd').click();
      assert.match(await text(page, 'details'), /Legg til kalender → Fra URL/);
      await page.context().close();
    },
  );

  test('the copy button puts the address on the clipboard and says so', { skip: browserMissing }, async () => {
    const page = await open('/?abonner=gat');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await page.locator('#abonnement').getByRole('button', { name: 'Kopier adresse' }).click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${base}/feeds/systems/gat.ics`);
    assert.equal(await page.locator('#copy-status').innerText(), 'Adressen er kopiert.');
    await page.context().close();
  });

  test(
    'subscribing without JavaScript: tick systems, submit, get their one address',
    { skip: browserMissing },
    async () => {
      const page = await open('/', { javaScriptEnabled: false });
      const form = page.locator('form.subscribe');
      await form.getByLabel('Visma økonomi').check();
      await form.getByLabel('GAT').check();
      await form.getByLabel('Bare systemene jeg krysser av:').check();
      await form.getByRole('button', { name: 'Vis abonnement' }).click();
      await page.waitForURL(/abonner=visma&abonner=gat/);
      const url = await page.locator('#abonnement input').inputValue();
      assert.equal(url, `${base}/feeds/custom.ics?systems=gat,visma`);
      assert.equal(await text(page, '#abonnement h3'), 'Kalenderen din: GAT, Visma økonomi');
      const res = await fetch(url);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /X-WR-CALNAME:Planlagt nedetid IKT: GAT\\, Visma økonomi/);
      // "Alle systemer" wins over ticked boxes.
      await page.locator('form.subscribe').getByLabel('Alle systemer').check();
      await page.locator('form.subscribe').getByRole('button', { name: 'Vis abonnement' }).click();
      await page.waitForURL(/kalender=alle/);
      assert.equal(await page.locator('#abonnement input').inputValue(), `${base}/feeds/all.ics`);
      await page.context().close();
    },
  );

  test(
    'with JavaScript the address updates as you tick, without leaving the page',
    { skip: browserMissing },
    async () => {
      const page = await open('/');
      const form = page.locator('form.subscribe');
      const address = page.locator('#abonnement input');
      await form.getByLabel('GAT').check();
      await page.waitForFunction(() =>
        document.querySelector<HTMLInputElement>('#abonnement input')!.value.endsWith('gat.ics'),
      );
      assert.equal(await address.inputValue(), `${base}/feeds/systems/gat.ics`);
      assert.ok(await form.getByLabel('Bare systemene jeg krysser av:').isChecked());
      assert.equal(await page.locator('#copy-status').innerText(), 'Adressen er oppdatert. Kalenderen din: GAT');
      await form.getByLabel('Visma økonomi').check();
      await page.waitForFunction(() =>
        document.querySelector<HTMLInputElement>('#abonnement input')!.value.includes('custom'),
      );
      assert.equal(await address.inputValue(), `${base}/feeds/custom.ics?systems=gat,visma`);
      const outlook = new URL(
        (await page
          .locator('#abonnement')
          .getByRole('link', { name: 'Outlook på nett / Microsoft 365' })
          .getAttribute('href'))!,
      );
      assert.equal(outlook.searchParams.get('url'), `${base}/feeds/custom.ics?systems=gat,visma`);
      await form.getByLabel('Alle systemer').check();
      await page.waitForFunction(() =>
        document.querySelector<HTMLInputElement>('#abonnement input')!.value.endsWith('all.ics'),
      );
      assert.equal(await form.locator('input[name=abonner]:checked').count(), 0);
      assert.equal(page.url(), `${base}/`, 'no navigation');
      assert.deepEqual((page as Page & { errors: string[] }).errors, []);
      await page.context().close();
    },
  );

  test(
    'axe finds no WCAG 2.1 AA violations on the page, in English, and in the embed',
    { skip: browserMissing },
    async () => {
      for (const path of [
        '/',
        '/?lang=en',
        '/?system=gat&abonner=visma',
        '/?system=vsima',
        '/?lang=de',
        '/embed?systems=visma,gat&days=30',
        '/embed?systems=vsima',
        '/embed?days=abc',
      ]) {
        const page = await open(path, { bypassCSP: true });
        await page.addScriptTag({ content: axeSource });
        const result = await page.evaluate(async () => {
          const r = await (
            window as unknown as {
              axe: {
                run: (o: unknown) => Promise<{ violations: { id: string; nodes: unknown[] }[]; passes: unknown[] }>;
              };
            }
          ).axe.run({
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
          });
          return { violations: r.violations.map((v) => `${v.id} (${v.nodes.length})`), passes: r.passes.length };
        });
        assert.deepEqual(result.violations, [], path);
        // And on the phone width, where the feed table is laid out as blocks.
        await page.setViewportSize({ width: 390, height: 844 });
        const phone = await page.evaluate(async () => {
          const r = await (
            window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: { id: string }[] }> } }
          ).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
          return r.violations.map((v) => v.id);
        });
        assert.deepEqual(phone, [], `${path} at 390 px`);
        await page.setViewportSize({ width: 1280, height: 900 });
        assert.ok(result.passes > 5, `${path}: axe ran (${result.passes} passing rules)`);
        if (path === '/embed?systems=visma,gat&days=30') {
          await page.screenshot({ path: 'test-output/embed.png', fullPage: true });
          await page.screenshot({ path: `${SHOTS}/embed.png`, fullPage: true });
        }
        await page.context().close();
      }
    },
  );

  test('the axe harness can fail: an unlabelled field is reported', { skip: browserMissing }, async () => {
    const page = await open('/', { bypassCSP: true });
    await page.setContent(
      '<!doctype html><html lang="nb"><body><main><h1>x</h1><input type="text"></main></body></html>',
    );
    await page.addScriptTag({ content: axeSource });
    const ids = await page.evaluate(async () =>
      (
        await (
          window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: { id: string }[] }> } }
        ).axe.run({
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
        })
      ).violations.map((v) => v.id),
    );
    assert.ok(ids.includes('label'), ids.join(', '));
    await page.context().close();
  });

  test(
    'keyboard only: Tab reaches every link, button, field and summary, with a visible focus',
    { skip: browserMissing },
    async () => {
      const page = await open('/');
      const focusable = await page.evaluate(
        () =>
          [...document.querySelectorAll('a[href], button, input, summary')].filter(
            (e) =>
              ((e as HTMLElement).offsetParent !== null || e.classList.contains('skip')) &&
              // A radio group is one Tab stop (its checked radio, or its first when none is, as the
              // municipality filter before one is picked); arrow keys move inside it (below).
              !(
                e instanceof HTMLInputElement &&
                e.type === 'radio' &&
                !e.checked &&
                (document.querySelector(`input[type=radio][name="${e.name}"]:checked`) !== null ||
                  document.querySelector(`input[type=radio][name="${e.name}"]`) !== e)
              ),
          ).length,
      );
      const reached = new Set<string>();
      for (let i = 0; i < focusable + 5; i++) {
        await page.keyboard.press('Tab');
        const id = await page.evaluate(() => {
          const e = document.activeElement as HTMLElement | null;
          if (!e || e === document.body) return null;
          const all = [...document.querySelectorAll('a[href], button, input, summary')];
          const outline = getComputedStyle(e).outlineStyle;
          return `${all.indexOf(e)}|${outline}`;
        });
        if (id) reached.add(id);
      }
      const indexes = new Set([...reached].map((r) => r.split('|')[0]));
      assert.equal(indexes.size, focusable, `reached ${indexes.size} of ${focusable}`);
      assert.ok(
        [...reached].every((r) => r.split('|')[1] !== 'none'),
        'every focused element shows an outline',
      );
      // Inside the subscribe choice the arrow keys reach the next radio (the first municipality) and choose it.
      await page.locator('input[name=kalender][value=alle]').focus();
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement).value), 'gjovik');
      assert.ok(await page.locator('input[name=kalender][value=gjovik]').isChecked());
      await page.context().close();
    },
  );
});
