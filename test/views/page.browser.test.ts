import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { browserMissing, launchChromium } from '../helpers/browser.js';
import { SHIPPED } from '../helpers/load.js';
import { serve } from '../helpers/serve-process.js';

// The page as staff see it: the real server with the real schedule, a fixed clock (Monday
// 13 June 2022 10:00, the Visma upgrade day), Debian's Chromium driven by playwright-core.
const axeSource = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
let browser: Browser;
let base: string;
const cleanups: (() => unknown)[] = [];

before(async () => {
  if (browserMissing) return;
  const server = await serve({ after: (fn) => cleanups.push(fn) }, SHIPPED, { NEDETID_NOW: '2022-06-13T10:00' });
  base = server.base;
  browser = await launchChromium();
  mkdirSync('test-output', { recursive: true });
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
      /Nå Hele dagen Visma oppgraderes til 2022\.1 – Visma er nede Berører: Visma økonomi\. Utføres av: Visma\./i,
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
    const phone = await open('/', { width: 390, height: 844 });
    await phone.screenshot({ path: 'test-output/page-phone.png', fullPage: true });
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

test('each subscribe link holds the right URL for its client', { skip: browserMissing }, async () => {
  const page = await open('/');
  const row = page.locator('li.feed', { hasText: 'Visma økonomi' }).first();
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
  assert.equal(await row.getByRole('textbox').inputValue(), https);
  const all = page.locator('li.feed').first();
  assert.equal(await all.getByRole('textbox').inputValue(), `${base}/feeds/all.ics`);
  assert.equal(await page.locator('li.feed').count(), 1 + 6 + 3);
  // The manual Google steps are there for when the cid link does not work.
  await page.getByText('Legge til i Google Kalender for hånd').click();
  assert.match(await text(page, 'details'), /Legg til kalender → Fra URL/);
  await page.context().close();
});

test('the copy button puts the address on the clipboard and says so', { skip: browserMissing }, async () => {
  const page = await open('/');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const row = page.locator('li.feed', { hasText: 'GAT' }).first();
  await row.getByRole('button', { name: 'Kopier adresse' }).click();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${base}/feeds/systems/gat.ics`);
  assert.equal(await page.locator('#copy-status').innerText(), 'Adressen er kopiert.');
  await page.context().close();
});

test('the custom picker builds the feed address for the chosen systems', { skip: browserMissing }, async () => {
  const page = await open('/');
  const form = page.locator('form.custom');
  await form.getByLabel('Visma økonomi').check();
  await form.getByLabel('GAT').check();
  await form.getByRole('button', { name: 'Lag adresse' }).click();
  await page.waitForURL(/abonner=visma&abonner=gat/);
  const url = await page.locator('#custom-result input').inputValue();
  assert.equal(url, `${base}/feeds/custom.ics?systems=gat,visma`);
  const res = await fetch(url);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /X-WR-CALNAME:Planlagt nedetid IKT: GAT\\, Visma økonomi/);
  await page.context().close();
});

test(
  'axe finds no WCAG 2.1 AA violations on the page, in English, and in the embed',
  { skip: browserMissing },
  async () => {
    for (const path of ['/', '/?lang=en', '/?system=gat&abonner=visma', '/embed?systems=visma,gat&days=30']) {
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
      assert.ok(result.passes > 5, `${path}: axe ran (${result.passes} passing rules)`);
      if (path.startsWith('/embed')) await page.screenshot({ path: 'test-output/embed.png', fullPage: true });
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
      await (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: { id: string }[] }> } }).axe.run({
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
          (e) => (e as HTMLElement).offsetParent !== null || e.classList.contains('skip'),
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
    await page.context().close();
  },
);
