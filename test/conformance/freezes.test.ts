import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shortUid } from '../fixtures/expected-occurrences.js';
import { expandWithIcalJs } from '../helpers/icaljs-expand.js';
import { feedsFrom, ROOT, SHIPPED } from '../helpers/load.js';
import { outlookExpand } from '../helpers/outlook-model.js';
import { ownFeedExpansion } from '../helpers/own-expansion.js';
import { PARSERS } from './parsers.js';

/**
 * The freezes feed and the dates `on-freeze: skip` leaves out, read by the parsers we did not
 * write and by the Outlook model: the planners' feed holds exactly the freeze periods, the staff
 * feeds hold none of them, and a skipped date is gone from the series everywhere.
 */
const FIXTURE = `${ROOT}test/fixtures/freezes.yaml`;
const FROM = '2024-01-01';
const TO = '2030-01-01';
const RENDERED = new Date('2026-11-27T12:00:00Z');
const feeds = feedsFrom(FIXTURE, RENDERED);
const dir = mkdtempSync(join(tmpdir(), 'nedetid-freezes-'));
const custom = feeds.customFeed(['skole', 'okonomi']);
const files = [...feeds.feeds, custom].map((f) => {
  const path = join(dir, f.definition.path.replace(/\?systems=/, '-'));
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, f.body);
  return { path, feed: f };
});
const inCI = process.env.CI === 'true';
const FREEZE_IDS = ['jul', 'valg', 'telling', 'skolestart'];

/** The skipped dates of the fixture: in a freeze on the window's systems (skole through depends-on). */
const SKIPPED = [
  '2024-12-24T17:00 2024-12-24T18:00 okonomi-manedlig',
  '2025-12-23T17:00 2025-12-23T18:00 okonomi-manedlig',
  '2024-08-15T05:00 2024-08-15T07:00 nett-daglig',
  '2027-03-26T05:00 2027-03-26T07:00 nett-daglig',
];

describe('freezes feed', () => {
  test('the service expands feeds/freezes.ics to every freeze period and no window', () => {
    const lines = ownFeedExpansion(feeds.schedule, FROM, TO, feeds.get('feeds/freezes.ics')!.definition);
    assert.ok(lines.includes('2024-12-23T00:00 2025-01-03T00:00 jul'));
    assert.ok(lines.includes('2025-09-07T00:00 2025-09-09T00:00 valg'));
    assert.ok(lines.includes('2027-03-26 2027-03-29 telling'));
    assert.ok(lines.includes('2026-08-15T06:00 2026-08-15T18:00 skolestart'));
    assert.deepEqual([...new Set(lines.map((l) => l.split(' ')[2]))].sort(), [...FREEZE_IDS].sort());
  });

  test('freezes never appear in the staff feeds (combined, system, provider, custom)', () => {
    for (const { feed } of files) {
      const uids = [...feed.body.toString('utf8').matchAll(/^UID:([^@]+)@/gm)].map((m) => m[1]!.replace(/-\d{8}$/, ''));
      if (feed.definition.kind === 'freezes') assert.deepEqual([...new Set(uids)].sort(), [...FREEZE_IDS].sort());
      else {
        assert.ok(uids.length > 0, `${feed.definition.path} has events`);
        for (const id of FREEZE_IDS) assert.ok(!uids.includes(id), `${feed.definition.path} holds freeze ${id}`);
      }
    }
  });

  test('the shipped schedule publishes its Christmas freeze in feeds/freezes.ics only', () => {
    const shipped = feedsFrom(SHIPPED, RENDERED);
    const planners = shipped.get('feeds/freezes.ics')!.body.toString('utf8');
    assert.match(planners, /^UID:jul@nedetid\.example\.no\r$/m);
    assert.match(planners, /^RRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=23\r$/m);
    for (const f of shipped.feeds.filter((x) => x.definition.kind !== 'freezes'))
      assert.doesNotMatch(f.body.toString('utf8'), /UID:jul@/, f.definition.path);
  });

  test('on-freeze: skip writes the dates in a freeze as EXDATE in the local time of DTSTART', () => {
    const all = feeds.get('feeds/all.ics')!.body.toString('utf8');
    assert.match(all, /EXDATE;TZID=Europe\/Oslo:20241224T170000,20251223T170000,20271228T170000/);
    assert.match(all, /EXDATE;TZID=Europe\/Oslo:20240815T050000,20250815T050000,20270326T050000\r\n/);
    const own = ownFeedExpansion(feeds.schedule, FROM, TO, feeds.get('feeds/all.ics')!.definition);
    for (const s of SKIPPED) assert.ok(!own.includes(s), `the service still has ${s}`);
  });
});

describe('freezes in the Outlook model', () => {
  for (const path of ['feeds/freezes.ics', 'feeds/all.ics', 'feeds/systems/skole.ics']) {
    test(`${path}: Outlook keeps every series and shows what ical.js reads and the schedule means`, () => {
      const feed = feeds.get(path)!;
      const ics = feed.body.toString('utf8');
      const outlook = outlookExpand(ics, new Date('2023-12-01T00:00:00Z'), new Date('2030-02-01T00:00:00Z'));
      assert.deepEqual(outlook.dropped, [], `${path}: Outlook drops series`);
      assert.deepEqual(outlook.problems, [], `${path}: Outlook distorts series`);
      const inRange = (lines: string[]) => lines.filter((l) => l.slice(0, 10) >= FROM && l.slice(0, 10) < TO).sort();
      const meant = inRange(ownFeedExpansion(feeds.schedule, FROM, TO, feed.definition));
      assert.deepEqual(inRange(outlook.occurrences.map((o) => `${o.start} ${o.end} ${shortUid(o.uid)}`)), meant);
      const icaljs = expandWithIcalJs(ics, FROM, TO).map((o) => `${o.start} ${o.end} ${shortUid(o.uid)}`);
      assert.deepEqual(inRange(icaljs), meant);
    });
  }
});

describe('freezes in four parsers', () => {
  for (const parser of PARSERS) {
    const skip =
      parser.missing && !inCI ? `${parser.name} is not installed here: apt-get install ${parser.missing}` : false;
    test(`${parser.name} reads the freezes feed and the skipped dates as the service expands them`, { skip }, () => {
      const results = parser.run(files.map((f) => ({ file: f.path, from: FROM, to: TO })));
      files.forEach((f, i) => {
        const r = results[i]!;
        const path = f.feed.definition.path;
        assert.deepEqual(r.errors, [], `${parser.name} ${path}`);
        const got = r.occurrences.map(shortUid).sort();
        assert.deepEqual(got, ownFeedExpansion(feeds.schedule, FROM, TO, f.feed.definition), `${parser.name} ${path}`);
        for (const s of SKIPPED) assert.ok(!got.includes(s), `${parser.name} ${path} still shows ${s}`);
      });
    });
  }
});
