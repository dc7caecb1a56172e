import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import rrule from 'rrule';
import { DateTime } from 'luxon';
import { parseRecurrenceRule } from '../../src/time/recurrence-rule.js';
import { expandWallClock, type RuleSpan } from '../../src/time/rrule-expand.js';
import { atTime } from '../../src/time/wall-clock.js';

const { RRule } = rrule;

/** What expandWallClock must equal: rrule.js run once per call from the window's own start. */
function reference(span: RuleSpan, rangeStart: DateTime, rangeEnd: DateTime, limit: number): number[] {
  const shift = span.offsetDays ?? 0;
  const options = { ...span.rule.options, dtstart: atTime(span.from, span.time).minus({ days: shift }).toJSDate() };
  if (span.until) Object.assign(options, { until: span.until.minus({ days: shift }).endOf('day').toJSDate() });
  if (span.rule.count !== undefined) Object.assign(options, { count: span.rule.count });
  const out: number[] = [];
  new RRule(options).between(
    rangeStart.minus({ days: shift }).toJSDate(),
    rangeEnd.minus({ days: shift }).toJSDate(),
    true,
    (d) => {
      out.push(d.getTime() + shift * 86_400_000);
      return out.length < limit;
    },
  );
  return out;
}

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const day = fc.constantFrom(...DAYS);
/** Every INTERVAL-th week, counted without rrule.js (everyNthWeek): several weekdays, months, WKST. */
const everyNthWeek = fc
  .tuple(
    fc.integer({ min: 2, max: 5 }),
    fc.uniqueArray(day, { minLength: 1, maxLength: 3 }),
    fc.option(fc.integer({ min: 1, max: 12 })),
    fc.option(day),
  )
  .map(
    ([i, days, m, wkst]) =>
      `FREQ=WEEKLY;INTERVAL=${i};BYDAY=${days.join(',')}${m ? `;BYMONTH=${m}` : ''}${wkst ? `;WKST=${wkst}` : ''}`,
  );
const rule = fc.oneof(
  fc.tuple(day, fc.option(day)).map(([a, b]) => `FREQ=WEEKLY;BYDAY=${a}${b ? `,${b}` : ''}`),
  fc
    .tuple(fc.constantFrom('', '1', '2', '4', '-1', '5'), day, fc.option(fc.integer({ min: 1, max: 12 })))
    .map(([n, d, m]) => `FREQ=MONTHLY;BYDAY=${n}${d}${m ? `;BYMONTH=${m}` : ''}`),
  fc.constantFrom('1', '15', '29', '31', '-1').map((d) => `FREQ=MONTHLY;BYMONTHDAY=${d}`),
  fc.constantFrom('', ';BYDAY=SA', ';BYMONTH=2').map((p) => `FREQ=DAILY${p}`),
  fc.tuple(fc.integer({ min: 2, max: 3 }), day).map(([i, d]) => `FREQ=WEEKLY;INTERVAL=${i};BYDAY=${d}`),
  everyNthWeek,
  fc.integer({ min: 1, max: 30 }).map((c) => `FREQ=MONTHLY;BYDAY=2TU;COUNT=${c}`),
  // The shapes counted without rrule.js (weekdayYearDays): several weekdays or nth weekdays,
  // negative and fifth ones, month lists, and WKST, which must not matter at INTERVAL=1.
  fc
    .tuple(
      // All plain or all with a position: a mix is refused (recurrence-rule.ts).
      fc.oneof(
        fc.uniqueArray(day, { minLength: 1, maxLength: 3 }),
        fc.uniqueArray(
          fc.tuple(fc.constantFrom('1', '+2', '3', '4', '5', '-1', '-2', '-5'), day).map(([n, d]) => `${n}${d}`),
          { minLength: 1, maxLength: 3 },
        ),
      ),
      fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 4 }),
      fc.boolean(),
    )
    .map(
      ([days, months, wkst]) =>
        `FREQ=MONTHLY;BYDAY=${days.join(',')}${months.length ? `;BYMONTH=${months.join(',')}` : ''}${wkst ? ';WKST=SU' : ''}`,
    ),
  fc
    .tuple(
      fc.uniqueArray(day, { minLength: 1, maxLength: 3 }),
      fc.constantFrom('WEEKLY', 'DAILY'),
      fc.option(fc.integer({ min: 1, max: 12 })),
    )
    .map(([days, freq, m]) => `FREQ=${freq};BYDAY=${days.join(',')}${m ? `;BYMONTH=${m}` : ''}`),
);

function matchesRrule(rules: fc.Arbitrary<string>, numRuns: number) {
  fc.assert(
    fc.property(
      rules,
      fc.date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }),
      fc.option(fc.integer({ min: 0, max: 2000 })),
      fc.integer({ min: -10, max: 10 }),
      fc.record({ hour: fc.integer({ min: 0, max: 23 }), minute: fc.constantFrom(0, 30) }),
      fc.integer({ min: -100, max: 400 }),
      fc.integer({ min: 0, max: 3000 }),
      (text, start, untilDays, offsetDays, time, startShift, length) => {
        // A limit that truncates, for half the cases.
        const limit = length % 2 ? 100_000 : 7;
        const from = DateTime.fromJSDate(start, { zone: 'utc' }).startOf('day');
        const span: RuleSpan = {
          rule: parseRecurrenceRule(text).rule!,
          from,
          time,
          ...(untilDays !== null ? { until: from.plus({ days: untilDays }) } : {}),
          ...(offsetDays ? { offsetDays } : {}),
        };
        const rangeStart = from.plus({ days: startShift, minutes: startShift * 7 });
        const rangeEnd = rangeStart.plus({ days: length, minutes: length * 13 });
        const got = expandWallClock(span, rangeStart, rangeEnd, limit).map((d) => d.toMillis());
        assert.deepEqual(got, reference(span, rangeStart, rangeEnd, limit), text);
      },
    ),
    { numRuns },
  );
}

describe('expandWallClock: shared expansions', () => {
  test('shared expansions (by rule and year, or by rule and span) give what rrule.js gives each window', () => {
    matchesRrule(rule, 300);
  });

  test('every INTERVAL-th week, counted without rrule.js, gives what rrule.js gives', () => {
    matchesRrule(everyNthWeek, 300);
  });
});
