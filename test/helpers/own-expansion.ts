import { DateTime } from 'luxon';
import { expandSchedule } from '../../src/occurrences/expand-window.js';
import type { Schedule, Window } from '../../src/schedule/schedule.js';

/** The service's own expansion as "START END WINDOW-ID" lines, the form parsers are compared in. */
export function ownExpansion(
  schedule: Schedule,
  from: string,
  to: string,
  include: (w: Window) => boolean = () => true,
): string[] {
  const zone = schedule.calendar.timezone;
  const text = (d: DateTime, allDay: boolean) =>
    allDay ? d.toISODate()! : d.setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm");
  return expandSchedule(schedule, DateTime.fromISO(from, { zone }), DateTime.fromISO(to, { zone }), include)
    .map((o) => `${text(o.start, o.allDay)} ${text(o.end, o.allDay)} ${o.window.id}`)
    .sort();
}
