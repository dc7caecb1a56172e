import type { DateTime } from 'luxon';
import { expandSchedule } from '../occurrences/expand-window.js';
import { holidaysDuring } from '../occurrences/occurrence-holidays.js';
import type { SchedulePositions } from '../schedule/schedule-positions.js';
import type { ScheduleProblem } from '../schedule/schedule-error.js';
import type { Schedule } from '../schedule/schedule.js';
import { holidayCalendar } from '../time/public-holidays.js';

/**
 * A warning for every occurrence in [from, to) on a public holiday of calendar.holidays, at the
 * window: "gjovikregionen-manedlig: 2028-05-17 is Grunnlovsdagen". Windows with
 * `on-holiday: allow` and called-off occurrences are left out; `on-holiday: skip` has already
 * removed the holidays its rule produces, so only a move onto a holiday can still warn there.
 */
export function holidayWarnings(
  schedule: Schedule,
  positions: SchedulePositions,
  from: DateTime,
  to: DateTime,
): ScheduleProblem[] {
  const holidays = schedule.calendar.holidays ? holidayCalendar(schedule.calendar.holidays) : null;
  if (!holidays) return [];
  const zone = schedule.calendar.timezone;
  const occurrences = expandSchedule(schedule, from, to, (w) => w.onHoliday !== 'allow');
  const out: ScheduleProblem[] = [];
  for (const w of schedule.windows) {
    const hint =
      w.timing.kind === 'recurring'
        ? 'add it to moved or except, or set on-holiday: skip'
        : 'move it, or set on-holiday: allow';
    for (const o of occurrences) {
      if (o.window !== w || o.cancelled) continue;
      for (const h of holidaysDuring(o, zone, holidays))
        out.push(positions.problem(w.id, null, `${w.id}: ${h.date.toISODate()} is ${h.name} (${hint})`));
    }
  }
  return out;
}
