import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import ical, { ICalEventStatus, ICalEventTransparency, type ICalEventData } from 'ical-generator';
import { DateTime } from 'luxon';
import { cachedZone } from '../../src/time/cached-zone.js';
import { utcStamp } from '../../src/ical/date-stamps.js';
import { endIsAmbiguous } from '../../src/ical/series-layout.js';
import { veventLines, type VEventFields } from '../../src/ical/vevent-text.js';

/**
 * The events were written by ical-generator until issue 10 (its event objects and Luxon
 * formatting were a fifth of loading 10,000 windows). This renders the same fields the way
 * render-window.ts did then, as the reference the hand-written lines must equal byte for byte.
 */
const generator = ical({ timezone: { name: null } });
function byIcalGenerator(e: VEventFields): string {
  const data: ICalEventData = {
    id: e.uid,
    sequence: e.sequence,
    stamp: new Date(e.stamp),
    summary: e.summary,
    description: e.description,
    transparency: ICalEventTransparency.TRANSPARENT,
    status: ICalEventStatus[e.status],
    x: { 'X-MICROSOFT-CDO-BUSYSTATUS': 'FREE' },
    start: new Date(0),
  };
  if (e.lastModified !== undefined) data.lastModified = new Date(e.lastModified);
  if (e.organizer) data.organizer = e.organizer;
  const span = e.span;
  if (span.kind === 'days') {
    data.start = DateTime.fromMillis(span.first, { zone: 'utc' });
    data.end = DateTime.fromMillis(span.after, { zone: 'utc' });
    data.allDay = true;
  } else {
    data.start = DateTime.fromMillis(span.start, { zone: span.zone });
    data.end = DateTime.fromMillis(span.end, { zone: span.zone });
    data.timezone = span.zone;
    if (e.repeating) data.repeating = e.repeating.join('\n');
    if (e.recurrenceId !== undefined) data.recurrenceId = DateTime.fromMillis(e.recurrenceId, { zone: span.zone });
  }
  const text = generator.createEvent(data).toString();
  generator.clear();
  // What render-window.ts did after ical-generator: an end in a DST gap or overlap in UTC.
  if (span.kind === 'zoned' && endIsAmbiguous(span.end, span.zone))
    return text.replace(/^DTEND;TZID=[^:\r\n]+:\d{8}T\d{6}\r$/m, `DTEND:${utcStamp(span.end)}\r`);
  return text;
}

const FIRST = Date.UTC(2000, 0, 1);
const LAST = Date.UTC(2199, 11, 31);
const DAY = 86_400_000;
// Not 'UTC': ical-generator writes that zone's times as UTC (DTSTART:...Z) but our EXDATE lines
// named TZID=UTC, which failed the load; the zone is now written as named (render-window.test.ts).
const ZONES = [
  'Europe/Oslo',
  'Etc/UTC',
  'America/Santiago',
  'Australia/Lord_Howe',
  'Asia/Tehran',
  'America/Havana',
  'Pacific/Chatham',
  'Antarctica/Troll',
  'America/St_Johns',
  'Asia/Kathmandu',
];

/** Text with everything escaping and folding care about: , ; \ " : newlines, æøå, emoji. */
const text = fc
  .array(fc.constantFrom('a', 'Visma', ' ', 'æ', 'ø', 'Å', ',', ';', '\\', '"', ':', '\n', '\r\n', '\r', '😀', 'ẞ'), {
    maxLength: 60,
  })
  .map((parts) => parts.join(''));

/** Whole minutes, and often on or beside one of the zone's offset changes. */
function instantIn(zone: string) {
  const anyMinute = fc.integer({ min: FIRST / 60_000, max: LAST / 60_000 }).map((m) => m * 60_000);
  const nearChange = fc
    .tuple(fc.integer({ min: 2000, max: 2199 }), fc.nat(), fc.integer({ min: -120, max: 120 }))
    .map(([year, i, minutes]) => {
      const changes = cachedZone(zone).transitions(year);
      return changes.length === 0 ? Date.UTC(year, 5, 1) : changes[i % changes.length]! + minutes * 60_000;
    });
  return fc.oneof(anyMinute, nearChange);
}

