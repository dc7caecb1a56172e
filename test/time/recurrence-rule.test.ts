import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import rrule from 'rrule';
import { FREQUENCY, parseRecurrenceRule } from '../../src/time/recurrence-rule.js';
import { expandWallClock } from '../../src/time/rrule-expand.js';
import { parseWallDate } from '../../src/time/wall-clock.js';

const { RRule } = rrule;

describe('parseRecurrenceRule', () => {
  test('parses the rules of the shipped schedule and keeps their parts in order', () => {
    const { rule, problems } = parseRecurrenceRule('FREQ=MONTHLY;BYDAY=3WE;BYMONTH=1,2,3,4,5,6,8,9,10,11,12');
    assert.deepEqual(problems, []);
    assert.deepEqual(rule!.parts, [
      ['FREQ', 'MONTHLY'],
      ['BYDAY', '3WE'],
      ['BYMONTH', '1,2,3,4,5,6,8,9,10,11,12'],
    ]);
  });

  test('each bad part is reported at its own offset', () => {
    const { problems } = parseRecurrenceRule('FREQ=MONTHLY;INTERVAL=0;BYMONTHDAY=32;UNTIL=20221231');
    assert.deepEqual(problems, [
      { offset: 13, message: 'INTERVAL=0 must be one whole number from 1 to 1000' },
      { offset: 24, message: 'BYMONTHDAY=32 must be days of the month, 1 to 31 or -1 to -31, separated by commas' },
      {
        offset: 38,
        message: 'UNTIL does not belong in repeat: give the last date as `until: YYYY-MM-DD` on the window',
      },
    ]);
    assert.match(parseRecurrenceRule('BYDAY=MO').problems[0]!.message, /needs FREQ/);
    assert.match(parseRecurrenceRule('FREQ=HOURLY').problems[0]!.message, /at most daily/);
  });

  test('COUNT becomes the last date; expansion keeps the wall-clock time on both sides of DST', () => {
    const { rule } = parseRecurrenceRule('FREQ=WEEKLY;BYDAY=SU;COUNT=3');
    assert.equal(rule!.count, 3);
    assert.deepEqual(rule!.parts, [
      ['FREQ', 'WEEKLY'],
      ['BYDAY', 'SU'],
    ]);
    const from = parseWallDate('2022-03-20')!;
    const got = expandWallClock({ rule: rule!, from, time: { hour: 4, minute: 0 } }, from, from.plus({ years: 1 }));
    assert.deepEqual(
      got.map((d) => d.toISO()),
      ['2022-03-20T04:00:00.000Z', '2022-03-27T04:00:00.000Z', '2022-04-03T04:00:00.000Z'],
    );
  });

  test('regression: BYDAY mixing plain and positioned weekdays lost its plain ones (rrule.js reads the intersection)', () => {
    // RFC 5545: every Monday and the first Monday, i.e. every Monday; rrule.js gave only first Mondays.
    const { rule, problems } = parseRecurrenceRule('FREQ=MONTHLY;BYDAY=MO,1MO,2TU');
    assert.equal(rule, undefined);
    assert.deepEqual(problems, [
      {
        offset: 13,
        message:
          'BYDAY=MO,1MO,2TU mixes weekdays with and without a position, which calendar programs read differently; make two windows, one with BYDAY=MO and one with BYDAY=1MO,2TU',
      },
    ]);
    assert.deepEqual(parseRecurrenceRule('FREQ=MONTHLY;BYDAY=1MO,2TU').problems, []);
    assert.deepEqual(parseRecurrenceRule('FREQ=WEEKLY;BYDAY=MO,TU').problems, []);
  });

  test("rules are read without rrule.js, in the shapes rrule.js reads: its Frequency values and its Weekdays' fields", () => {
    assert.deepEqual(FREQUENCY, {
      YEARLY: RRule.YEARLY,
      MONTHLY: RRule.MONTHLY,
      WEEKLY: RRule.WEEKLY,
      DAILY: RRule.DAILY,
    });
    const window = { dtstart: new Date(Date.UTC(2022, 0, 1, 17)), until: new Date(Date.UTC(2024, 11, 31)) };
    for (const text of [
      'FREQ=MONTHLY;BYDAY=4TU',
      'FREQ=MONTHLY;BYDAY=-1FR,2MO;BYMONTH=3,9',
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=SU',
      'FREQ=YEARLY;BYMONTH=6;BYDAY=1SA',
      'FREQ=DAILY;BYDAY=SA,SU',
      'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
    ]) {
      const ours = new RRule({ ...parseRecurrenceRule(text).rule!.options, ...window }).all();
      const theirs = new RRule({ ...RRule.parseString(text), ...window }).all();
      assert.ok(theirs.length >= 3, text);
      assert.deepEqual(ours, theirs, text);
    }
  });
});
