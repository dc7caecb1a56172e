import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IANAZone } from 'luxon';
import fc from 'fast-check';
import { cachedZone, MIN_DAYS_BETWEEN_CHANGES, transitionsIn } from '../../src/time/cached-zone.js';
import { instantsAt } from '../../src/time/wall-clock.js';

/** Offset changes found by asking every hour, then the minute: slow and plainly right. */
function hourlyTransitions(tz: IANAZone, year: number): number[] {
  const out: number[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  for (let t = Date.UTC(year, 0, 1); t < end; t += 3_600_000) {
    if (tz.offset(t) === tz.offset(t + 3_600_000)) continue;
    let at = t + 60_000;
    while (tz.offset(at) === tz.offset(t)) at += 60_000;
    if (at < end) out.push(at);
  }
  return out;
}

describe('cached zones (transitionsIn, mayMeetChange)', () => {
  test('transitionsIn steps by days yet finds every change, including the closest pairs on record', () => {
    const cases: [string, number[]][] = [
      // Two changes 6.96 days apart, the closest of any zone 1995–2040.
      ['America/Boa_Vista', [2000]],
      // Summer time suspended for Ramadan: four changes a year, about a month apart.
      ['Africa/Casablanca', [2012, 2013, 2018]],
      ['Europe/Oslo', [2022, 2036]],
      ['Australia/Lord_Howe', [2024]],
      ['America/Sao_Paulo', [2018, 2019]],
    ];
    let closest = Infinity;
    for (const [zone, years] of cases) {
      const tz = IANAZone.create(zone);
      for (const year of years) {
        const found = hourlyTransitions(tz, year);
        assert.deepEqual(transitionsIn(tz, year), found, `${zone} ${year}`);
        for (let i = 1; i < found.length; i++) closest = Math.min(closest, (found[i]! - found[i - 1]!) / 86_400_000);
      }
    }
    // The step is half the closest gap, so no step can hold two changes that cancel out.
    assert.ok(closest >= MIN_DAYS_BETWEEN_CHANGES && closest < 7, `closest changes ${closest} days apart`);
  });

  test('mayMeetChange is false only when no occurrence at that time meets a change: checked day by day', () => {
    const zones = ['Europe/Oslo', 'America/Santiago', 'Australia/Lord_Howe', 'America/Havana', 'Asia/Tehran'];
    const DAY = 86_400_000;
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 1439 }),
        fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1500 })),
        fc.integer({ min: 2001, max: 2040 }),
        (zone, minuteOfDay, minutes, year) => {
          const tz = cachedZone(zone);
          if (tz.mayMeetChange(minuteOfDay, minutes, year - 1, year + 1)) return;
          // Then no wall time at minuteOfDay in `year` is in a gap or overlap, and no occurrence
          // lasting `minutes` from it spans a change or ends in a gap or overlap.
          for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += DAY) {
            const wall = day + minuteOfDay * 60_000;
            const starts = instantsAt(wall, zone);
            assert.equal(starts.length, 1, `${zone} ${new Date(wall).toISOString()} wall`);
            const start = starts[0]!;
            const end = start + minutes * 60_000;
            assert.equal(tz.offset(start), tz.offset(end), `${zone} ${new Date(wall).toISOString()} +${minutes}`);
            assert.equal(
              instantsAt(end + tz.offset(end) * 60_000, zone).length,
              1,
              `${zone} end ${new Date(end).toISOString()}`,
            );
          }
        },
      ),
      { numRuns: 400 },
    );
    // And it does say so where one does: Oslo's 02:30 meets both changes.
    assert.equal(cachedZone('Europe/Oslo').mayMeetChange(150, 0, 2025, 2027), true);
    assert.equal(cachedZone('Europe/Oslo').mayMeetChange(17 * 60, 60, 2025, 2027), false);
  });
});
