import { escape } from 'ical-generator';
import { cachedZone } from '../time/cached-zone.js';
import { escapeText } from './content-line.js';
import { dateStamp, localStamp, utcStamp } from './date-stamps.js';
import { endIsAmbiguous } from './series-layout.js';

/**
 * One VEVENT as nedetid publishes it: only the properties its windows use. Times are epoch
 * milliseconds. Values are plain numbers and strings, so writing tens of thousands of events
 * builds no Luxon objects and no ical-generator event objects (issue 10).
 */
export interface VEventFields {
  uid: string;
  sequence: number;
  stamp: number;
  /** LAST-MODIFIED, when the schedule says when the window was last changed. */
  lastModified?: number;
  span: EventSpan;
  /** RRULE and EXDATE lines of a series, written as given. */
  repeating?: string[];
  /** The instant of the occurrence an override replaces (RECURRENCE-ID, local time of the zone). */
  recurrenceId?: number;
  summary: string;
  description: string;
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  organizer?: { name: string; email: string };
}

/** Whole days (UTC midnights: DTEND is the day after the last) or two instants in a zone. */
export type EventSpan =
  { kind: 'days'; first: number; after: number } | { kind: 'zoned'; zone: string; start: number; end: number };

/**
 * The unfolded content lines of one VEVENT (appended to `lines`, when given), in the order and spelling ical-generator 10 writes
 * them (its `createEvent(...).toString()`), so the feeds' bytes stayed the same when rendering
 * moved here. test/ical/vevent-text.test.ts renders generated events both ways and compares the
 * bytes; the values are escaped by ical-generator's own `escape`.
 */
export function veventLines(e: VEventFields, lines: string[] = []): string[] {
  lines.push('BEGIN:VEVENT', `UID:${e.uid}`, `SEQUENCE:${e.sequence}`, `DTSTAMP:${utcStamp(e.stamp)}`);
  const span = e.span;
  if (span.kind === 'days') {
    lines.push(
      `DTSTART;VALUE=DATE:${dateStamp(span.first)}`,
      `DTEND;VALUE=DATE:${dateStamp(span.after)}`,
      'X-MICROSOFT-CDO-ALLDAYEVENT:TRUE',
      'X-MICROSOFT-MSNCALENDAR-ALLDAYEVENT:TRUE',
    );
  } else {
    lines.push(`DTSTART;TZID=${span.zone}:${localAt(span.start, span.zone)}`);
    // An end in the repeated or skipped hour of a DST change names two instants (or none) in
    // local time: it is written in UTC, which names one (series-layout.ts keeps such
    // occurrences out of DTSTART, so only overrides and single events carry one).
    lines.push(
      endIsAmbiguous(span.end, span.zone)
        ? `DTEND:${utcStamp(span.end)}`
        : `DTEND;TZID=${span.zone}:${localAt(span.end, span.zone)}`,
    );
  }
  if (e.repeating) for (const line of e.repeating) lines.push(line);
  if (e.recurrenceId !== undefined && span.kind === 'zoned')
    lines.push(`RECURRENCE-ID;TZID=${span.zone}:${localAt(e.recurrenceId, span.zone)}`);
  lines.push(`SUMMARY:${escapeText(e.summary)}`, 'TRANSP:TRANSPARENT');
  lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.organizer)
    lines.push(`ORGANIZER;CN="${escape(e.organizer.name, true)}":mailto:${escapeText(e.organizer.email)}`);
  // Outlook's own busy flag; TRANSP alone leaves staff "busy" in some Outlook versions.
  lines.push(`STATUS:${e.status}`, 'X-MICROSOFT-CDO-BUSYSTATUS:FREE');
  if (e.lastModified !== undefined) lines.push(`LAST-MODIFIED:${utcStamp(e.lastModified)}`);
  lines.push('END:VEVENT');
  return lines;
}

/** YYYYMMDDTHHMMSS of an instant's local time in `zone`. */
function localAt(ms: number, zone: string): string {
  return localStamp(ms + cachedZone(zone).offset(ms) * 60_000);
}
