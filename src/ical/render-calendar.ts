import type { Schedule } from '../schedule/schedule.js';
import type { WallClock } from '../time/wall-clock.js';
import type { ScheduleIndex } from '../schedule/schedule-index.js';
import { contentLines, escapeText } from './content-line.js';
import { buildVTimezone } from './vtimezone.js';

export const PRODID = '-//Gjøvikregionen IKT//nedetid//NO';

export interface CalendarHead {
  name: string;
  description?: string;
}

/**
 * The parts of a feed around its events. The VTIMEZONE is written whether or not a feed has
 * timed events, so every feed of one schedule shares the same head and zone block.
 */
export function renderCalendarHead(schedule: Schedule, head: CalendarHead, vtimezone: string[]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${PRODID}`, 'CALSCALE:GREGORIAN'];
  // Without METHOD, Outlook assumes PUBLISH (MS-OXCICAL). METHOD:PUBLISH is an iTIP message,
  // and iTIP requires an ORGANIZER on every event (RFC 5546 §3.2.1; libical checks it), so it
  // is written only when the schedule names one.
  if (schedule.calendar.organizer) lines.push('METHOD:PUBLISH');
  // Both the RFC 7986 names and the X-WR ones: Google and Outlook read only the latter.
  lines.push(`NAME:${escapeText(head.name)}`, `X-WR-CALNAME:${escapeText(head.name)}`);
  if (head.description)
    lines.push(`DESCRIPTION:${escapeText(head.description)}`, `X-WR-CALDESC:${escapeText(head.description)}`);
  const refresh = schedule.calendar.refresh;
  lines.push(`REFRESH-INTERVAL;VALUE=DURATION:${refresh}`, `X-PUBLISHED-TTL:${refresh}`);
  lines.push(...vtimezone);
  return contentLines(lines);
}

export const CALENDAR_TAIL = 'END:VCALENDAR\r\n';

/** The VTIMEZONE of the schedule's zone, checked over every year its windows can occur in. */
export function scheduleVTimezone(index: ScheduleIndex, month: WallClock): string[] {
  return buildVTimezone(index.schedule.calendar.timezone, index.years(month));
}
