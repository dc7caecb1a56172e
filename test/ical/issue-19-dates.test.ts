import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FeedSet } from '../../src/feeds/feed-set.js';
import { templateForm } from '../../src/ical/outlook-templates.js';
import { explainWindow } from '../../src/ical/render-window.js';
import { parseSchedule } from '../../src/schedule-file/parse-schedule.js';
import { fixedClock } from '../../src/time/clock.js';
import { shortUid } from '../fixtures/expected-occurrences.js';
import { expandWithIcalJs } from '../helpers/icaljs-expand.js';
import { CLOCK_RULES, feedsFrom, OUTLOOK_RULES, SHIPPED } from '../helpers/load.js';
import { outlookExpand, outlookTemplate } from '../helpers/outlook-model.js';
import { ownExpansion } from '../helpers/own-expansion.js';
import { runCli } from '../helpers/run-cli.js';

/** A schedule of one system in Oslo with the windows given as YAML, its feeds rendered at `now`. */
function feedsOf(windows: string, now: Date): FeedSet {
  const text = `calendar: { name: T, timezone: Europe/Oslo, domain: t.example.no }
providers: { p: { name: P } }
systems: { s: { name: S } }
windows:
${windows}`;
  const clock = fixedClock(now);
  return new FeedSet(parseSchedule(text, 't.yaml', { clock: () => clock }).schedule, undefined, clock);
}

const all = (feeds: FeedSet) => feeds.get('feeds/all.ics')!.body.toString('utf8');

