import { DateTime } from 'luxon';
import { expandFreezes, expandWindow } from './expand-window.js';
import type { FreezeOccurrence, Occurrence } from './occurrence.js';
import { instantAt, type WallClock } from '../time/wall-clock.js';
import type { ScheduleIndex } from '../schedule/schedule-index.js';
import type { Freeze, Window } from '../schedule/schedule.js';
import { skipHorizon } from '../schedule/skipped-dates.js';
import { DAY_MS } from '../time/calendar-units.js';

/** The occurrences of one window that fall in one freeze on a system both reach. */
export interface FreezeConflict {
  window: Window;
  freeze: Freeze;
  /** The systems of the window (or that depend on them) the freeze names. */
  systems: string[];
  /** Every occurrence in the freeze, by start. */
  occurrences: Occurrence[];
}

/**
 * Every freeze period of the schedule, over all the years its windows and freezes use: what the
 * conflicts are looked for in. Empty without freezes.
 */
export function freezePeriods(index: ScheduleIndex, month: WallClock | undefined): FreezeOccurrence[] {
  const { schedule } = index;
  if (!schedule.freezes?.length) return [];
  const { first, last } = index.years(month);
  const zone = schedule.calendar.timezone;
  const from = DateTime.fromObject({ year: first }, { zone });
  return expandFreezes(schedule, from, DateTime.fromObject({ year: last + 1 }, { zone }));
}

/**
 * Up to this many freeze periods on a window's systems, the window is expanded in each period
 * alone (a yearly freeze meets 10,000 monthly windows 20 times each, not 240); past it, once over
 * the periods' span and swept against them (a daily freeze has 7,300 periods in 20 years).
 */
export const PER_PERIOD_LIMIT = 64;

/** No period is longer: a duration is at most 31 days, an all-day freeze at most 31 days. */
const LONGEST_PERIOD_MS = 32 * DAY_MS;

/**
 * The occurrences of `window` that overlap a freeze period on a shared system (`systems: all` and
 * depends-on included: a window on internett also takes IST-tjenester down). The work grows with
 * the freeze periods on the window's systems, not with every occurrence of 20 years (see
 * PER_PERIOD_LIMIT; `perPeriodLimit` is for the test that holds both ways to the same answer).
 * A recurring window is checked as far as the parser checks its rule (until, or HORIZON_YEARS
 * ahead), the span `on-freeze: skip` leaves dates out in; moved occurrences wherever they are.
 * Called-off occurrences are not work, so never in conflict.
 */
export function windowInFreezes(
  index: ScheduleIndex,
  window: Window,
  periods: readonly FreezeOccurrence[],
  month: WallClock | undefined,
  perPeriodLimit = PER_PERIOD_LIMIT,
): FreezeConflict[] {
  if (window.status === 'cancelled') return [];
  const { schedule } = index;
  const reached = index.reachedBy(window);
  const zone = schedule.calendar.timezone;
  const t = window.timing;
  const last = t.kind === 'recurring' ? instantAt(skipHorizon(t, month).toMillis(), zone) : Infinity;
  const frozen = new Map<Freeze, string[]>();
  const relevant = periods.filter((p) => {
    let systems = frozen.get(p.freeze);
    if (!systems) frozen.set(p.freeze, (systems = frozenAmong(reached, p.freeze)));
    return systems.length > 0;
  });
  if (relevant.length === 0) return [];
  const met: [FreezeOccurrence, Occurrence][] = [];
  if (relevant.length <= perPeriodLimit) {
    for (const p of relevant) for (const o of expandWindow(window, zone, p.start, p.end)) met.push([p, o]);
  } else {
    // Periods by start (freezePeriods sorts them): those overlapping an occurrence start at most
    // LONGEST_PERIOD_MS before it.
    const starts = relevant.map((p) => p.start.toMillis());
    const end = relevant.at(-1)!.start.plus(LONGEST_PERIOD_MS);
    for (const o of expandWindow(window, zone, relevant[0]!.start, end)) {
      const from = o.start.toMillis() - LONGEST_PERIOD_MS;
      let lo = 0;
      let hi = starts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid]! < from) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < starts.length && relevant[k]!.start < o.end; k++)
        if (relevant[k]!.end > o.start) met.push([relevant[k]!, o]);
    }
  }
  const byFreeze = new Map<Freeze, FreezeConflict & { seen: Set<number> }>();
  for (const [p, o] of met) {
    if (o.cancelled || (!o.movedFrom && o.start.toMillis() > last)) continue;
    let conflict = byFreeze.get(p.freeze);
    if (!conflict) {
      conflict = { window, freeze: p.freeze, systems: frozen.get(p.freeze)!, occurrences: [], seen: new Set() };
      byFreeze.set(p.freeze, conflict);
    }
    // An occurrence across two periods of one freeze is one conflict.
    if (conflict.seen.has(o.start.toMillis())) continue;
    conflict.seen.add(o.start.toMillis());
    conflict.occurrences.push(o);
  }
  const order = new Map((schedule.freezes ?? []).map((f, i) => [f, i]));
  return [...byFreeze.values()]
    .sort((a, b) => order.get(a.freeze)! - order.get(b.freeze)!)
    .map(({ window: w, freeze, systems, occurrences }) => ({
      window: w,
      freeze,
      systems,
      occurrences: occurrences.sort((a, b) => a.start.toMillis() - b.start.toMillis()),
    }));
}

/** The freezes an occurrence falls in on a system it reaches (none for a called-off one), in file order. */
export function freezesMet(index: ScheduleIndex, o: Occurrence, periods: readonly FreezeOccurrence[]): Freeze[] {
  if (o.cancelled) return [];
  const reached = index.reachedBy(o.window);
  const met = new Set<Freeze>();
  for (const p of periods)
    if (p.start < o.end && p.end > o.start && frozenAmong(reached, p.freeze).length > 0) met.add(p.freeze);
  return (index.schedule.freezes ?? []).filter((f) => met.has(f));
}

/** The systems among `reached` that a freeze names. */
function frozenAmong(reached: readonly string[], freeze: Freeze): string[] {
  return reached.filter((s) => freeze.allSystems || freeze.systems.includes(s));
}

/** The conflicts of every window without `on-freeze: allow`, in file order. */
export function freezeConflicts(
  index: ScheduleIndex,
  month: WallClock | undefined,
  periods: readonly FreezeOccurrence[] = freezePeriods(index, month),
): FreezeConflict[] {
  if (periods.length === 0) return [];
  return index.schedule.windows
    .filter((w) => w.onFreeze !== 'allow')
    .flatMap((w) => windowInFreezes(index, w, periods, month));
}
