import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { expandSchedule } from '../../src/occurrences/expand-window.js';
import type { Schedule } from '../../src/schedule/schedule.js';
import { expandWithIcalJs } from '../helpers/icaljs-expand.js';
import { EDGE_CASES, feedsFrom, feedText, scheduleFrom, SHIPPED } from '../helpers/load.js';

const ZONE = 'Europe/Oslo';

/** The service's own expansion, in the same text form as the parser helper. */
function ownExpansion(schedule: Schedule, from: string, to: string, include?: (id: string) => boolean) {
  const text = (d: DateTime, allDay: boolean) => (allDay ? d.toISODate()! : d.setZone(ZONE).toFormat("yyyy-MM-dd'T'HH:mm"));
  return expandSchedule(schedule, DateTime.fromISO(from, { zone: ZONE }), DateTime.fromISO(to, { zone: ZONE }), (w) => !include || include(w.id)).map(
    (o) => `${o.start.toISO() && text(o.start, o.allDay)} ${text(o.end, o.allDay)} ${o.window.id}`,
  );
}

function parsed(ics: string, from: string, to: string) {
  return expandWithIcalJs(ics, from, to).map((o) => `${o.start} ${o.end} ${o.uid.replace(/(-\d{8})?@.*$/, '')}`);
}

test('the shipped schedule, expanded by ical.js for 2022, gives the source document dates and times', () => {
  const feeds = feedsFrom(SHIPPED);
  const all = expandWithIcalJs(feedText(feeds, 'feeds/all.ics'), '2022-01-01', '2023-01-01');
  const by = (prefix: string) => all.filter((o) => o.uid.startsWith(prefix)).map((o) => `${o.start}/${o.end.slice(11)}`);
  // "Vedlikeholdsdatoer for 2022 (mellom klokken 16.00 og 19.00)", no July.
  assert.deepEqual(by('gjovikregionen-manedlig@'), [
    '2022-01-19T16:00/19:00',
    '2022-02-16T16:00/19:00',
    '2022-03-16T16:00/19:00',
    '2022-04-20T16:00/19:00',
    '2022-05-18T16:00/19:00',
    '2022-06-22T16:00/19:00',
    '2022-08-17T16:00/19:00',
    '2022-09-21T16:00/19:00',
    '2022-10-19T16:00/19:00',
    '2022-11-16T16:00/19:00',
    '2022-12-14T16:00/19:00',
  ]);
  // "Hver 4. tirsdag i måneden", from 17:00, up to an hour.
  assert.deepEqual(by('ist-manedlig@'), [
    '2022-01-25T17:00/18:00',
    '2022-02-22T17:00/18:00',
    '2022-03-22T17:00/18:00',
    '2022-04-26T17:00/18:00',
    '2022-05-24T17:00/18:00',
    '2022-06-28T17:00/18:00',
    '2022-07-26T17:00/18:00',
    '2022-08-23T17:00/18:00',
    '2022-09-27T17:00/18:00',
    '2022-10-25T17:00/18:00',
    '2022-11-22T17:00/18:00',
    '2022-12-27T17:00/18:00',
  ]);
  // "Lørdag 26.03.22 ... mellom 12.00 - 18.00": the day before summer time starts.
  assert.deepEqual(by('servere-2022-03-26@'), ['2022-03-26T12:00/18:00']);
  // Visma down Monday 13 June, possibly also 14 June (tentative).
  const visma = all.filter((o) => o.uid.startsWith('visma-'));
  assert.deepEqual(
    visma.map((o) => [o.start, o.end, o.status]),
    [
      ['2022-06-13', '2022-06-14', 'CONFIRMED'],
      ['2022-06-14', '2022-06-15', 'TENTATIVE'],
    ],
  );
  assert.equal(all.length, 11 + 12 + 1 + 2);
});

