import ical, { ICalEventStatus, ICalEventTransparency, type ICalEventData } from 'ical-generator';
import { DateTime } from 'luxon';
import { DEFAULT_STAMP, type Schedule, type System, type Window } from '../schedule/schedule.js';
import { cachedZone } from '../time/cached-zone.js';
import { addMinutes, atTime, firstInstantAt, instant, isSingleInstantAt, type WallClock } from '../time/wall-clock.js';
import { dayOf } from '../time/rrule-expand.js';
import { dateStamp, localStamp, utcStamp } from './date-stamps.js';
import { scheduleIndex } from '../schedule/schedule-index.js';
import { timedInstants } from '../schedule/timed-instants.js';
import { contentLines } from './content-line.js';
import { feedTexts } from './feed-texts.js';
import { endIsAmbiguous, type PlacedOccurrence } from './series-layout.js';
import { explainPublication, publishRecurring } from './series-forms.js';

/**
 * ical-generator renders one VEVENT at a time; the feeds join the texts. A window's text is the
 * same in every feed that holds it. The calendar below only carries settings for its events:
 * no zone name (a named calendar zone writes DTSTAMP and UNTIL without Z, calendar-clients.md);
 * each event names its own zone and gets Luxon DateTimes, never native Dates (which would be
 * written in the process's local time under the event's TZID).
 */
const generator = ical({ timezone: { name: null } });

/**
 * All VEVENT text (folded, CRLF) for one window. `month` is the first day of the month the feeds
 * are rendered in: rules Outlook can not map as written are published up to a rolling end from it.
 */
export function renderWindow(window: Window, schedule: Schedule, month: WallClock): string {
  const zone = schedule.calendar.timezone;
  const uid = `${window.id}@${schedule.calendar.domain}`;
  // DTSTAMP and LAST-MODIFIED are written in UTC, where a native Date is exact (ical-generator
  // formats it with UTC getters; a Luxon DateTime costs two toFormat calls per stamp).
  const stamp = (window.updated ?? schedule.calendar.updated ?? DEFAULT_STAMP).toJSDate();
  const base: Omit<ICalEventData, 'start'> = {
    id: uid,
    sequence: window.sequence,
    stamp,
    summary:
      window.status === 'cancelled'
        ? feedTexts.cancelledTitle(window.title)
        : window.status === 'tentative'
          ? feedTexts.tentativeTitle(window.title)
          : window.title,
    description: describe(window, schedule),
    transparency: ICalEventTransparency.TRANSPARENT,
    status: EVENT_STATUS[window.status],
    // Outlook's own busy flag; TRANSP alone leaves staff "busy" in some Outlook versions.
    x: { 'X-MICROSOFT-CDO-BUSYSTATUS': 'FREE' },
  };
  if (window.updated ?? schedule.calendar.updated) base.lastModified = stamp;
  if (schedule.calendar.organizer) base.organizer = schedule.calendar.organizer;
  const events: ICalEventData[] = [];
  const t = window.timing;
  if (t.kind === 'timed') {
    events.push({ ...base, ...timedInstants(t, zone), timezone: zone });
  } else if (t.kind === 'all-day') {
    // All-day dates as UTC Luxon dates, or the day can shift (calendar-clients.md).
    events.push({ ...base, start: t.date, end: t.date.plus({ days: t.days }), allDay: true });
  } else {
    const publication = publishRecurring(t, zone, month);
    const timed = (wall: WallClock) => {
      const start = instant(wall, zone);
      return { start, end: addMinutes(start, t.durationMinutes), timezone: zone };
    };
    // An occurrence written on its own (override or stand-alone): its times, and for a move, why.
    const placed = (o: PlacedOccurrence) => ({
      ...timed(o.to),
      ...(o.move ? { description: describe(window, schedule, o.move) } : {}),
    });
    const singles = [...publication.singles];
    for (const { suffix, parts, layout } of publication.series) {
      const id = `${window.id}${suffix}@${schedule.calendar.domain}`;
      if (layout.start) {
        const rrule = parts.map(([k, v]) => `${k}=${v}`);
        if (layout.lastDay) rrule.push(`UNTIL=${utcStamp(endOfLocalDay(layout.lastDay, zone))}`);
        const lines = [`RRULE:${rrule.join(';')}`];
        if (layout.exdates.length > 0) {
          // Same TZID and local time as DTSTART: Apple ignores a UTC EXDATE against a TZID start.
          lines.push(
            `EXDATE;TZID=${zone}:${layout.exdates.map((d) => localStamp(atTime(d, t.time).toMillis())).join(',')}`,
          );
        }
        events.push({ ...base, id, ...timed(layout.start), repeating: lines.join('\n') });
        for (const o of layout.overrides) {
          events.push({ ...base, id, ...placed(o), recurrenceId: instant(atTime(o.original, t.time), zone) });
        }
      }
      singles.push(...layout.detached);
    }
    singles.sort((a, b) => a.original.toMillis() - b.original.toMillis());
    for (const d of singles) {
      events.push({
        ...base,
        ...placed(d),
        id: `${window.id}-${dateStamp(d.original.toMillis())}@${schedule.calendar.domain}`,
      });
    }
    // A called-off occurrence: its date is an EXDATE of the series (via except), and this
    // stand-alone event at the original time says so. STATUS:CANCELLED is what each client
    // understands as cancelled (Google hides it, Apple strikes it through); Outlook shows it
    // as an ordinary free event, so the title starts with AVLYST (calendar-clients.md).
    for (const c of t.cancelled ?? []) {
      events.push({
        ...base,
        ...timed(atTime(c.date, t.time)),
        id: `${window.id}-${dateStamp(c.date.toMillis())}@${schedule.calendar.domain}`,
        summary: feedTexts.cancelledTitle(window.title),
        status: ICalEventStatus.CANCELLED,
        description: describe(window, schedule, undefined, { ...(c.note ? { note: c.note } : {}) }),
      });
    }
  }
  const text = events
    .map((e) => {
      const event = generator.createEvent(e).toString();
      generator.clear();
      // An end in the repeated or skipped hour of a DST change names two instants (or none) in
      // local time: write it in UTC, which names one (series-layout.ts keeps such occurrences
      // out of DTSTART, so only overrides and single events carry one).
      if (e.timezone && DateTime.isDateTime(e.end) && endIsAmbiguous(e.end.toMillis(), zone))
        return event.replace(/^DTEND;TZID=[^:\r\n]+:\d{8}T\d{6}\r$/m, `DTEND:${utcStamp(e.end.toMillis())}\r`);
      return event;
    })
    .join('');
  // A rule published up to a rolling end whose dates all lie beyond it has no event yet: no text
  // (folding the empty text gave a bare CRLF, a line the lint refused, so the whole load failed).
  if (text === '') return '';
  return contentLines(text.replace(/\r\n$/, '').split('\r\n'));
}

