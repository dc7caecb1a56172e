import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { holidaysDuring } from '../../src/occurrences/occurrence-holidays.js';
import type { Occurrence } from '../../src/occurrences/occurrence.js';
import type { Window } from '../../src/schedule/schedule.js';
import { holidayCalendar } from '../../src/time/public-holidays.js';

const zone = 'Europe/Oslo';
const no = holidayCalendar('NO')!;
const occurrence = (start: string, end: string): Occurrence => ({
  window: {} as Window,
  start: DateTime.fromISO(start, { zone }),
  end: DateTime.fromISO(end, { zone }),
  allDay: false,
});
const found = (o: Occurrence) => holidaysDuring(o, zone, no).map((h) => `${h.date.toISODate()} ${h.name}`);

describe('holidaysDuring', () => {
  test('holidaysDuring: every local day an occurrence covers, the end exclusive, in local time (day numbers, not Luxon days)', () => {
    // 2027-05-16 is første pinsedag, 2027-05-17 both andre pinsedag and Grunnlovsdagen (one name).
    assert.deepEqual(found(occurrence('2027-05-15T00:00', '2027-05-18T00:00')), [
      `2027-05-16 ${no.nameOn(DateTime.fromISO('2027-05-16', { zone: 'utc' }))}`,
      `2027-05-17 ${no.nameOn(DateTime.fromISO('2027-05-17', { zone: 'utc' }))}`,
    ]);
    // Ending at midnight does not touch the next day; starting at 23:30 local is still that day.
    assert.deepEqual(found(occurrence('2027-05-15T12:00', '2027-05-16T00:00')), []);
    assert.deepEqual(found(occurrence('2027-05-16T23:30', '2027-05-17T00:30')).length, 2);
    // Local, not UTC: 00:30 on 17 May in Oslo is 16 May in UTC.
    assert.deepEqual(found(occurrence('2028-05-17T00:30', '2028-05-17T01:00')), ['2028-05-17 Grunnlovsdagen']);
    assert.deepEqual(found(occurrence('2028-05-16T12:00', '2028-05-16T18:00')), []);
  });
});
