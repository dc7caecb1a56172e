import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { cachedZone } from '../../src/time/cached-zone.js';
import {
  endOfDay,
  instantAt,
  instantsAt,
  parseWallDate,
  parseWallDateTime,
  plusYears,
  toWallClock,
} from '../../src/time/wall-clock.js';

describe('wall-clock times', () => {
  /** The instants of a wall-clock text in Oslo, as ISO texts with their offsets. */
  const osloInstants = (text: string) =>
    instantsAt(parseWallDateTime(text)!.toMillis(), 'Europe/Oslo').map((ms) =>
      DateTime.fromMillis(ms, { zone: 'Europe/Oslo' }).toISO(),
    );

  test('a normal wall-clock time has exactly one instant', () => {
    assert.deepEqual(osloInstants('2022-03-26T12:00'), ['2022-03-26T12:00:00.000+01:00']);
    assert.equal(
      instantAt(parseWallDateTime('2022-03-26T12:00')!.toMillis(), 'Europe/Oslo'),
      Date.parse('2022-03-26T11:00:00Z'),
    );
  });

  test('the spring gap has no instant and the autumn overlap has two (Luxon alone would hide both)', () => {
    assert.deepEqual(osloInstants('2022-03-27T02:30'), []);
    assert.deepEqual(osloInstants('2022-10-30T02:30'), [
      '2022-10-30T02:30:00.000+02:00',
      '2022-10-30T02:30:00.000+01:00',
    ]);
    assert.deepEqual(osloInstants('2022-03-27T03:00'), ['2022-03-27T03:00:00.000+02:00']);
    assert.deepEqual(osloInstants('2022-10-30T03:00'), ['2022-10-30T03:00:00.000+01:00']);
    // instantAt is for times the loader has checked: a gap or an overlap there is a bug.
    for (const text of ['2022-03-27T02:30', '2022-10-30T02:30'])
      assert.throws(() => instantAt(parseWallDateTime(text)!.toMillis(), 'Europe/Oslo'), /not a single instant/);
  });

  test('dates and date-times are parsed strictly', () => {
    assert.equal(parseWallDate('2022-02-30'), null);
    assert.equal(parseWallDate('2022-2-3'), null);
    assert.equal(parseWallDateTime('2022-03-26T24:00'), null);
    assert.equal(parseWallDateTime('2022-03-26 12:00')!.toISO(), '2022-03-26T12:00:00.000Z');
  });

  test('instantsAt equals what Luxon reads, around DST changes in several zones', () => {
    const zones = ['Europe/Oslo', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Tehran'];
    const check = (zone: string, ms: number) => {
      const at = `${zone} ${new Date(ms).toISOString()}`;
      // Luxon's instants for this wall clock: of the offsets the zone has within a day of it (Intl,
      // not the cached table), those at whose instant the wall clock reads back.
      const tz = IANAZone.create(zone);
      const offsets = new Set([-1, 0, 1].map((days) => tz.offset(ms + days * 86_400_000)));
      const expected = [...offsets]
        .map((offset) => ms - offset * 60_000)
        .filter((t) => DateTime.fromMillis(t, { zone }).setZone('utc', { keepLocalTime: true }).toMillis() === ms)
        .sort((a, b) => a - b);
      assert.deepEqual(instantsAt(ms, zone), expected, at);
      // And Luxon's own pick, when the time exists, is one of them.
      const luxon = DateTime.fromMillis(ms, { zone: 'utc' }).setZone(zone, { keepLocalTime: true });
      if (expected.length > 0) assert.ok(expected.includes(luxon.toMillis()), at);
    };
    for (const zone of zones) {
      const tz = IANAZone.create(zone);
      // Every 15 minutes of the days around each change of two years, gaps and overlaps included.
      for (let day = Date.UTC(2024, 0, 1); day < Date.UTC(2026, 0, 1); day += 86_400_000) {
        if (tz.offset(day) === tz.offset(day + 86_400_000)) continue;
        for (let ms = day - 86_400_000; ms < day + 2 * 86_400_000; ms += 15 * 60_000) check(zone, ms);
      }
    }
    // And any minute of the years a schedule may use.
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2000, 0, 1) / 60_000, max: Date.UTC(2199, 11, 31) / 60_000 }),
        (zone, minute) => check(zone, minute * 60_000),
      ),
      { numRuns: 3000 },
    );
  });

  test('toWallClock equals Luxon setZone, across DST changes', () => {
    for (const zone of ['Europe/Oslo', 'America/Santiago', 'Australia/Lord_Howe']) {
      fc.assert(
        fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2199, 11, 31) }), (ms) => {
          const at = DateTime.fromMillis(ms, { zone: cachedZone(zone) });
          const local = at.setZone(zone);
          const expected = DateTime.fromObject(
            {
              year: local.year,
              month: local.month,
              day: local.day,
              hour: local.hour,
              minute: local.minute,
              second: local.second,
            },
            { zone: 'utc' },
          );
          assert.equal(toWallClock(at, zone).toMillis(), expected.toMillis());
        }),
        { numRuns: 3000 },
      );
    }
  });

  test('dates and date-times parsed from milliseconds equal Luxon fromObject, invalid days and two-digit years included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (year, month, day, hour, minute) => {
          const p = (n: number, w = 2) => String(n).padStart(w, '0');
          const luxon = DateTime.fromObject({ year, month, day, hour, minute }, { zone: 'utc' });
          const date = parseWallDate(`${p(year, 4)}-${p(month)}-${p(day)}`);
          const dateTime = parseWallDateTime(`${p(year, 4)}-${p(month)}-${p(day)}T${p(hour)}:${p(minute)}`);
          if (!luxon.isValid) {
            assert.equal(date, null);
            assert.equal(dateTime, null);
            return;
          }
          assert.equal(dateTime?.toMillis(), luxon.toMillis());
          assert.equal(dateTime?.zoneName, 'UTC');
          assert.equal(date?.toMillis(), luxon.startOf('day').toMillis());
        },
      ),
      { numRuns: 5000 },
    );
  });

  test('plusYears equals Luxon plus({ years }) on wall clocks, leap days included', () => {
    const first = Date.UTC(2000, 0, 1);
    const last = Date.UTC(2199, 11, 31, 23, 59);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: first / 60_000, max: last / 60_000 }).map((m) => m * 60_000),
          // 29 February of a leap year, at some time of day.
          fc
            .tuple(fc.integer({ min: 0, max: 49 }), fc.integer({ min: 0, max: 1439 }))
            .map(([i, m]) => Date.UTC(2000 + 4 * i, 1, 29) + m * 60_000),
        ),
        fc.integer({ min: 0, max: 1000 }),
        (ms, years) => {
          const wall = DateTime.fromMillis(ms, { zone: 'utc' });
          assert.equal(plusYears(wall, years).toMillis(), wall.plus({ years }).toMillis());
        },
      ),
      { numRuns: 5000 },
    );
  });

  test("endOfDay equals Luxon endOf('day') on wall clocks", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2199, 11, 31, 23, 59) }), (ms) => {
        const wall = DateTime.fromMillis(ms, { zone: 'utc' });
        assert.equal(endOfDay(wall).toMillis(), wall.endOf('day').toMillis());
        assert.equal(endOfDay(wall).zoneName, 'UTC');
      }),
      { numRuns: 3000 },
    );
  });
});
