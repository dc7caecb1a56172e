import type { Occurrence } from '../occurrences/occurrence.js';
import { holidaysDuring } from '../occurrences/occurrence-holidays.js';
import type { SchedulePositions } from '../schedule-file/schedule-positions.js';
import type { ScheduleProblem } from '../schedule-file/schedule-error.js';
import type { Schedule, Window } from '../schedule/schedule.js';
import { holidayCalendar } from '../time/public-holidays.js';

/**
 * A warning for every occurrence (of those given: the planning span's) on a public holiday of calendar.holidays, at the
 * window: "gjovikregionen-manedlig: 2028-05-17 is Grunnlovsdagen". Windows with
 * `on-holiday: allow` and called-off occurrences are left out; `on-holiday: skip` has already
 * removed the holidays its rule produces, so only a move onto a holiday can still warn there.
 */
export function holidayWarnings(
  schedule: Schedule,
  positions: SchedulePositions,
  occurrences: readonly Occurrence[],
): ScheduleProblem[] {
  const holidays = schedule.calendar.holidays ? holidayCalendar(schedule.calendar.holidays) : null;
  if (!holidays) return [];
  const zone = schedule.calendar.timezone;
  // Each window's occurrences in one pass (looking through all of them per window made `check`
  // of 20,000 windows take two minutes), in window order, each window's by start.
  const byWindow = new Map<Window, Occurrence[]>(schedule.windows.map((w) => [w, []]));
  for (const o of occurrences) if (!o.cancelled && o.window.onHoliday !== 'allow') byWindow.get(o.window)?.push(o);
  const out: ScheduleProblem[] = [];
  for (const [w, list] of byWindow) {
    const hint =
      w.timing.kind === 'recurring'
        ? 'add it to moved or except, or set on-holiday: skip'
        : 'move it, or set on-holiday: allow';
    for (const o of list) {
      for (const h of holidaysDuring(o, zone, holidays))
        out.push(positions.problem(w.id, null, `${w.id}: ${h.date.toISODate()} is ${h.name} (${hint})`));
    }
  }
  return out;
}
