import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { dayNumber, weekdayOfCode, weekdayOfDay, WEEKDAYS } from '../../src/time/calendar-units.js';

describe('calendar-units', () => {
  it('dayNumber counts the days from 1970-01-01 as Luxon does, from milliseconds or a WallClock', () => {
    const epoch = DateTime.fromMillis(0, { zone: 'utc' });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2199, 11, 31, 23, 59) }), (ms) => {
        const wall = DateTime.fromMillis(ms, { zone: 'utc' });
        const days = Math.trunc(wall.startOf('day').diff(epoch, 'days').days);
        assert.equal(dayNumber(ms), days);
        assert.equal(dayNumber(wall), days);
        assert.equal(weekdayOfDay(days), new Date(ms).getUTCDay());
      }),
      { numRuns: 2000 },
    );
  });

  it('weekdayOfCode numbers the RFC 5545 codes as Date.getUTCDay does, and -1 for anything else', () => {
    // 2024-01-01 was a Monday: the codes in order from there.
    assert.deepEqual(
      WEEKDAYS.map((code) => weekdayOfCode(code)),
      WEEKDAYS.map((_, i) => new Date(Date.UTC(2024, 0, 1 + i)).getUTCDay()),
    );
    assert.equal(weekdayOfCode('XX'), -1);
    assert.equal(weekdayOfCode('2TU'), -1);
  });
});
