import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildVTimezone } from '../../src/ical/vtimezone.js';

describe('buildVTimezone', () => {
  test('Europe/Oslo gets the one yearly STANDARD/DAYLIGHT pair Outlook reads, with its own TZID', () => {
    assert.deepEqual(buildVTimezone('Europe/Oslo', { first: 2022, last: 2042 }), [
      'BEGIN:VTIMEZONE',
      'TZID:Europe/Oslo',
      'BEGIN:STANDARD',
      'DTSTART:19701025T030000',
      'TZOFFSETFROM:+0200',
      'TZOFFSETTO:+0100',
      'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:19700329T020000',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0200',
      'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
      'END:DAYLIGHT',
      'END:VTIMEZONE',
    ]);
  });

  test('nth-weekday zones and zones without DST', () => {
    const ny = buildVTimezone('America/New_York', { first: 2022, last: 2030 });
    assert.ok(ny.includes('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU'));
    assert.ok(ny.includes('RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU'));
    assert.deepEqual(buildVTimezone('Asia/Tokyo', { first: 2022, last: 2030 }).slice(2, 6), [
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      'TZOFFSETFROM:+0900',
      'TZOFFSETTO:+0900',
    ]);
  });

  test('refuses a span over which the zone changed its rules', () => {
    // The US moved its DST dates in 2007; one yearly rule can not describe 2005–2010.
    assert.throws(() => buildVTimezone('America/New_York', { first: 2005, last: 2010 }), /changed its DST rules/);
  });
});
