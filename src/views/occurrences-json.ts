import type { DateTime } from 'luxon';
import type { Occurrence } from '../occurrences/occurrence.js';
import type { Schedule } from '../schedule/schedule.js';

/** A start or end of an occurrence in JSON: a date for all-day ones, else ISO 8601 with the zone's offset. */
export function isoTime(o: Occurrence, d: DateTime, zone: string): string {
  return (o.allDay ? d.toISODate() : d.setZone(zone).toISO({ suppressMilliseconds: true })) ?? '';
}

/** The JSON form of expanded occurrences (GET /api/occurrences): ISO 8601 with the zone's offset. */
export function occurrencesJson(schedule: Schedule, from: DateTime, to: DateTime, occurrences: Occurrence[]) {
  const zone = schedule.calendar.timezone;
  const iso = (o: Occurrence, d: DateTime) => isoTime(o, d, zone);
  return {
    from: from.toISO() ?? '',
    to: to.toISO() ?? '',
    timezone: zone,
    occurrences: occurrences.map((o) => ({
      uid: `${o.window.id}@${schedule.calendar.domain}`,
      window: o.window.id,
      title: o.window.title,
      start: iso(o, o.start),
      end: iso(o, o.end),
      allDay: o.allDay,
      status: o.cancelled ? ('cancelled' as const) : o.window.status,
      provider: o.window.provider,
      systems: o.window.systems,
      ...(o.movedFrom ? { movedFrom: o.movedFrom.toISODate() ?? '' } : {}),
      // Why it moved or was called off ("Før jul"), as the page shows it.
      ...(o.note ? { note: o.note } : {}),
      ...(o.holiday ? { holiday: o.holiday } : {}),
    })),
  };
}
