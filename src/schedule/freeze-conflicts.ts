import { DateTime } from 'luxon';
import { expandFreezes, expandWindow } from '../occurrences/expand-window.js';
import type { FreezeOccurrence, Occurrence } from '../occurrences/occurrence.js';
import { instant } from '../time/wall-clock.js';
import { scheduleIndex } from './schedule-index.js';
import { scheduleYears } from './schedule-years.js';
import type { Freeze, Schedule, Window } from './schedule.js';
import { skipHorizon } from './window-planning.js';

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
export function freezePeriods(schedule: Schedule): FreezeOccurrence[] {
  if (!schedule.freezes?.length) return [];
  const { first, last } = scheduleYears(schedule);
  const zone = schedule.calendar.timezone;
  const from = DateTime.fromObject({ year: first }, { zone });
  return expandFreezes(schedule, from, DateTime.fromObject({ year: last + 1 }, { zone }));
}

/**
 * The occurrences of `window` that overlap a freeze period on a shared system (`systems: all` and
 * depends-on included: a window on internett also takes IST-tjenester down). Each period is
 * looked at alone, so the work grows with the freeze periods, not with every occurrence of 20
 * years. A recurring window is checked as far as the parser checks its rule (until, or
 * HORIZON_YEARS ahead), the span `on-freeze: skip` leaves dates out in; moved occurrences wherever
 * they are. Called-off occurrences are not work, so never in conflict.
 */
export function windowInFreezes(
  schedule: Schedule,
  window: Window,
  periods: readonly FreezeOccurrence[],
): FreezeConflict[] {
  if (window.status === 'cancelled') return [];
  const index = scheduleIndex(schedule);
  const reached = index.reachedBy(window);
  const zone = schedule.calendar.timezone;
  const t = window.timing;
  const last = t.kind === 'recurring' ? instant(skipHorizon(t), zone).toMillis() : Infinity;
  const byFreeze = new Map<Freeze, FreezeConflict>();
  for (const p of periods) {
    const systems = frozenAmong(reached, p.freeze);
    if (systems.length === 0) continue;
    for (const o of expandWindow(window, zone, p.start, p.end)) {
      if (o.cancelled || (!o.movedFrom && o.start.toMillis() > last)) continue;
      let conflict = byFreeze.get(p.freeze);
      if (!conflict) byFreeze.set(p.freeze, (conflict = { window, freeze: p.freeze, systems, occurrences: [] }));
      if (!conflict.occurrences.some((c) => c.start.equals(o.start))) conflict.occurrences.push(o);
    }
  }
  const order = new Map((schedule.freezes ?? []).map((f, i) => [f, i]));
  return [...byFreeze.values()]
    .sort((a, b) => order.get(a.freeze)! - order.get(b.freeze)!)
    .map((c) => ({ ...c, occurrences: c.occurrences.sort((a, b) => a.start.toMillis() - b.start.toMillis()) }));
}

/** The freezes an occurrence falls in on a system it reaches (none for a called-off one), in file order. */
export function freezesMet(schedule: Schedule, o: Occurrence, periods: readonly FreezeOccurrence[]): Freeze[] {
  if (o.cancelled) return [];
  const reached = scheduleIndex(schedule).reachedBy(o.window);
  const met = new Set<Freeze>();
  for (const p of periods)
    if (p.start < o.end && p.end > o.start && frozenAmong(reached, p.freeze).length > 0) met.add(p.freeze);
  return (schedule.freezes ?? []).filter((f) => met.has(f));
}

/** The systems among `reached` that a freeze names. */
function frozenAmong(reached: readonly string[], freeze: Freeze): string[] {
  return reached.filter((s) => freeze.allSystems || freeze.systems.includes(s));
}

/** The conflicts of every window without `on-freeze: allow`, in file order. */
export function freezeConflicts(
  schedule: Schedule,
  periods: readonly FreezeOccurrence[] = freezePeriods(schedule),
): FreezeConflict[] {
  if (periods.length === 0) return [];
  return schedule.windows.filter((w) => w.onFreeze !== 'allow').flatMap((w) => windowInFreezes(schedule, w, periods));
}
