import type { DateTime } from 'luxon';
import { addMinutes, instant } from '../time/wall-clock.js';
import type { TimedOnce } from './schedule.js';

/**
 * Start and end of a one-off window as instants. With `duration:` the end is the start plus the
 * elapsed minutes: its wall clock can name two instants (the autumn overlap) or none (the spring
 * gap), and the duration says which is meant. An explicit `end:` was checked to name one.
 */
export function timedInstants(t: TimedOnce, zone: string): { start: DateTime; end: DateTime } {
  const start = instant(t.start, zone);
  return {
    start,
    end: t.elapsedMinutes !== undefined ? addMinutes(start, t.elapsedMinutes) : instant(t.end, zone),
  };
}
