import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  firstInstantAt,
  instantsAt,
  isSingleInstantAt,
  parseWallDate,
  parseWallDateTime,
  resolveWallClock,
} from '../../src/time/wall-clock.js';

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
