import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FeedSet } from '../../src/feeds/feed-set.js';
import { parseSchedule } from '../../src/schedule-file/parse-schedule.js';
import { shortUid } from '../fixtures/expected-occurrences.js';
import { expandWithIcalJs } from '../helpers/icaljs-expand.js';
import { CLOCK_RULES, EDGE_CASES, feedsFrom, OUTLOOK_RULES, SHIPPED } from '../helpers/load.js';
import { outlookExpand } from '../helpers/outlook-model.js';
import { ownExpansion, ownFeedExpansion } from '../helpers/own-expansion.js';
import { fixedClock } from '../../src/time/clock.js';

/**
 * Outlook maps only six recurrence templates and drops any other series whole (MS-OXCICAL
 * 2.1.3.2.2). Every feed of the shipped schedule, the edge cases and the rules of issue 8 is
 * read by the Outlook model (test/helpers/outlook-model.ts): nothing may be dropped or distorted,
 * and what Outlook would show must equal what ical.js reads and what the schedule means, for
 * every year from 2022 through the rolling end of feeds rendered in November 2026 (2031-11-30).
 */
const RENDERED = new Date('2026-11-27T12:00:00Z');
const FROM = '2022-01-01';
const TO = '2031-12-01';

/** "START END WINDOW" lines starting in [FROM, TO), the form every expansion is compared in. */
const inRange = (lines: string[]) => lines.filter((l) => l.slice(0, 10) >= FROM && l.slice(0, 10) < TO).sort();

function outlookLines(ics: string): { lines: string[]; dropped: string[]; problems: string[] } {
  const r = outlookExpand(ics, new Date('2021-12-01T00:00:00Z'), new Date('2032-01-01T00:00:00Z'));
  return {
    lines: inRange(r.occurrences.map((o) => `${o.start} ${o.end} ${shortUid(o.uid)}`)),
    dropped: r.dropped.map((d) => `${d.uid}: ${d.reason}`),
    problems: r.problems.map((p) => `${p.uid}: ${p.kind}: ${p.message}`),
  };
}

/** The feeds of a schedule of one system and one provider in `zone`, with the windows given as YAML. */
function feedsOf(zone: string, windows: string): FeedSet {
  const text = `calendar: { name: T, timezone: ${zone}, domain: t.example.no }
providers: { p: { name: P } }
systems: { s: { name: S } }
windows:
${windows}`;
  return new FeedSet(parseSchedule(text, 't.yaml').schedule, undefined, fixedClock(RENDERED));
}

function everyFeed(feeds: FeedSet) {
  return [...feeds.feeds, feeds.customFeed(feeds.schedule.systems.slice(0, 2).map((s) => s.id))];
}

