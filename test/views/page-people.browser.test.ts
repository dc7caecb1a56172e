import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { browserMissing, launchChromium } from '../helpers/browser.js';
import { SHIPPED } from '../helpers/load.js';
import { serve } from '../helpers/serve-process.js';

// Issue 12 in a real browser: "pågår nå" in the embed, errors and typos as HTML, aliases,
// contact and "Sist endret", and the whole page behind a reverse proxy under /nedetid/.
const SHOTS = '/tmp/nedetid-shots';
const PUBLIC_URL = 'https://intranett.example.no/nedetid/';
let browser: Browser;
let direct: string;
let proxied: string;
let proxy: Server;
const seen: string[] = [];
const cleanups: (() => unknown)[] = [];

describe('the page and the embed in a browser: what people see', () => {
  before(async () => {
    if (browserMissing) return;
    // The shipped schedule with a service desk as calendar.contact.
    const dir = mkdtempSync(join(tmpdir(), 'nedetid-people-'));
    const config = join(dir, 'schedule.yaml');
    writeFileSync(
      config,
      readFileSync(SHIPPED, 'utf8').replace(
        '  refresh: PT1H\n',
        '  refresh: PT1H\n  contact: { name: Servicedesk, phone: "+47 61 00 00 00", email: servicedesk@example.no, url: https://hjelp.example.no }\n',
      ),
    );
    const env = { NEDETID_NOW: '2022-06-13T10:00' };
    direct = (await serve({ after: (fn) => cleanups.push(fn) }, config, env)).base;
    // A reverse proxy that serves the service under /nedetid/ and strips the prefix, as an
    // intranet front does; the service knows only PUBLIC_URL.
    const behind = await serve({ after: (fn) => cleanups.push(fn) }, config, { ...env, PUBLIC_URL });
    const target = new URL(behind.base);
    proxy = createServer((req, res) => {
      seen.push(req.url!);
      if (!req.url!.startsWith('/nedetid/')) {
        res.writeHead(404).end('outside the prefix');
        return;
      }
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, path: req.url!.slice('/nedetid'.length), headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode!, r.headers);
          r.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const address = proxy.address() as { port: number };
    proxied = `http://127.0.0.1:${address.port}/nedetid/`;
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    proxy?.close();
    for (const fn of cleanups) await fn();
  });

  async function open(url: string, options: { width?: number; javaScriptEnabled?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1280, height: 900 },
      locale: 'nb-NO',
      javaScriptEnabled: options.javaScriptEnabled ?? true,
    });
    const page = await context.newPage();
    await page.goto(url);
    return page;
  }

  const text = async (page: Page, selector: string) => (await page.locator(selector).innerText()).replace(/\s+/g, ' ');

  test('the embed marks the window in progress "Pågår nå", and only that one', { skip: browserMissing }, async () => {
    const page = await open(`${direct}/embed?systems=visma`);
    const items = page.locator('li.occurrence');
    assert.match(await items.nth(0).innerText(), /Visma oppgraderes til 2022\.1[\s\S]*Pågår nå/);
    assert.doesNotMatch(await items.nth(1).innerText(), /Pågår nå/);
    assert.equal(await page.locator('li.occurrence.ongoing').count(), 1);
    await page.screenshot({ path: `${SHOTS}/embed-now.png`, fullPage: true });
    await page.context().close();
  });

  test(
    'embed errors are HTML pages in Norwegian; days above the page horizon are clamped',
    { skip: browserMissing },
    async () => {
      const unknown = await open(`${direct}/embed?systems=vsima`);
      assert.equal(await unknown.locator('h1').innerText(), 'Kunne ikke vise planlagt nedetid');
      assert.match(
        await text(unknown, 'main'),
        /Fant ikke «vsima» blant systemene\. Mente du Visma økonomi \(visma\)\? Systemer som finnes: visma \(Visma økonomi\), gat/,
      );
      await unknown.screenshot({ path: `${SHOTS}/embed-error.png`, fullPage: true });
      await unknown.context().close();
      const bad = await fetch(`${direct}/embed?days=abc`);
      assert.equal(bad.status, 400);
      assert.equal(bad.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.match(await bad.text(), /days må være et helt antall dager fra 1 til 60\./);
      const far = await open(`${direct}/embed?days=90`);
      const dates = await far
        .locator('li.occurrence time')
        .evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')!));
      assert.ok(dates.length > 3);
      assert.ok(
        dates.every((d) => d < '2022-08-13'),
        `clamped to 60 days: ${dates.join(', ')}`,
      );
      await far.context().close();
    },
  );

  test(
    '/?system=vsima says the system is unknown, suggests Visma økonomi and shows the list',
    { skip: browserMissing },
    async () => {
      const page = await open(`${direct}/?system=vsima`);
      const notice = page.locator('section:has(#kommende) .notice');
      assert.equal(
        (await notice.innerText()).replace(/\s+/g, ' ').trim(),
        'Fant ikke «vsima» blant systemene. Mente du Visma økonomi? Velg blant systemene under.',
      );
      await notice.getByRole('link', { name: 'Visma økonomi' }).click();
      await page.waitForURL(/\?system=visma#kommende$/);
      assert.match(await text(page, 'section:has(#kommende) [role=status]'), /Viser bare: Visma økonomi\./);
      await page.context().close();
    },
  );

  test(
    '/?lang=de falls back to bokmål with one line; the language link keeps the filter',
    { skip: browserMissing },
    async () => {
      const de = await open(`${direct}/?lang=de`);
      assert.equal(await de.locator('html').getAttribute('lang'), 'nb');
      assert.deepEqual(await de.locator('.notice').allInnerTexts(), [
        'Språket «de» finnes ikke her; siden vises på bokmål.',
      ]);
      await de.context().close();
      const page = await open(`${direct}/?system=gat&abonner=visma`);
      await page.getByRole('link', { name: 'English' }).click();
      await page.waitForURL(/lang=en/);
      assert.equal(new URL(page.url()).search, '?lang=en&system=gat&abonner=visma');
      assert.match(await text(page, 'section:has(#kommende) [role=status]'), /Showing only: GAT\./);
      await page.getByRole('link', { name: 'Norsk' }).click();
      await page.waitForURL((u) => !u.search.includes('lang'));
      assert.equal(new URL(page.url()).search, '?system=gat&abonner=visma');
      await page.context().close();
    },
  );

  test(
    'systems are found by what staff call them: ?system=easycruit is Visma økonomi',
    { skip: browserMissing },
    async () => {
      const page = await open(`${direct}/?system=easycruit`);
      assert.match(await text(page, 'section:has(#kommende) [role=status]'), /Viser bare: Visma økonomi\./);
      assert.equal(await page.locator('section:has(#kommende) .notice').count(), 0);
      assert.ok(await page.locator('form.filter').getByLabel('Easycruit').isChecked());
      await page.context().close();
    },
  );

  test('the page says when the schedule last changed and where to ask', { skip: browserMissing }, async () => {
    const page = await open(`${direct}/`);
    const footer = page.locator('footer');
    assert.match(await text(page, 'footer'), /Sist endret: 7\. juni 2022, 13:53/);
    assert.equal(await footer.getByRole('link', { name: '+47 61 00 00 00' }).getAttribute('href'), 'tel:+4761000000');
    assert.equal(
      await footer.getByRole('link', { name: 'servicedesk@example.no' }).getAttribute('href'),
      'mailto:servicedesk@example.no',
    );
    assert.equal(await footer.getByRole('link', { name: 'Nettside' }).getAttribute('href'), 'https://hjelp.example.no');
    assert.match(await text(page, 'footer'), /Spørsmål om nedetid\? Servicedesk:/);
    await page.context().close();
  });

  test(
    'behind a proxy under /nedetid/ every asset, link and form stays under the prefix',
    { skip: browserMissing },
    async () => {
      seen.length = 0;
      const page = await open(proxied);
      const failed: string[] = [];
      page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
      await page.reload();
      // The style sheet applied and the script ran (it swaps the subscription on a tick).
      assert.equal(
        await page
          .locator('a.button')
          .first()
          .evaluate((a) => getComputedStyle(a).color),
        'rgb(255, 255, 255)',
      );
      await page.locator('form.subscribe').getByLabel('GAT').check();
      await page.waitForFunction(() =>
        document.querySelector<HTMLInputElement>('#abonnement input')!.value.endsWith('gat.ics'),
      );
      assert.equal(await page.locator('#abonnement input').inputValue(), `${PUBLIC_URL}feeds/systems/gat.ics`);
      // The filter form and the language link.
      await page.locator('form.filter').getByLabel('GAT', { exact: true }).check();
      await page.locator('form.filter').getByRole('button', { name: 'Vis', exact: true }).click();
      await page.waitForURL(/\/nedetid\/\?system=gat/);
      await page.getByRole('link', { name: 'English' }).click();
      await page.waitForURL(/\/nedetid\/\?lang=en&system=gat/);
      // The embed and its link to the full page.
      await page.goto(`${proxied}embed?systems=gat`);
      await page.getByRole('link', { name: 'Se all planlagt nedetid' }).click();
      await page.waitForURL(/\/nedetid\/\?system=gat#kommende$/);
      const hrefs = await page.evaluate(() =>
        [...document.querySelectorAll('[href], [src], [action]')].map(
          (e) => e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action'),
        ),
      );
      assert.deepEqual(
        hrefs.filter((h) => h!.startsWith('/')),
        [],
        'no root-relative URL',
      );
      assert.deepEqual(failed, []);
      assert.deepEqual(
        seen.filter((u) => !u.startsWith('/nedetid/')),
        [],
        'every request under the prefix',
      );
      assert.ok(seen.includes('/nedetid/assets/style.css') && seen.includes('/nedetid/assets/app.js'), seen.join(' '));
      await page.context().close();
    },
  );
});