/** How `check --explain` describes a window's place in the feeds. */
export function explainWindow(window: Window, schedule: Schedule, month: WallClock): string {
  const t = window.timing;
  if (t.kind === 'timed') return 'one event';
  if (t.kind === 'all-day') return `one all-day event (${t.days} day${t.days === 1 ? '' : 's'})`;
  return explainPublication(publishRecurring(t, schedule.calendar.timezone, month));
}

const EVENT_STATUS = {
  confirmed: ICalEventStatus.CONFIRMED,
  tentative: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
} as const;

function describe(
  window: Window,
  schedule: Schedule,
  move?: { from: WallClock; note?: string },
  cancelled: { note?: string } | undefined = window.status === 'cancelled' ? {} : undefined,
): string {
  const index = scheduleIndex(schedule);
  const systems = window.allSystems
    ? feedTexts.allSystems
    : window.systems.map((id) => withAliases(index.system(id))).join(', ');
  const parts: string[] = [];
  if (cancelled) parts.push(feedTexts.cancelled(cancelled.note));
  if (move) parts.push(feedTexts.moved(move.from.toFormat('dd.MM.yyyy'), move.note));
  if (window.status === 'tentative') parts.push(feedTexts.tentative);
  if (window.description) parts.push(window.description);
  parts.push(feedTexts.affects(systems, index.provider(window.provider).name));
  const dependents = dependentsText(window, schedule);
  if (dependents) parts.push(dependents);
  return parts.join('\n\n');
}

/** A system as the event text names it: with the other names staff know it by, so they can find it. */
function withAliases(system: System): string {
  return system.aliases ? `${system.name} (${system.aliases.join(', ')})` : system.name;
}

/** 23:59:59 local on `day`, as an instant (ms). */
function endOfLocalDay(day: WallClock, zone: string): number {
  // UNTIL with margin: the end of the last local day, so no parser drops an occurrence
  // that sits exactly on UNTIL (recurring-ical-events does on DST days, calendar-clients.md).
  const wall = (dayOf(day) + 1) * 86_400_000 - 1000;
  if (isSingleInstantAt(wall, zone)) return firstInstantAt(wall, zone);
  // A zone that changes its offset at midnight: Luxon's choice, as before.
  return DateTime.fromMillis(wall, { zone: 'utc' }).setZone(cachedZone(zone), { keepLocalTime: true }).toMillis();
}

/**
 * One line per system of the window that others depend on, naming them: "Berører Internett, som
 * IST-tjenester er avhengig av." The same text in every feed (the VEVENT is rendered once and
 * shared): it is true wherever it is read, and says why the event is in a dependent's feed.
 */
function dependentsText(window: Window, schedule: Schedule): string | undefined {
  // A window on every system leaves no dependent outside it to name.
  if (window.allSystems) return undefined;
  const index = scheduleIndex(schedule);
  const lines = window.systems.flatMap((id) => {
    const others = index.dependentsOf(id).filter((d) => !window.systems.includes(d));
    return others.length > 0
      ? [feedTexts.dependents(index.system(id).name, listNames(others.map((d) => index.system(d).name)))]
      : [];
  });
  return lines.length > 0 ? lines.join('\n') : undefined;
}

function listNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} og ${names.at(-1)}`;
}
