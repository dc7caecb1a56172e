import { DateTime } from 'luxon';
import { cachedZone } from '../time/cached-zone.js';
import { instantAt, instantsAt } from '../time/wall-clock.js';
import type { Recurring, TimedOnce } from './schedule.js';
import { DAY_MS } from '../time/calendar-units.js';

/**
 * Start and end of a one-off window as instants. With `duration:` the end is the start plus the
 * elapsed minutes: its wall clock can name two instants (the autumn overlap) or none (the spring
 * gap), and the duration says which is meant. An explicit `end:` was checked to name one.
 */
export function timedInstants(t: TimedOnce, zone: string): { start: DateTime; end: DateTime } {
  const start = instantAt(t.start.toMillis(), zone);
  const end = t.elapsedMinutes !== undefined ? start + t.elapsedMinutes * 60_000 : instantAt(t.end.toMillis(), zone);
  const tz = cachedZone(zone);
  return { start: DateTime.fromMillis(start, { zone: tz }), end: DateTime.fromMillis(end, { zone: tz }) };
}

/**
 * The end (epoch ms) of a recurring window's occurrence that starts at `start` (epoch ms) on the
 * wall clock `startWall` (ms read as UTC). With `duration:` it is elapsed time. With `end:` it is
 * the local time staff read on the clock, on clock-change days too (issue 19.2): the start's wall
 * clock plus the length on the clock. A local end in the spring gap is read with the offset before
 * the gap and one in the autumn overlap as its first instant, as RFC 5545 3.3.5 reads DATE-TIMEs.
 */
export function recurringEnd(
  t: Pick<Recurring, 'durationMinutes' | 'endsOnClock'>,
  start: number,
  startWall: number,
  zone: string,
): number {
  if (!t.endsOnClock) return start + t.durationMinutes * 60_000;
  const wall = startWall + t.durationMinutes * 60_000;
  return instantsAt(wall, zone)[0] ?? wall - cachedZone(zone).offset(wall - DAY_MS) * 60_000;
}
