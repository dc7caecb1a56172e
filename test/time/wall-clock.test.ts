import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWallDate, parseWallDateTime, resolveWallClock } from '../../src/time/wall-clock.js';

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