/** "START END ID" lines as ical.js and Outlook (the model) read a feed, and as the schedule means it. */
function readings(feeds: FeedSet, from: string, to: string) {
  const ics = all(feeds);
  const outlook = outlookExpand(ics, new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`));
  const line = (o: { start: string; end: string; uid: string }) => `${o.start} ${o.end} ${shortUid(o.uid)}`;
  const inRange = (lines: string[]) => lines.filter((l) => l.slice(0, 10) >= from && l.slice(0, 10) < to).sort();
  return {
    icaljs: inRange(expandWithIcalJs(ics, from, to).map(line)),
    outlook: inRange(outlook.occurrences.map(line)),
    dropped: outlook.dropped,
    problems: outlook.problems,
    meant: inRange(ownExpansion(feeds.schedule, from, to)),
  };
}

/** The last Sunday of March, by date arithmetic alone. */
function lastSundayOfMarch(year: number): string {
  const d = new Date(Date.UTC(year, 2, 31));
  d.setUTCDate(31 - d.getUTCDay());
  return d.toISOString().slice(0, 10);
}

describe('issue 19.1: horizons count from now', () => {
  test('regression: a yearly 01:30 + PT3H window from 2005 published nothing from 2025 on', () => {
    const window = `  - { id: w, title: W, provider: p, systems: [s], repeat: "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", from: 2005-01-01, time: "01:30", duration: PT3H }\n`;
    for (const [rendered, years] of [
      ['2026-11-27T12:00:00Z', [2025, 2026, 2030, 2045]],
      ['2040-06-15T12:00:00Z', [2040, 2055, 2059]],
    ] as const) {
      const feeds = feedsOf(window, new Date(rendered));
      const r = readings(feeds, '2005-01-01', '2061-01-01');
      // 01:30 CET + 3 real hours is 05:30 CEST on every one of them.
      for (const y of years) {
        const day = lastSundayOfMarch(y);
        assert.ok(r.icaljs.includes(`${day}T01:30 ${day}T05:30 w`), `${rendered}: ical.js ${day}`);
        assert.ok(r.outlook.includes(`${day}T01:30 ${day}T05:30 w`), `${rendered}: Outlook ${day}`);
      }
      assert.deepEqual(
        r.icaljs,
        r.meant.filter((l) => r.icaljs.at(-1)! >= l),
      );
      assert.deepEqual(r.outlook, r.icaljs);
      // Twenty years of occurrences after the publishing month, however old `from` is.
      assert.equal(r.icaljs.at(-1)!.slice(0, 4), String(Number(rendered.slice(0, 4)) + 20));
      assert.deepEqual(r.dropped, []);
      assert.deepEqual(r.problems, []);
    }
  });

  test('regression: a weekly Saturday 22:00 + PT6H window from 2006 lost its DST overrides after January 2026', () => {
    const feeds = feedsOf(
      `  - { id: w, title: W, provider: p, systems: [s], repeat: "FREQ=WEEKLY;BYDAY=SA", from: 2006-01-01, time: "22:00", duration: PT6H }\n`,
      new Date('2026-11-27T12:00:00Z'),
    );
    const r = readings(feeds, '2026-01-01', '2046-01-01');
    // Six real hours: 05:00 after the spring change, 03:00 after the autumn one, in every reader.
    for (const reading of [r.icaljs, r.outlook, r.meant]) {
      for (const l of [
        '2026-03-28T22:00 2026-03-29T05:00 w',
        '2026-10-24T22:00 2026-10-25T03:00 w',
        '2040-03-24T22:00 2040-03-25T05:00 w',
        '2045-10-28T22:00 2045-10-29T03:00 w',
        '2040-06-02T22:00 2040-06-03T04:00 w',
      ])
        assert.ok(reading.includes(l), l);
    }
    assert.deepEqual(r.icaljs, r.meant);
    assert.deepEqual(r.outlook, r.meant);
  });

  test('regression: on-holiday: skip stopped skipping 20 years after from', () => {
    const text = `calendar: { name: T, timezone: Europe/Oslo, domain: t.example.no }
providers: { p: { name: P } }
systems: { s: { name: S } }
windows:
  - { id: w, title: W, provider: p, systems: [s], repeat: "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=17", from: 2005-01-01, time: "10:00", duration: PT1H, on-holiday: skip }
`;
    const clock = fixedClock(new Date('2026-11-27T12:00:00Z'));
    const t = parseSchedule(text, 't.yaml', { clock: () => clock }).schedule.windows[0]!.timing;
    assert.equal(t.kind, 'recurring');
    const skipped = t.kind === 'recurring' ? (t.skippedHolidays ?? []).map((s) => s.date.year) : [];
    // 17 May, Norway's national day, every year from 2005 through 2046.
    assert.deepEqual(
      skipped,
      Array.from({ length: 42 }, (_, i) => 2005 + i),
    );
  });

  test('check --explain says how far occurrences are written out, and when no series is written', async () => {
    const r = await runCli(['check', '--explain', '--years', '0', CLOCK_RULES], { NEDETID_NOW: '2026-11-27T12:00' });
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /^saturday-overnight: as written, Outlook's weekly template \(FREQ=WEEKLY;BYDAY=SA\) with \d+ overrides \(written out through 2046-10-31, a month further each month\)$/m,
    );
    assert.match(
      r.out,
      /^spring-night-2005: 42 single events \(written out through 2046-10-31, a month further each month\), because every occurrence crosses a clock change$/m,
    );
  });
});

describe('issue 19.2: end: is a local clock time', () => {
  test('regression: end "04:00" on 30 March 2025 was published as 01:00–05:00', () => {
    const feeds = feedsOf(
      `  - { id: clock, title: C, provider: p, systems: [s], repeat: "FREQ=MONTHLY;BYDAY=-1SU", from: 2025-01-01, time: "01:00", end: "04:00" }
  - { id: elapsed, title: E, provider: p, systems: [s], repeat: "FREQ=MONTHLY;BYDAY=-1SU", from: 2025-01-01, time: "01:00", duration: PT3H }
`,
      new Date('2025-01-15T12:00:00Z'),
    );
    const r = readings(feeds, '2025-01-01', '2026-01-01');
    for (const reading of [r.icaljs, r.outlook, r.meant]) {
      assert.deepEqual(
        reading.filter((l) => /T01:00 \S+ /.test(l) && /-(03|10)-/.test(l.slice(0, 10))),
        [
          // On the clock: 01:00–04:00 both nights (two real hours in March, four in October).
          '2025-03-30T01:00 2025-03-30T04:00 clock',
          // Elapsed: three real hours.
          '2025-03-30T01:00 2025-03-30T05:00 elapsed',
          '2025-10-26T01:00 2025-10-26T03:00 elapsed',
          '2025-10-26T01:00 2025-10-26T04:00 clock',
        ],
      );
    }
    assert.ok(r.icaljs.includes('2025-06-29T01:00 2025-06-29T04:00 clock'));
    assert.deepEqual(r.icaljs, r.meant);
    assert.deepEqual(r.outlook, r.meant);
    // The clock-change days are overrides with their own DTEND.
    assert.match(all(feeds), /RECURRENCE-ID;TZID=Europe\/Oslo:20250330T010000\r\n/);
  });

  test('the patch night (16:00–19:00 on a Wednesday) meets no clock change: the shipped feeds keep one plain series', () => {
    const feeds = feedsFrom(SHIPPED, new Date('2026-11-27T12:00:00Z'));
    const w = feeds.schedule.windows.find((x) => x.id === 'gjovikregionen-manedlig')!;
    assert.equal(w.timing.kind === 'recurring' && w.timing.endsOnClock, true);
    assert.doesNotMatch(explainWindow(w, feeds.schedule, feeds.month), /written out/);
  });
});

describe('issue 19.3: the smallest Outlook-exact form', () => {
  test('regression: BYMONTHDAY=-1 was published as a BYDAY=-1FR series with 69 overrides', () => {
    const feeds = feedsOf(
      `  - { id: w, title: W, provider: p, systems: [s], repeat: "FREQ=MONTHLY;BYMONTHDAY=-1", from: 2022-01-01, time: "10:00", duration: PT1H }\n`,
      new Date('2026-11-27T12:00:00Z'),
    );
    const ics = all(feeds);
    assert.match(ics, /\r\nRRULE:FREQ=MONTHLY;BYDAY=SU,MO,TU,WE,TH,FR,SA;BYSETPOS=-1\r\n/);
    assert.doesNotMatch(ics, /RECURRENCE-ID|EXDATE/);
    assert.equal(ics.match(/BEGIN:VEVENT/g)!.length, 1);
    const r = readings(feeds, '2022-01-01', '2032-01-01');
    assert.equal(r.outlook.length, 120);
    for (const day of ['2022-01-31', '2022-02-28', '2024-02-29', '2031-04-30'])
      assert.ok(r.outlook.includes(`${day}T10:00 ${day}T11:00 w`), day);
    assert.deepEqual(r.icaljs, r.meant);
    assert.deepEqual(r.outlook, r.meant);
    assert.deepEqual(r.dropped, []);
  });

  test('templateForm: the template a rule has the same dates in, or null', () => {
    const form = (rule: string) =>
      templateForm(rule.split(';').map((p) => p.split('=') as [string, string]))
        ?.map(([k, v]) => `${k}=${v}`)
        .join(';') ?? null;
    assert.equal(form('FREQ=MONTHLY;BYMONTHDAY=-1'), 'FREQ=MONTHLY;BYDAY=SU,MO,TU,WE,TH,FR,SA;BYSETPOS=-1');
    assert.equal(
      form('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1'),
      'FREQ=YEARLY;BYMONTH=2;BYDAY=SU,MO,TU,WE,TH,FR,SA;BYSETPOS=-1',
    );
    assert.equal(
      form('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1'),
      'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
    );
    assert.equal(form('FREQ=MONTHLY;BYDAY=TU;BYMONTHDAY=8,9,10,11,12,13,14'), 'FREQ=MONTHLY;BYDAY=2TU');
    assert.equal(form('FREQ=MONTHLY;BYDAY=SU;BYMONTHDAY=-7,-6,-5,-4,-3,-2,-1'), 'FREQ=MONTHLY;BYDAY=-1SU');
    assert.equal(form('FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR'), 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR');
    // No template has these dates.
    assert.equal(form('FREQ=MONTHLY;BYDAY=WE;BYMONTHDAY=16,17,18,19,20,21,22'), null);
    assert.equal(form('FREQ=MONTHLY;BYMONTHDAY=-2'), null);
    assert.equal(form('FREQ=DAILY;INTERVAL=2;BYDAY=MO'), null);
    // BYMONTHDAY=-1 in a yearly rule without BYMONTH is every month's last day (RFC 5545): no yearly form.
    assert.equal(form('FREQ=YEARLY;BYMONTHDAY=-1'), null);
  });

  test('the Outlook model maps the monthly-nth template with a weekday set (MS-OXCICAL 2.1.3.2.2.4; gromox rptMonthNth)', () => {
    for (const rule of [
      'FREQ=MONTHLY;BYDAY=SU,MO,TU,WE,TH,FR,SA;BYSETPOS=-1',
      'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
      'FREQ=MONTHLY;BYDAY=SA,SU;BYSETPOS=1',
      'FREQ=YEARLY;BYMONTH=2;BYDAY=SU,MO,TU,WE,TH,FR,SA;BYSETPOS=-1',
    ])
      assert.ok('template' in outlookTemplate(rule), rule);
    for (const rule of ['FREQ=MONTHLY;BYDAY=MO,TU,WE;BYSETPOS=-1', 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=5'])
      assert.ok('reason' in outlookTemplate(rule), rule);
  });

  test('last weekday, last workday and last day of the month: no series carries an override it does not need', () => {
    const feeds = feedsFrom(CLOCK_RULES, new Date('2026-11-27T12:00:00Z'));
    const explain = (id: string) =>
      explainWindow(
        feeds.schedule.windows.find((w) => w.id === id)!,
        feeds.schedule,
        feeds.month,
      );
    assert.equal(explain('last-thursday'), "as written, Outlook's monthly-nth template (FREQ=MONTHLY;BYDAY=-1TH)");
    assert.equal(
      explain('last-workday'),
      "as written, Outlook's monthly-nth template (FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1)",
    );
    // 01:00–04:00 on the clock: overrides only on the last days that are clock-change Sundays.
    assert.match(
      explain('last-day'),
      /^in the form Outlook writes, its monthly-nth template \(FREQ=MONTHLY;BYDAY=SU,MO,TU,WE,TH,FR,SA;BYSETPOS=-1\) with 6 overrides /,
    );
    const ics = all(feeds);
    const overrides = [
      ...ics.matchAll(/UID:last-day@klokke\.example\.no\r\n(?:.*\r\n)*?RECURRENCE-ID;TZID=Europe\/Oslo:(\d{8})/g),
    ].map((m) => m[1]);
    // The last days of March and October that are Sundays, up to the reach, by date arithmetic alone.
    const expected: string[] = [];
    for (let y = 2022; y <= 2046; y++)
      for (const m of [3, 10]) {
        const last = new Date(Date.UTC(y, m, 0));
        if (last.getUTCDay() === 0) expected.push(last.toISOString().slice(0, 10).replaceAll('-', ''));
      }
    assert.deepEqual(overrides, expected);
    assert.ok(overrides.length >= 6);
  });
});

describe('issue 19.4: client limits, warned', () => {
  test('check warns when a feed passes 1,000 events, naming the feed and Google Calendar', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nedetid-limits-'));
    const file = join(dir, 'schedule.yaml');
    // Daily with an offset: no template, so each date up to the rolling end is an event of its own.
    writeFileSync(
      file,
      `calendar: { name: T, timezone: Europe/Oslo, domain: t.example.no }
providers: { p: { name: P } }
systems: { s: { name: S }, t: { name: T } }
windows:
  - id: daily
    title: Daglig
    provider: p
    systems: [s]
    repeat: FREQ=DAILY
    offset: P1D
    from: 2026-01-01
    time: "03:00"
    duration: PT15M
  - { id: once, title: Once, provider: p, systems: [t], start: 2026-12-01T10:00, duration: PT1H }
`,
    );
    const r = await runCli(['check', '--years', '0', file], { NEDETID_NOW: '2026-11-27T12:00' });
    assert.equal(r.code, 0, r.err);
    const warnings = r.err.split('\n').filter((l) => l.includes('Google Calendar'));
    // The combined feed, the system's and the provider's; not the feed of system t.
    assert.deepEqual(
      warnings.map((l) => / warning: (\S+) holds/.exec(l)?.[1]),
      ['feeds/all.ics', 'feeds/systems/s.ics', 'feeds/providers/p.ics'],
    );
    for (const l of warnings) {
      assert.match(l, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:9:13: warning: `));
      assert.match(l, /holds 2,16\d events \(\d+ kB\); Google Calendar is reported to drop events .* 'daily'/);
    }
  });

  test('the shipped schedule and the rule fixtures stay well under both limits: no warning', async () => {
    for (const file of [SHIPPED, OUTLOOK_RULES, CLOCK_RULES]) {
      const r = await runCli(['check', '--years', '0', file], { NEDETID_NOW: '2026-11-27T12:00' });
      assert.equal(r.code, 0, r.err);
      assert.doesNotMatch(r.err, /Google Calendar/, file);
    }
  });
});

describe('issue 18.3: one clock', () => {
  test('regression: NEDETID_NOW did not reach the publishing month of check and build', async () => {
    const at = async (now: string) =>
      (await runCli(['check', '--explain', '--years', '0', OUTLOOK_RULES], { NEDETID_NOW: now })).out;
    assert.match(await at('2030-05-10T12:00'), /^fifth-friday: .*published through 2035-05-31 /m);
    assert.match(await at('2026-11-27T12:00'), /^fifth-friday: .*published through 2031-11-30 /m);
    const out = mkdtempSync(join(tmpdir(), 'nedetid-build-'));
    const r = await runCli(['build', '--config', OUTLOOK_RULES, '--out', out], { NEDETID_NOW: '2030-05-10T12:00' });
    assert.equal(r.code, 0, r.err);
    const { readFileSync } = await import('node:fs');
    const ics = readFileSync(join(out, 'feeds/all.ics'), 'utf8').replace(/\r\n /g, '');
    // The anchored series reach its last date in May 2035 (a rolling end counted from NEDETID_NOW), not from today.
    assert.match(ics, /\r\nRRULE:FREQ=MONTHLY;BYDAY=3WE;UNTIL=20350516T215959Z\r\n/);
  });
});
