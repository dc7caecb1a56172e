import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { EDGE_CASES, feedsFrom } from '../helpers/load.js';
import { testApp } from '../helpers/app.js';

/** 28 December 2026, 10:00: inside the shipped Christmas freeze, with no window going on. */
const IN_FREEZE = DateTime.fromISO('2026-12-28T10:00', { zone: 'Europe/Oslo' });
const BEFORE = DateTime.fromISO('2026-12-01T10:00', { zone: 'Europe/Oslo' });

describe('freezes over HTTP', () => {
  test('GET /feeds/freezes.ics serves the planners feed as a calendar', async (t) => {
    const { app } = testApp(t);
    const res = await app.inject('/feeds/freezes.ics');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/calendar; charset=utf-8');
    assert.match(res.body, /^UID:jul@nedetid\.example\.no\r$/m);
    assert.match(res.body, /^X-WR-CALNAME:Planlagt nedetid IKT: frysperioder\r$/m);
  });

  test('/api/feeds lists the freezes feed with kind freezes', async (t) => {
    const { app } = testApp(t, { publicUrl: 'https://nedetid.example.no' });
    const feeds = (await app.inject('/api/feeds')).json().feeds as { id: string; kind: string; url: string }[];
    assert.deepEqual(
      feeds.filter((f) => f.kind === 'freezes'),
      [
        {
          id: 'freezes',
          kind: 'freezes',
          name: 'Planlagt nedetid IKT: frysperioder',
          url: 'https://nedetid.example.no/feeds/freezes.ics',
          webcal: 'webcal://nedetid.example.no/feeds/freezes.ics',
        },
      ],
    );
  });

  test('a schedule without freezes has no freezes feed: 404 saying why, and none listed', async (t) => {
    const { app } = testApp(t, { feeds: feedsFrom(EDGE_CASES) });
    const res = await app.inject('/feeds/freezes.ics');
    assert.equal(res.statusCode, 404);
    assert.match(res.json().message, /the schedule has no freezes/);
    const feeds = (await app.inject('/api/feeds')).json().feeds as { kind: string }[];
    assert.ok(feeds.length > 0 && feeds.every((f) => f.kind !== 'freezes'));
  });

  test('/api/status and the maintenance gauges show nothing down during a freeze', async (t) => {
    const { app } = testApp(t, { now: () => IN_FREEZE });
    const status = (await app.inject('/api/status')).json<{ down: string[]; systems: { windows: unknown[] }[] }>();
    assert.deepEqual(status.down, []);
    assert.ok(status.systems.every((s) => s.windows.length === 0));
    const metrics = (await app.inject('/metrics')).body;
    assert.deepEqual(
      [...metrics.matchAll(/^nedetid_maintenance_active\{system="[^"]+"\} (\d)$/gm)].map((m) => m[1]),
      ['0', '0', '0', '0', '0', '0'],
    );
  });
});

describe('the page section of coming freezes', () => {
  test('the page lists coming freezes in a section of their own, with the planners feed', async (t) => {
    const { app } = testApp(t, { now: () => BEFORE });
    const body = (await app.inject('/')).body;
    const section = /<section aria-labelledby="frys" class="freezes">([\s\S]*?)<\/section>/.exec(body)?.[1];
    assert.ok(section, 'no freeze section');
    assert.match(section, /<h2 id="frys">Frysperioder<\/h2>/);
    assert.match(section, /onsdag 23\. desember 2026 00:00–søn\. 3\. jan\. 00:00/);
    assert.match(section, /<p class="title">Julefrys – ingen planlagt nedetid<\/p>/);
    assert.match(section, /Visma økonomi, GAT, Servere i regionen, Internett, IP-telefoni/);
    assert.match(section, /<a href="feeds\/freezes\.ics">/);
    // Not a staff subscription: the Abonner table does not offer it.
    assert.doesNotMatch(body.slice(body.indexOf('id="abonner"')), /freezes\.ics/);
  });

  test('the page in English names the section Freeze periods', async (t) => {
    const { app } = testApp(t, { now: () => BEFORE });
    assert.match((await app.inject('/?lang=en')).body, /<h2 id="frys">Freeze periods<\/h2>/);
  });

  test('a schedule without freezes has no freeze section', async (t) => {
    const { app } = testApp(t, { feeds: feedsFrom(EDGE_CASES), now: () => BEFORE });
    assert.doesNotMatch((await app.inject('/')).body, /id="frys"/);
  });
});
