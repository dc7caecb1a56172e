import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { FeedSet } from '../../src/feeds/feed-set.js';
import { parseSchedule } from '../../src/schedule-file/parse-schedule.js';
import { feedsFrom, SHIPPED } from '../helpers/load.js';
import { testApp } from '../helpers/app.js';
import { fixedClock } from '../../src/time/clock.js';

const NOW = DateTime.fromISO('2022-06-13T10:00', { zone: 'Europe/Oslo' });

function appFor(t: { after: (fn: () => unknown) => void }, feeds = feedsFrom(SHIPPED), frameAncestors: string[] = []) {
  return testApp(t, { feeds, now: () => NOW, frameAncestors, publicUrl: 'https://nedetid.example.no' }).app;
}

describe('page routes: the page, the embed, /api/occurrences, Atom and assets', () => {
  test('regression: a title with <script> shows as text on the page, the embed, the API and the Atom feed', async (t) => {
    const text = readFileSync(SHIPPED, 'utf8').replace(
      'title: Visma oppgraderes til 2022.1 – Visma er nede',
      'title: "<script>alert(1)</script> & \\"x\\""',
    );
    const app = appFor(
      t,
      new FeedSet(parseSchedule(text, 'x.yaml').schedule, undefined, fixedClock(new Date('2026-01-01T00:00:00Z'))),
    );
    for (const url of ['/', '/embed?systems=visma', '/feeds/all.atom']) {
      const body = (await app.inject(url)).body;
      assert.doesNotMatch(body, /<script>alert/, url);
      assert.match(body, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;x&quot;/, url);
    }
    const api = (await app.inject('/api/occurrences?from=2022-06-13&to=2022-06-14')).json();
    assert.equal(
      api.occurrences.find((o: { window: string }) => o.window === 'visma-2022-1').title,
      '<script>alert(1)</script> & "x"',
    );
  });

  test('HTML pages: CSP without inline script; the embed may be framed only by configured origins', async (t) => {
    const app = appFor(t, feedsFrom(SHIPPED), ['https://intranett.example.no']);
    const page = await app.inject('/');
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(String(page.headers['content-security-policy']), /script-src 'self';.*frame-ancestors 'self'$/);
    assert.doesNotMatch(page.body, /<script>(?!<\/script>)|<script [^>]*>[^<]/, 'no inline script');
    assert.doesNotMatch(page.body, / on[a-z]+="/, 'no inline event handlers');
    const embed = await app.inject('/embed?systems=visma,gat&days=30');
    assert.match(
      String(embed.headers['content-security-policy']),
      /frame-ancestors 'self' https:\/\/intranett\.example\.no$/,
    );
    assert.match(embed.body, /Visma 2022\.1 – Visma kan fortsatt være nede/);
    // Relative, so the link stays under a PUBLIC_URL path (issue 12: sub-path).
    assert.match(embed.body, /href="\.\/\?system=visma&amp;system=gat#kommende" target="_top"/);
    // Inside an iframe an error is an HTML page in Norwegian, not JSON (issue 12).
    const unknown = await app.inject('/embed?systems=nope');
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(unknown.body, /Fant ikke «nope» blant systemene\./);
    assert.equal((await app.inject('/embed?days=0')).statusCode, 400);
  });

  test('the page in English, and with a filter, uses the same expansion', async (t) => {
    const app = appFor(t);
    const en = (await app.inject('/?lang=en')).body;
    assert.match(en, /<html lang="en">/);
    assert.match(en, /<h3>Tuesday, 14 June 2022<\/h3>/);
    // June 2022 starts on a Wednesday, so the rule itself gives the 22nd: not a move.
    assert.match(en, /<h3>Wednesday, 22 June 2022<\/h3>/);
    assert.match(en, /<p class="title">Månedlig vedlikehold av IKT-systemer i Gjøvikregionen<\/p>\s*<p class="meta">/);
    assert.doesNotMatch(en, /Moved from 15 June/);
    const december = testApp(t, { now: () => DateTime.fromISO('2022-12-01T10:00', { zone: 'Europe/Oslo' }) }).app;
    assert.match((await december.inject('/?lang=en')).body, /Moved from 21 December 2022: Før jul/);
    const gat = (await app.inject('/?system=gat')).body;
    assert.doesNotMatch(gat.split('id="kommende"')[1]!.split('id="varslet"')[0]!, /Systemvedlikehold IST/);
    assert.match(gat, /Viser bare: GAT\./);
  });

  test('GET /api/occurrences: expanded occurrences with offsets, status and moved-from; clear 400s', async (t) => {
    const app = appFor(t);
    const res = await app.inject('/api/occurrences?from=2022-06-01&to=2022-07-01&systems=visma');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.timezone, 'Europe/Oslo');
    assert.deepEqual(
      body.occurrences.map((o: Record<string, unknown>) => [o.window, o.start, o.end, o.status, o.movedFrom ?? null]),
      [
        ['visma-2022-1', '2022-06-13', '2022-06-14', 'confirmed', null],
        ['visma-2022-1-dag-2', '2022-06-14', '2022-06-15', 'tentative', null],
        ['gjovikregionen-manedlig', '2022-06-22T16:00:00+02:00', '2022-06-22T19:00:00+02:00', 'confirmed', null],
      ],
    );
    const december = (await app.inject('/api/occurrences?from=2022-12-01&to=2023-01-01&systems=gat')).json();
    assert.deepEqual(
      december.occurrences.map((o: Record<string, unknown>) => [o.start, o.movedFrom ?? null]),
      [['2022-12-14T16:00:00+01:00', '2022-12-21']],
    );
    assert.equal(body.occurrences[2].uid, 'gjovikregionen-manedlig@nedetid.example.no');
    const defaults = (await app.inject('/api/occurrences')).json();
    assert.equal(defaults.from, '2022-06-13T10:00:00.000+02:00');
    for (const [url, message] of [
      ['/api/occurrences?from=13.06.2022', /from '13\.06\.2022' must be an ISO 8601 date/],
      ['/api/occurrences?from=2022-06-01&to=2022-05-01', /to must be after from/],
      ['/api/occurrences?systems=visma,nope', /unknown system 'nope'; known systems: visma/],
    ] as const) {
      const r = await app.inject(url);
      assert.equal(r.statusCode, 400, url);
      assert.match(r.json().message, message);
    }
  });

  test('GET /feeds/all.atom is well-formed Atom of the upcoming windows', async (t) => {
    const app = appFor(t);
    const res = await app.inject('/feeds/all.atom');
    assert.equal(res.headers['content-type'], 'application/atom+xml; charset=utf-8');
    // Parsed by Python's XML parser, not ours.
    const summary = execFileSync(
      '/usr/bin/python3',
      [
        '-c',
        'import sys, xml.etree.ElementTree as E; ns={"a":"http://www.w3.org/2005/Atom"}; f=E.fromstring(sys.stdin.buffer.read()); print(f.find("a:id",ns).text); [print(e.find("a:title",ns).text) for e in f.findall("a:entry",ns)]',
      ],
      { input: res.rawPayload, encoding: 'utf8' },
    )
      .trim()
      .split('\n');
    assert.equal(summary[0], 'urn:nedetid:nedetid.example.no:upcoming');
    assert.deepEqual(summary.slice(1, 4), [
      '13.06.2022 hele dagen: Visma oppgraderes til 2022.1 – Visma er nede',
      '14.06.2022 hele dagen: Visma 2022.1 – Visma kan fortsatt være nede',
      '22.06.2022 16:00–19:00: Månedlig vedlikehold av IKT-systemer i Gjøvikregionen',
    ]);
  });

  test('assets are served with their types; unknown ones are 404', async (t) => {
    const app = appFor(t);
    assert.equal((await app.inject('/assets/app.js')).headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal((await app.inject('/assets/style.css')).headers['content-type'], 'text/css; charset=utf-8');
    assert.equal((await app.inject('/assets/..%2Fpackage.json')).statusCode, 404);
  });
});
