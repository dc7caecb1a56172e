import { HORIZON_YEARS } from '../time/horizon.js';
import type { Schedule, Window } from './schedule.js';

/**
 * The years a window can have occurrences in: one-offs their own, recurring windows from `from`
 * to `until` (or HORIZON_YEARS ahead) and every move target. The VTIMEZONE must hold in all of them.
 */
export function windowYears(w: Window): { first: number; last: number } {
  const t = w.timing;
  const years =
    t.kind === 'timed'
      ? [t.start.year, t.end.year]
      : t.kind === 'all-day'
        ? [t.date.year, t.date.plus({ days: t.days }).year]
        : [t.from.year, t.until ? t.until.year : t.from.year + HORIZON_YEARS, ...t.moved.map((m) => m.to.year)];
  return { first: Math.min(...years), last: Math.max(...years) };
}

/** The years of all windows together (2000 alone for a schedule without windows). */
export function scheduleYears(schedule: Schedule): { first: number; last: number } {
  const all = schedule.windows.map(windowYears);
  if (all.length === 0) return { first: 2000, last: 2000 };
  return { first: Math.min(...all.map((y) => y.first)), last: Math.max(...all.map((y) => y.last)) };
}
