import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { parseRecurrenceRule } from '../../src/time/recurrence-rule.js';
import { expandWallClock, type RuleSpan } from '../../src/time/rrule-expand.js';
import { parseWallDate } from '../../src/time/wall-clock.js';
import { datesWalked } from '../helpers/rrule-walk.js';

const iso = (days: readonly { toISO: () => string | null }[]) => days.map((d) => d.toISO());

function span(text: string, from: string, until?: string): RuleSpan {
  const { rule, problems } = parseRecurrenceRule(text);
  assert.deepEqual(problems, [], text);
  return {
    rule: rule!,
    from: parseWallDate(from)!,
    time: { hour: 17, minute: 0 },
    ...(until ? { until: parseWallDate(until)! } : {}),
  };
}

describe('expandWallClock', () => {
  test("regression: expanding one day in 9999 walked every period from the rule's first date (seconds per request)", async () => {
    const daily = span('FREQ=DAILY', '1900-01-01');
    const day = parseWallDate('9999-06-01')!;
    let got: readonly { toISO: () => string | null }[] = [];
    const walked = await datesWalked(() => (got = expandWallClock(daily, day, day.endOf('day'))));
    assert.deepEqual(iso(got), ['9999-06-01T17:00:00.000Z']);
    // From the first date that was 2.96 million days (8,100 years); near the range it is a year's.
    assert.ok(walked <= 366, `rrule.js walked ${walked} dates`);
    // A rule rrule.js walks period by period (not by year): from its first date, 19,400 periods.
    const everyFifthMonth = span('FREQ=MONTHLY;INTERVAL=5', '1900-01-17');
    const fromNear = await datesWalked(() => (got = expandWallClock(everyFifthMonth, day, day.plus({ months: 5 }))));
    assert.deepEqual(iso(got), ['9999-08-17T17:00:00.000Z']);
    assert.ok(fromNear <= 5, `rrule.js walked ${fromNear} dates`);
  });

  /** Expanding from near the range must give what expanding from the rule's first date gives. */
  function assertSameAsFromFirst(text: string, from: string, start: DateTime, end: DateTime, until?: string) {
    const s = span(text, from, until);
    const whole = expandWallClock(s, s.from, end).filter((d) => d >= start);
    assert.deepEqual(iso(expandWallClock(s, start, end)), iso(whole), `${text} from ${from} until ${until}`);
  }

  test('starting near the range keeps what rrule.js takes from the first date: day, month, weekday, week', () => {
    const at = (d: string) => parseWallDate(d)!;
    // Day of month 17 and 31, and 29 February: rrule.js defaults BYMONTHDAY (and BYMONTH) from DTSTART.
    assertSameAsFromFirst('FREQ=MONTHLY', '2000-01-17', at('2010-01-01'), at('2010-03-01'));
    assertSameAsFromFirst('FREQ=MONTHLY;INTERVAL=5', '2000-01-31', at('2012-01-01'), at('2014-01-01'));
    assertSameAsFromFirst('FREQ=YEARLY', '2000-02-29', at('2030-01-01'), at('2033-12-31'));
    // A week that starts mid-week would pick another day by BYSETPOS: the range starts a Thursday.
    assertSameAsFromFirst('FREQ=WEEKLY;BYDAY=MO,FR;BYSETPOS=1', '2000-01-05', at('2010-01-07'), at('2010-02-07'));
    assertSameAsFromFirst(
      'FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,FR;BYSETPOS=-1;WKST=SU',
      '2000-01-05',
      at('2010-01-07'),
      at('2010-03-07'),
    );
  });

  test('expanding from near the range gives exactly what expanding from the first date gives', () => {
    // Only rules that match in every year or so: rrule.js walks on to the next match past the
    // range, and one that never matches (FREQ=DAILY;BYSETPOS=2) would walk to the year 9999.
    const weekday = fc.constantFrom('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU');
    const part = (name: string, value: fc.Arbitrary<string>) =>
      fc.option(
        value.map((v) => `;${name}=${v}`),
        { nil: '' },
      );
    const days = fc.oneof(
      fc.tuple(
        fc.uniqueArray(weekday, { minLength: 1, maxLength: 3 }).map((d) => `;BYDAY=${d.join(',')}`),
        part('BYMONTHDAY', fc.constantFrom('1', '15', '-1', '1,15')),
      ),
      fc.tuple(
        fc.tuple(fc.constantFrom('1', '2', '4', '-1'), weekday).map(([n, d]) => `;BYDAY=${n}${d}`),
        fc.constant(''),
      ),
      fc.tuple(fc.constant(''), part('BYMONTHDAY', fc.constantFrom('1', '15', '28', '-1', '1,15'))),
    );
    const rule = fc
      .tuple(
        fc.constantFrom('FREQ=DAILY', 'FREQ=WEEKLY', 'FREQ=MONTHLY', 'FREQ=YEARLY'),
        part('INTERVAL', fc.integer({ min: 1, max: 13 }).map(String)),
        days.map((d) => d.join('')),
        part('BYMONTH', fc.constantFrom('2', '6', '1,7', '2,8,12')),
        part('BYSETPOS', fc.constantFrom('1', '-1')),
        part('WKST', weekday),
        part('COUNT', fc.integer({ min: 1, max: 40 }).map(String)),
      )
      .map((parts) => parts.join(''));
    const date = (min: string, max: string) =>
      fc
        .date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`) })
        .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        rule,
        date('1990-01-01', '2030-12-31'),
        fc.integer({ min: 0, max: 12 * 366 }),
        fc.integer({ min: 1, max: 800 }),
        fc.option(fc.integer({ min: -400, max: 1200 }), { nil: undefined }),
        (text, from, startDays, spanDays, untilDays) => {
          const first = parseWallDate(from)!;
          const start = first.plus({ days: startDays, minutes: 7 * 60 });
          const end = start.plus({ days: spanDays });
          const until =
            untilDays === undefined ? undefined : DateTime.max(first, start.plus({ days: untilDays })).toISODate()!;
          assertSameAsFromFirst(text, from, start, end, until);
        },
      ),
      { numRuns: 120 },
    );
  });
});