describe('the feeds in the Outlook model', () => {
  for (const [label, file] of [
    ['shipped', SHIPPED],
    ['edge-cases', EDGE_CASES],
    ['outlook-rules', OUTLOOK_RULES],
    ['clock-rules', CLOCK_RULES],
  ] as const) {
    test(`${label}: Outlook keeps every series of every feed, and shows what ical.js reads and the schedule means`, () => {
      const feeds = feedsFrom(file, RENDERED);
      const zone = feeds.schedule.calendar.timezone;
      for (const feed of everyFeed(feeds)) {
        const ics = feed.body.toString('utf8');
        const path = feed.definition.path;
        const outlook = outlookLines(ics);
        assert.deepEqual(outlook.dropped, [], `${path}: Outlook drops series`);
        assert.deepEqual(outlook.problems, [], `${path}: Outlook distorts series`);
        const meant = inRange(ownFeedExpansion(feeds.schedule, FROM, TO, feed.definition));
        assert.deepEqual(outlook.lines, meant, `${path}: Outlook`);
        const icaljs = inRange(
          expandWithIcalJs(ics, FROM, TO, zone).map((o) => `${o.start} ${o.end} ${shortUid(o.uid)}`),
        );
        assert.deepEqual(icaljs, meant, `${path}: ical.js`);
      }
    });
  }

  /** The Wednesday 8 days after the 2nd Tuesday, by date arithmetic alone (no rule library). */
  function patchNight(year: number, month: number): string {
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay(); // 0 = Sunday
    const secondTuesday = 1 + ((2 - first + 7) % 7) + 7;
    return `${year}-${String(month).padStart(2, '0')}-${String(secondTuesday + 8).padStart(2, '0')}`;
  }

  test('regression: Outlook dropped every Gjøvikregionen patch night (BYMONTH in a monthly rule); now 2022–2031 are all there, by rule', () => {
    const feeds = feedsFrom(SHIPPED, RENDERED);
    const outlook = outlookLines(feeds.get('feeds/systems/gat.ics')!.body.toString('utf8'));
    const nights = outlook.lines.filter((l) => l.endsWith(' gjovikregionen-manedlig')).map((l) => l.slice(0, 16));
    const expected: string[] = [];
    for (let year = 2022; year <= 2031; year++) {
      for (let month = 1; month <= 12; month++) {
        if (month === 7 || (year === 2031 && month === 12)) continue; // no July; the feed reaches November 2031
        // December 2022 was held a week early, before Christmas (the one `moved:` left).
        expected.push(`${year === 2022 && month === 12 ? '2022-12-14' : patchNight(year, month)}T16:00`);
      }
    }
    assert.deepEqual(nights, expected);
    // The source's 2022 list, as printed on the intranet page.
    assert.deepEqual(
      nights.filter((n) => n.startsWith('2022')).map((n) => n.slice(8, 10) + '.' + n.slice(5, 7)),
      ['19.01', '16.02', '16.03', '20.04', '18.05', '22.06', '17.08', '21.09', '19.10', '16.11', '14.12'],
    );
    // The months that start on a Wednesday, where the time bomb of hand-written moves was.
    for (const d of ['2028-03-22', '2028-11-22', '2029-08-22', '2030-05-22'])
      assert.ok(nights.includes(`${d}T16:00`), d);
  });

  test('tentative windows say so in the title, where Outlook (which shows busy status, not STATUS) shows it', () => {
    const feeds = feedsFrom(SHIPPED, RENDERED);
    const r = outlookExpand(
      feeds.get('feeds/systems/visma.ics')!.body.toString('utf8'),
      new Date('2022-06-01T00:00:00Z'),
      new Date('2022-07-01T00:00:00Z'),
    );
    const visma = r.occurrences.filter((o) => o.uid.startsWith('visma-2022-1'));
    assert.deepEqual(
      visma.map((o) => [o.start, o.busyStatus, o.tentativeVisible, o.summary]),
      [
        ['2022-06-13', 'free', false, 'Visma oppgraderes til 2022.1 – Visma er nede'],
        ['2022-06-14', 'free', true, 'Ikke bekreftet: Visma 2022.1 – Visma kan fortsatt være nede'],
      ],
    );
  });

  test('regression: a move next to a move published on its own was kept as an override onto the day of an instance', () => {
    // Found by the random-schedule test: 2 May goes back before 25 April (so it is published on its
    // own and excluded), then 9 May goes to 25 April, the day of an instance. Outlook refuses that
    // override; it must be published on its own too.
    const feeds = feedsOf(
      'Europe/Oslo',
      `  - id: w
    title: W
    provider: p
    systems: [s]
    repeat: FREQ=WEEKLY;BYDAY=MO
    from: 2022-01-01
    until: 2022-12-31
    time: "00:00"
    duration: PT15M
    moved:
      - { date: 2022-05-02, to: 2022-04-24 }
      - { date: 2022-05-09, to: 2022-04-25 }
`,
    );
    const ics = feeds.get('feeds/all.ics')!.body.toString('utf8');
    const outlook = outlookLines(ics);
    assert.deepEqual(outlook.problems, []);
    assert.deepEqual(outlook.dropped, []);
    assert.deepEqual(outlook.lines, inRange(ownExpansion(feeds.schedule, FROM, TO)));
    // Both moves are events of their own; the series excludes their dates.
    assert.match(ics, /UID:w-20220502@t\.example\.no/);
    assert.match(ics, /UID:w-20220509@t\.example\.no/);
    assert.doesNotMatch(ics, /RECURRENCE-ID/);
  });

  test('regression: an occurrence ending in the repeated hour of October had a local DTEND Outlook reads an hour late', () => {
    // Found by the random-schedule test: 20:15 + 5 h 45 min ends at 02:00 on the night summer time
    // ends, a local time that happens twice. Outlook's reading (standard time) made the occurrence
    // an hour longer; the end is now written in UTC and the occurrence stays out of DTSTART.
    const feeds = feedsOf(
      'Europe/Oslo',
      `  - id: w
    title: W
    provider: p
    systems: [s]
    repeat: FREQ=YEARLY;BYMONTH=1,10;BYDAY=4SA
    from: 2023-01-01
    until: 2025-06-19
    time: "20:15"
    duration: PT345M
`,
    );
    const ics = feeds.get('feeds/all.ics')!.body.toString('utf8');
    const outlook = outlookLines(ics);
    assert.deepEqual(outlook.problems, []);
    assert.deepEqual(outlook.lines, inRange(ownExpansion(feeds.schedule, FROM, TO)));
    assert.ok(outlook.lines.includes('2023-10-28T20:15 2023-10-29T02:00 w'));
    assert.match(ics, /\r\nDTEND:20231029T000000Z\r\n/);
  });

  test('regression: a one-off whose duration ended in the spring gap crashed the load (internal: not a single instant)', () => {
    // Found by the random-schedule test: 10:00 + 16 h on 13 March 2027 in New York ends at 02:00 on
    // the night the clocks go forward, a local time that does not exist. A duration is elapsed time.
    const feeds = feedsOf(
      'America/New_York',
      `  - { id: w, title: W, provider: p, systems: [s], start: 2027-03-13T10:00, duration: PT16H }
  - { id: v, title: V, provider: p, systems: [s], start: 2027-11-06T10:00, duration: PT15H30M }
`,
    );
    const ics = feeds.get('feeds/all.ics')!.body.toString('utf8');
    // 16 real hours: 03:00 EDT; 15 h 30 min into the autumn night: 01:30 EDT, the first of the two 01:30s.
    assert.deepEqual(inRange(ownExpansion(feeds.schedule, FROM, TO)), [
      '2027-03-13T10:00 2027-03-14T03:00 w',
      '2027-11-06T10:00 2027-11-07T01:30 v',
    ]);
    assert.deepEqual(outlookLines(ics).lines, inRange(ownExpansion(feeds.schedule, FROM, TO)));
    assert.deepEqual(
      expandWithIcalJs(ics, FROM, TO, 'America/New_York').map((o) => `${o.start} ${o.end}`),
      ['2027-03-13T10:00 2027-03-14T03:00', '2027-11-06T10:00 2027-11-07T01:30'],
    );
    assert.match(ics, /\r\nDTEND:20271107T053000Z\r\n/);
  });
});
