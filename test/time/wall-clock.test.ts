import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { cachedZone } from '../../src/time/cached-zone.js';
import {
  addMinutes,
  firstInstantAt,
  instantsAt,
  isSingleInstantAt,
  parseWallDate,
  parseWallDateTime,
  plusYears,
  resolveWallClock,
  toWallClock,
} from '../../src/time/wall-clock.js';

describe('wall-clock times', () => {
  test('a normal wall-clock time has exactly one instant', () => {
    const r = resolveWallClock(parseWallDateTime('2022-03-26T12:00')!, 'Europe/Oslo');
    assert.equal(r.kind, 'exact');
    assert.equal(r.kind === 'exact' && r.instant.toISO(), '2022-03-26T12:00:00.000+01:00');
  });

  test('the spring gap has no instant and the autumn overlap has two (Luxon alone would hide both)', () => {
    assert.equal(resolveWallClock(parseWallDateTime('2022-03-27T02:30')!, 'Europe/Oslo').kind, 'gap');
    const overlap = resolveWallClock(parseWallDateTime('2022-10-30T02:30')!, 'Europe/Oslo');
    assert.equal(overlap.kind, 'overlap');
    assert.deepEqual(overlap.kind === 'overlap' && [overlap.first.toISO(), overlap.second.toISO()], [
      '2022-10-30T02:30:00.000+02:00',
      '2022-10-30T02:30:00.000+01:00',
    ]);
    assert.equal(resolveWallClock(parseWallDateTime('2022-03-27T03:00')!, 'Europe/Oslo').kind, 'exact');
    assert.equal(resolveWallClock(parseWallDateTime('2022-10-30T03:00')!, 'Europe/Oslo').kind, 'exact');
  });

  test('dates and date-times are parsed strictly', () => {
    assert.equal(parseWallDate('2022-02-30'), null);
    assert.equal(parseWallDate('2022-2-3'), null);
    assert.equal(parseWallDateTime('2022-03-26T24:00'), null);
    assert.equal(parseWallDateTime('2022-03-26 12:00')!.toISO(), '2022-03-26T12:00:00.000Z');
  });

  test('firstInstantAt and isSingleInstantAt agree with instantsAt around DST changes in several zones', () => {
    const zones = ['Europe/Oslo', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Tehran'];
    for (const zone of zones) {
      // Every 15 minutes through two years: both changes of each year, and the quiet days between.
      for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2026, 0, 1); ms += 15 * 60_000) {
        const all = instantsAt(ms, zone);
        assert.equal(isSingleInstantAt(ms, zone), all.length === 1, `${zone} ${new Date(ms).toISOString()}`);
        const first = firstInstantAt(ms, zone);
        if (all.length === 0) assert.ok(Number.isNaN(first), `${zone} ${new Date(ms).toISOString()}`);
        else assert.equal(first, all[0], `${zone} ${new Date(ms).toISOString()}`);
      }
    }
  });

  test('toWallClock and addMinutes equal Luxon setZone and plus, across DST changes', () => {
    for (const zone of ['Europe/Oslo', 'America/Santiago', 'Australia/Lord_Howe']) {
      fc.assert(
        fc.property(
          fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2199, 11, 31) }),
          fc.integer({ min: 1, max: 31 * 24 * 60 }),
          (ms, minutes) => {
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
            const later = addMinutes(at, minutes);
            assert.equal(later.toMillis(), at.plus({ minutes }).toMillis());
            assert.equal(later.zone, at.zone);
          },
        ),
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
});