test('edge cases expand in ical.js to the occurrences written out by hand, across both DST changes', () => {
  const feeds = feedsFrom(EDGE_CASES);
  const got = parsed(feedText(feeds, 'feeds/all.ics'), '2022-01-01', '2023-01-02');
  const expected = [
    '2022-01-13T07:00 2022-01-13T09:00 moves', // moved to another time on its own (first) date
    '2022-01-29T23:00 2022-01-30T04:00 overnight',
    '2022-01-30T10:00 2022-01-30T11:00 last-sunday',
    '2022-02-26T23:00 2022-02-27T04:00 overnight',
    '2022-02-27T10:00 2022-02-27T11:00 last-sunday',
    '2022-03-08T18:00 2022-03-08T20:00 moves', // moved to an earlier day (2022-02-10 is excepted)
    '2022-03-26T12:00 2022-03-26T18:00 alt',
    '2022-03-26T23:00 2022-03-27T05:00 overnight', // 5 h across spring-forward: ends 05:00 CEST
    '2022-03-27T10:00 2022-03-27T11:00 last-sunday', // the DST day itself, still 10:00
    '2022-04-21T09:30 2022-04-21T11:30 moves', // later day and other time
    '2022-04-24T10:00 2022-04-24T11:00 last-sunday',
    '2022-04-30T23:00 2022-05-01T04:00 overnight',
    '2022-05-01T08:00 2022-05-01T08:30 first-of-month',
    '2022-05-28T23:00 2022-05-29T04:00 overnight',
    '2022-05-29T10:00 2022-05-29T11:00 last-sunday',
    '2022-06-01T08:00 2022-06-01T08:30 first-of-month',
    '2022-06-09T18:00 2022-06-09T20:00 moves',
    '2022-06-20T18:00 2022-06-20T20:00 moves', // 12 May moved past 9 June: a stand-alone event
    '2022-06-25T23:00 2022-06-26T04:00 overnight',
    '2022-06-26T10:00 2022-06-26T11:00 last-sunday',
    '2022-07-30T23:00 2022-07-31T04:00 overnight', // 31 July last-sunday is excepted
    '2022-08-01T08:00 2022-08-01T08:30 first-of-month', // no 1 July: BYMONTH leaves it out
    '2022-08-27T23:00 2022-08-28T04:00 overnight',
    '2022-08-28T10:00 2022-08-28T11:00 last-sunday',
    '2022-09-01T08:00 2022-09-01T08:30 first-of-month', // UNTIL on the last occurrence's day
    '2022-09-24T23:00 2022-09-25T04:00 overnight',
    '2022-09-25T10:00 2022-09-25T11:00 last-sunday',
    '2022-10-29T23:00 2022-10-30T03:00 overnight', // 5 h across fall-back: ends 03:00 CET
    '2022-10-30T03:00 2022-10-30T05:00 tekst',
    '2022-10-30T10:00 2022-10-30T11:00 last-sunday',
    '2022-11-26T23:00 2022-11-27T04:00 overnight',
    '2022-11-27T10:00 2022-11-27T11:00 last-sunday',
    '2022-12-25T10:00 2022-12-25T11:00 last-sunday',
    '2022-12-27 2022-12-30 romjul', // three all-day days, DTEND exclusive
    '2022-12-31T23:00 2023-01-01T04:00 overnight',
  ];
  assert.deepEqual(got, expected);
});

test('ical.js and the service expand every feed of both schedules identically', () => {
  for (const file of [SHIPPED, EDGE_CASES]) {
    const schedule = scheduleFrom(file);
    const feeds = feedsFrom(file);
    for (const feed of feeds.feeds) {
      const ids = new Set(schedule.windows.filter(feed.definition.includes).map((w) => w.id));
      for (const [from, to] of [
        ['2022-01-01', '2023-01-02'],
        ['2026-11-01', '2028-01-01'],
      ] as const) {
        assert.deepEqual(parsed(feed.body.toString(), from, to), ownExpansion(schedule, from, to, (id) => ids.has(id)), `${file} ${feed.definition.path} ${from}`);
      }
    }
  }
});
