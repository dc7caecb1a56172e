import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { EDGE_CASES, feedsFrom, feedText, ROOT, SHIPPED } from '../helpers/load.js';
import { FeedSet } from '../../src/feeds/feed-set.js';
import { loadText } from '../../src/feeds/load-feeds.js';
import { lintFeed } from '../../src/ical/lint-feed.js';
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import { fixedClock } from '../../src/time/clock.js';

function vevents(ics: string): string[][] {
  return ics
    .replace(/\r\n /g, '')
    .split('BEGIN:VEVENT\r\n')
    .slice(1)
    .map((b) => b.split('\r\n'));
}

describe('rendering windows into feeds', () => {
  test('regression: feed bytes do not depend on the process time zone (ical-generator native Date trap)', () => {
    const script = `import { feedsFrom } from './test/helpers/load.ts'; process.stdout.write(feedsFrom(${JSON.stringify(EDGE_CASES)}).get('feeds/all.ics').body.toString('base64'))`;
    const run = (tz: string) =>
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: ROOT,
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      });
    const utc = run('UTC');
    assert.equal(run('America/New_York'), utc);
    assert.equal(run('Asia/Kolkata'), utc);
    assert.equal(Buffer.from(utc, 'base64').toString(), feedText(feedsFrom(EDGE_CASES), 'feeds/all.ics'));
  });

  test('regression: DTSTAMP, LAST-MODIFIED and UNTIL are UTC; no floating times; one DTSTART per event', () => {
    for (const file of [SHIPPED, EDGE_CASES]) {
      const ics = feedText(feedsFrom(file), 'feeds/all.ics');
      for (const lines of vevents(ics)) {
        assert.equal(lines.filter((l) => /^DTSTART[;:]/.test(l)).length, 1, lines.join('\n'));
        for (const l of lines.filter((l) => /^(DTSTAMP|LAST-MODIFIED):/.test(l))) assert.match(l, /:\d{8}T\d{6}Z$/);
        for (const l of lines.filter((l) => l.startsWith('RRULE:') && l.includes('UNTIL=')))
          assert.match(l, /UNTIL=\d{8}T\d{6}Z/);
        for (const l of lines.filter((l) => /^(DTSTART|DTEND|RECURRENCE-ID|EXDATE)[;:]/.test(l))) {
          assert.match(
            l,
            /^[A-Z-]+(;TZID=Europe\/Oslo:\d{8}T\d{6}(,\d{8}T\d{6})*|;VALUE=DATE:\d{8})$/,
            `floating or UTC time: ${l}`,
          );
        }
      }
      assert.doesNotMatch(ics, /^(TIMEZONE-ID|X-WR-TIMEZONE|RDATE)/m);
    }
  });

  test('regression: UNTIL has a margin to the end of the last local day', () => {
    const ics = feedText(feedsFrom(EDGE_CASES), 'feeds/all.ics').replace(/\r\n /g, '');
    // first-of-month ends 2022-09-01 (CEST): 23:59:59 local is 21:59:59Z. Its September series
    // (the rule has BYMONTH, so it is one yearly series per month for Outlook) ends there.
    assert.match(ics, /RRULE:FREQ=YEARLY;BYMONTHDAY=1;BYMONTH=9;UNTIL=20220901T215959Z\r\n/);
  });

  test('EXDATE carries the TZID and local time of DTSTART; overrides share the series UID', () => {
    const events = vevents(feedText(feedsFrom(EDGE_CASES), 'feeds/all.ics')).filter((l) =>
      l.includes('UID:moves@test.example.no'),
    );
    const master = events.find((l) => l.some((x) => x.startsWith('RRULE:')))!;
    assert.ok(master.includes('DTSTART;TZID=Europe/Oslo:20220113T180000'));
    assert.ok(master.includes('EXDATE;TZID=Europe/Oslo:20220210T180000,20220512T180000'));
    const overrides = events.filter((l) => l.some((x) => x.startsWith('RECURRENCE-ID')));
    assert.deepEqual(
      overrides.map((l) => l.find((x) => x.startsWith('RECURRENCE-ID'))),
      [
        'RECURRENCE-ID;TZID=Europe/Oslo:20220113T180000',
        'RECURRENCE-ID;TZID=Europe/Oslo:20220310T180000',
        'RECURRENCE-ID;TZID=Europe/Oslo:20220414T180000',
      ],
    );
    for (const o of overrides) assert.ok(o.includes('SEQUENCE:0'));
  });

  test('windows are free time, not meetings; tentative ones say so, in the title too (Outlook shows no STATUS)', () => {
    const ics = feedText(feedsFrom(EDGE_CASES), 'feeds/all.ics');
    for (const lines of vevents(ics)) {
      assert.ok(lines.includes('TRANSP:TRANSPARENT'));
      assert.ok(lines.includes('X-MICROSOFT-CDO-BUSYSTATUS:FREE'));
    }
    const tekst = vevents(ics).find((l) => l.includes('UID:tekst@test.example.no'))!;
    assert.ok(tekst.includes('STATUS:TENTATIVE'));
    assert.ok(
      tekst.includes(
        'SUMMARY:Ikke bekreftet: Æøå\\; komma\\, «sitat» \\\\ backslash 🚧 og en lang tittel som må brettes over flere linjer i kalenderen',
      ),
    );
    assert.ok(
      tekst.some(
        (l) =>
          l.startsWith('DESCRIPTION:Ikke bekreftet') &&
          l.includes('Linje én\\nLinje to\\; med semikolon\\, komma og emoji 🛠️'),
      ),
    );
  });

  test('calendar head: METHOD only with an organizer, both name properties, refresh hints, one VTIMEZONE per TZID used', () => {
    const ics = feedText(feedsFrom(SHIPPED), 'feeds/systems/visma.ics');
    assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:'));
    assert.ok(ics.endsWith('END:VCALENDAR\r\n'));
    // No organizer in the shipped schedule: no METHOD (Outlook assumes PUBLISH), no ORGANIZER.
    assert.doesNotMatch(ics, /^(METHOD|ORGANIZER)/m);
    const withOrganizer = feedText(feedsFrom(EDGE_CASES), 'feeds/all.ics');
    assert.match(withOrganizer, /\r\nMETHOD:PUBLISH\r\n/);
    assert.equal(
      withOrganizer.match(/\r\nORGANIZER;CN="Drift, IKT":mailto:drift@test.example.no\r\n/g)!.length,
      withOrganizer.match(/BEGIN:VEVENT/g)!.length,
    );
    for (const line of [
      'NAME:Planlagt nedetid IKT: Visma økonomi',
      'X-WR-CALNAME:Planlagt nedetid IKT: Visma økonomi',
      'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
      'X-PUBLISHED-TTL:PT1H',
      'TZID:Europe/Oslo',
    ]) {
      assert.ok(ics.includes(`\r\n${line}\r\n`), line);
    }
    assert.equal(ics.match(/BEGIN:VTIMEZONE/g)!.length, 1);
    assert.doesNotMatch(ics.replace(/\r\n/g, ''), /\n/, 'bare LF');
  });

  test('regression: a rule whose dates all lie beyond the rolling publication end made a bare CRLF and failed the whole load', () => {
    const text = `calendar: { name: T, timezone: Europe/Oslo, domain: t.example }
providers: { p: { name: P } }
systems: { s: { name: S } }
windows:
  - { id: later, title: Later, provider: p, systems: [s], repeat: "FREQ=MONTHLY;BYDAY=5FR", from: 2040-01-01, until: 2040-12-31, time: "10:00", duration: PT1H }
  - { id: now, title: Now, provider: p, systems: [s], start: 2026-12-01T10:00, duration: PT1H }
`;
    const { schedule, rendered } = loadText(Buffer.from(text), 't.yaml', new Date('2026-11-27T12:00:00Z'));
    const texts = new Map(rendered.windowText);
    // Nothing to publish yet for `later` (it enters the feeds when its months come within reach).
    assert.equal(texts.get('later'), '');
    assert.match(texts.get('now')!, /^BEGIN:VEVENT\r\n/);
    const feeds = new FeedSet(schedule, undefined, fixedClock(new Date('2026-11-27T12:00:00Z')), rendered);
    assert.deepEqual(lintFeed(feeds.get('feeds/all.ics')!.body), []);
  });

  test('regression: calendar.timezone UTC failed the load (EXDATE with TZID=UTC against a UTC DTSTART)', () => {
    // ical-generator wrote an event in the zone named 'UTC' with UTC times (DTSTART:...Z) while
    // the EXDATE line named TZID=UTC; the lint refused the pair and every load answered "please report".
    const text = readFileSync(SHIPPED, 'utf8').replace('timezone: Europe/Oslo', 'timezone: UTC');
    assert.match(text, /timezone: UTC/);
    const loaded = loadText(Buffer.from(text), 'utc.yaml', new Date('2026-01-01T00:00:00Z'));
    const ics = new FeedSet(loaded.schedule, undefined, fixedClock(new Date('2026-01-01T00:00:00Z')), loaded.rendered)
      .get('feeds/all.ics')!
      .body.toString();
    assert.deepEqual(lintFeed(Buffer.from(ics)), []);
    const unfolded = ics.replace(/\r\n /g, '');
    assert.match(unfolded, /DTSTART;TZID=UTC:20220119T160000\r\n(?:.*\r\n){2}EXDATE;TZID=UTC:20220720T160000,/);
    // A parser we did not write reads the monthly IST window at 17:00 UTC.
    const ist = new ICAL.Component(ICAL.parse(ics))
      .getAllSubcomponents('vevent')
      .find((v) => v.getFirstPropertyValue('uid') === 'ist-manedlig@nedetid.example.no')!;
    assert.equal(new ICAL.Event(ist).startDate.toJSDate().toISOString(), '2022-01-25T17:00:00.000Z');
  });
});
