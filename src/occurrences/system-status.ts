import type { DateTime } from 'luxon';
import type { System } from '../schedule/schedule.js';
import { expandSchedule } from './expand-window.js';
import type { Occurrence } from './occurrence.js';
import type { ScheduleIndex } from '../schedule/schedule-index.js';
import { toWallClock } from '../time/wall-clock.js';

/**
 * How far ahead monitoring looks for a system's next window. A year and a bit covers every
 * yearly rule; a system with nothing planned in that time has no next start.
 */
export const STATUS_LOOKAHEAD_DAYS = 400;

/** One system at one moment: the occurrences covering it now, and the next one to start. */
export interface SystemStatus {
  system: System;
  /** Occurrences with start <= now < end that affect the system (several can overlap). */
  active: Occurrence[];
  /** The first occurrence starting after now, within STATUS_LOOKAHEAD_DAYS. */
  next?: Occurrence;
}

/**
 * Every system's maintenance state at `now`, from the same expansion and selection as the feeds
 * and the page: what /metrics (nedetid_maintenance_active, …_next_start_seconds) and /api/status report.
 */
export function systemStatus(index: ScheduleIndex, now: DateTime): SystemStatus[] {
  const { schedule } = index;
  const occurrences = expandSchedule(schedule, now, now.plus({ days: STATUS_LOOKAHEAD_DAYS }));
  const bySystem = new Map<string, Occurrence[]>(schedule.systems.map((s) => [s.id, []]));
  // The systems a window reaches, as its feeds hold it (depends-on included). Work called off
  // (`status: cancelled`, or a date under `cancelled:`) takes nothing down and starts nothing:
  // the page shows it as Avlyst, and monitoring must not silence alerts for it (issue 21 item 2).
  // A system with `from:` or `until:` is reached only on its days, by the date the rule gave.
  const zone = schedule.calendar.timezone;
  for (const o of occurrences)
    if (!o.cancelled)
      for (const id of index.systemsOn(o.window, o.movedFrom ?? toWallClock(o.start, zone))) bySystem.get(id)!.push(o);
  return schedule.systems.map((system) => {
    const mine = bySystem.get(system.id)!;
    const next = mine.find((o) => o.start > now);
    return { system, active: mine.filter((o) => o.start <= now && now < o.end), ...(next ? { next } : {}) };
  });
}
