import { DateTime } from 'luxon';
import type { FeedDefinition } from '../../src/feeds/feed-catalogue.js';
import { expandFreezes, expandSchedule } from '../../src/occurrences/expand-window.js';
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

/**
 * What a catalogue feed means, in the same lines: its windows' occurrences, or for the freezes
 * feed the freeze periods (UID is the freeze id).
 */
export function ownFeedExpansion(schedule: Schedule, from: string, to: string, definition: FeedDefinition): string[] {
  if (!definition.freezes) return ownExpansion(schedule, from, to, definition.includes);
  const zone = schedule.calendar.timezone;
  const text = (d: DateTime, allDay: boolean) =>
    allDay ? d.toISODate()! : d.setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm");
  const ids = new Set(definition.freezes.map((f) => f.id));
  return expandFreezes(schedule, DateTime.fromISO(from, { zone }), DateTime.fromISO(to, { zone }))
    .filter((o) => ids.has(o.freeze.id))
    .map((o) => `${text(o.start, o.allDay)} ${text(o.end, o.allDay)} ${o.freeze.id}`)
    .sort();
}