const zonedSpan = fc.constantFrom(...ZONES).chain((zone) =>
  fc.record({
    span: fc
      .tuple(instantIn(zone), fc.integer({ min: 1, max: 2 * 1440 }))
      .map(([start, minutes]) => ({ kind: 'zoned' as const, zone, start, end: start + minutes * 60_000 })),
    recurrenceId: fc.option(instantIn(zone), { nil: undefined }),
    repeating: fc.option(
      fc.tuple(
        fc.constantFrom('RRULE:FREQ=MONTHLY;BYDAY=2TU', 'RRULE:FREQ=WEEKLY;INTERVAL=4;BYDAY=TU;UNTIL=20221231T225959Z'),
        fc.boolean(),
      ),
      { nil: undefined },
    ),
  }),
);

const daysSpan = fc
  .tuple(fc.integer({ min: FIRST / DAY, max: LAST / DAY }), fc.integer({ min: 1, max: 31 }))
  .map(([day, days]) => ({ span: { kind: 'days' as const, first: day * DAY, after: (day + days) * DAY } }));

const event: fc.Arbitrary<VEventFields> = fc
  .tuple(
    fc.record({
      uid: fc.stringMatching(/^[a-z0-9-]{1,20}@[a-z.]{1,15}$/),
      sequence: fc.integer({ min: 0, max: 10_000 }),
      stamp: fc.integer({ min: FIRST, max: LAST }),
      lastModified: fc.option(fc.integer({ min: FIRST, max: LAST }), { nil: undefined }),
      summary: text,
      description: text,
      status: fc.constantFrom('CONFIRMED' as const, 'TENTATIVE' as const, 'CANCELLED' as const),
      organizer: fc.option(fc.record({ name: text.filter((n) => n.trim() !== ''), email: fc.emailAddress() }), {
        nil: undefined,
      }),
    }),
    fc.oneof(zonedSpan, daysSpan),
  )
  .map(([fields, timing]) => {
    const e: VEventFields = { ...fields, span: timing.span };
    if ('repeating' in timing && timing.repeating) {
      const [rule, withExdate] = timing.repeating;
      e.repeating = withExdate ? [rule, `EXDATE;TZID=${timing.span.zone}:20220412T170000,20220510T170000`] : [rule];
    }
    if ('recurrenceId' in timing && timing.recurrenceId !== undefined) e.recurrenceId = timing.recurrenceId;
    // Optional fields absent rather than undefined, as render-window.ts builds them.
    for (const k of ['lastModified', 'organizer'] as const) if (e[k] === undefined) delete e[k];
    return e;
  });

describe('veventLines', () => {
  test('VEVENT lines written by hand equal ical-generator byte for byte, for every shape nedetid writes', () => {
    fc.assert(
      fc.property(event, (e) => {
        assert.equal(`${veventLines(e).join('\r\n')}\r\n`, byIcalGenerator(e));
      }),
      { numRuns: 4000 },
    );
  });

  test('an end in the autumn overlap is written in UTC; the start keeps its zone', () => {
    // Europe/Oslo 2022-10-30: 02:00-03:00 local happens twice. An event ending 02:30 CEST.
    const start = Date.UTC(2022, 9, 29, 22, 0);
    const end = Date.UTC(2022, 9, 30, 0, 30);
    const lines = veventLines({
      uid: 'x@y',
      sequence: 0,
      stamp: start,
      span: { kind: 'zoned', zone: 'Europe/Oslo', start, end },
      summary: 'S',
      description: 'D',
      status: 'CONFIRMED',
    });
    assert.ok(lines.includes('DTSTART;TZID=Europe/Oslo:20221030T000000'), lines.join('\n'));
    assert.ok(lines.includes('DTEND:20221030T003000Z'), lines.join('\n'));
  });
});
