import type { DateTime } from 'luxon';
import { isExpired } from '../schedule/announcement-expiry.js';
import type { SchedulePositions } from '../schedule-file/schedule-positions.js';
import type { ScheduleProblem } from '../schedule-file/schedule-error.js';
import type { Schedule } from '../schedule/schedule.js';

/** A warning at `until:` of each announcement whose expected time has passed by `today`. */
export function expiredAnnouncementWarnings(
  schedule: Schedule,
  positions: SchedulePositions,
  today: DateTime,
): ScheduleProblem[] {
  const date = today.setZone(schedule.calendar.timezone).toISODate()!;
  return schedule.announcements
    .filter((a) => isExpired(a, date))
    .map((a) =>
      positions.problem(
        a.id,
        'until',
        `announcement '${a.id}' was expected by ${a.until!.toISODate()} (${a.expected}) and the page no longer shows it; make it a window with a date, give a later until, or remove it`,
      ),
    );
}
