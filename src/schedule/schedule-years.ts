import { ruleHorizon } from '../time/horizon.js';
import type { WallClock } from '../time/wall-clock.js';
import type { Schedule, Timing, Window } from './schedule.js';
import { DAY_MS } from '../time/calendar-units.js';

/**
 * The years a window can have occurrences in: one-offs their own, recurring windows from `from`
 * to `until` (or to ruleHorizon, counted from the publishing `month`) and every move target. The
 * VTIMEZONE must hold in all of them.
 */
export function windowYears(w: Window, month: WallClock | undefined): { first: number; last: number } {
  return timingYears(w.timing, month);
}

/** The years a timing (a window's or a freeze's) can have occurrences in: see windowYears. */
export function timingYears(t: Timing, month: WallClock | undefined): { first: number; last: number } {
  if (t.kind === 'timed') return { first: t.start.year, last: t.end.year };
  // The day after the last, as Luxon's plus({ days }) on a UTC date, without its Duration.
  if (t.kind === 'all-day')
    return { first: t.date.year, last: new Date(t.date.toMillis() + t.days * DAY_MS).getUTCFullYear() };
  let first = t.from.year;
  let last = t.until ? t.until.year : ruleHorizon(t.from, month).year;
  for (const m of t.moved) {
    if (m.to.year < first) first = m.to.year;
    if (m.to.year > last) last = m.to.year;
  }
  return { first, last };
}

/** The years of all windows and freezes together (2000 alone for a schedule without either). */
export function scheduleYears(schedule: Schedule, month: WallClock | undefined): { first: number; last: number } {
  const timings = [...schedule.windows, ...(schedule.freezes ?? [])];
  if (timings.length === 0) return { first: 2000, last: 2000 };
  let first = Infinity;
  let last = -Infinity;
  for (const { timing } of timings) {
    const y = timingYears(timing, month);
    if (y.first < first) first = y.first;
    if (y.last > last) last = y.last;
  }
  return { first, last };
}
