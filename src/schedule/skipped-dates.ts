import { ruleHorizon } from '../time/horizon.js';
import type { WallClock } from '../time/wall-clock.js';
import type { Recurring } from './schedule.js';

/**
 * The last moment a skip looks at (`on-holiday: skip`, `on-freeze: skip`): the rule's until, or
 * ruleHorizon (HORIZON_YEARS from the publishing month), as the parser checks the rule. Dates
 * beyond it are not excluded.
 */
export function skipHorizon(t: Recurring, month: WallClock | undefined): WallClock {
  return t.until ? t.until.endOf('day') : ruleHorizon(t.from, month);
}

/**
 * Leaves dates the rule produces out of the series, as EXDATE: what `on-holiday: skip` and
 * `on-freeze: skip` share. Each date (of an occurrence's start) joins `except` once, unless it
 * is already excepted or moved; returns those added, as given.
 */
export function skipDates<T extends { date: WallClock }>(t: Recurring, found: readonly T[]): T[] {
  const taken = new Set([...t.except, ...t.moved.map((mv) => mv.date)].map((d) => d.toISODate()));
  const skipped: T[] = [];
  for (const f of found) {
    const date = f.date.startOf('day');
    const key = date.toISODate();
    if (taken.has(key)) continue;
    taken.add(key);
    skipped.push({ ...f, date });
  }
  if (skipped.length > 0) t.except = sortDates([...t.except, ...skipped.map((s) => s.date)]);
  return skipped;
}

/** Dates in calendar order. */
export function sortDates(dates: WallClock[]): WallClock[] {
  return [...dates].sort((a, b) => a.toMillis() - b.toMillis());
}
