import { DateTime } from 'luxon';
import {
  DEFAULT_STAMP,
  type Recurring,
  type Schedule,
  type System,
  type Timing,
  type Window,
} from '../schedule/schedule.js';
import { cachedZone } from '../time/cached-zone.js';
import { atTime, instantAt, instantsAt, type WallClock } from '../time/wall-clock.js';
import { dateStamp, localStamp, utcStamp } from './date-stamps.js';
import type { ScheduleIndex } from '../schedule/schedule-index.js';
import { recurringEnd, timedInstants } from '../schedule/timed-instants.js';
import { contentLines } from './content-line.js';
import { feedTexts } from './feed-texts.js';
import type { PlacedOccurrence } from './series-layout.js';
import { explainPublication, publishRecurring } from './series-forms.js';
import { veventLines, type EventSpan, type VEventFields } from './vevent-text.js';
import { DAY_MS, dayNumber } from '../time/calendar-units.js';

/**
 * All VEVENT text (folded, CRLF) for one window. `month` is the first day of the month the feeds
 * are rendered in: rules Outlook can not map as written are published up to a rolling end from it.
 * A window's text is the same in every feed that holds it; the feeds join the texts.
 */
export function renderWindow(window: Window, index: ScheduleIndex, month: WallClock): string {
  const { schedule } = index;
  const zone = schedule.calendar.timezone;
  const domain = schedule.calendar.domain;
  const updated = window.updated ?? schedule.calendar.updated;
  // DTSTAMP and LAST-MODIFIED are instants, written in UTC (a stamp in a named zone is written
  // without Z by some libraries, calendar-clients.md).
  const stamp = (updated ?? DEFAULT_STAMP).toMillis();
  const organizer = schedule.calendar.organizer;
  const base: Omit<VEventFields, 'span'> = {
    uid: `${window.id}@${domain}`,
    sequence: window.sequence,
    stamp,
    ...(updated ? { lastModified: stamp } : {}),
    summary:
      window.status === 'cancelled'
        ? feedTexts.cancelledTitle(window.title)
        : window.status === 'tentative'
          ? feedTexts.tentativeTitle(window.title)
          : window.title,
    description: describe(window, index),
    status: EVENT_STATUS[window.status],
    ...(organizer ? { organizer } : {}),
  };
  const t = window.timing;
  const events = timingEvents(window.id, t, base, schedule, month, (move) => describe(window, index, move));
  if (t.kind === 'recurring') {
    // A called-off occurrence: its date is an EXDATE of the series (via except), and this
    // stand-alone event at the original time says so. STATUS:CANCELLED is what each client
    // understands as cancelled (Google hides it, Apple strikes it through); Outlook shows it
    // as an ordinary free event, so the title starts with AVLYST (calendar-clients.md).
    for (const c of t.cancelled ?? []) {
      events.push({
        ...base,
        span: occurrenceSpan(atTime(c.date, t.time), t, zone),
        uid: `${window.id}-${dateStamp(c.date.toMillis())}@${domain}`,
        summary: feedTexts.cancelledTitle(window.title),
        status: 'CANCELLED',
        description: describe(window, index, undefined, { ...(c.note ? { note: c.note } : {}) }),
      });
    }
  }
  // A rule published up to a rolling end whose dates all lie beyond it has no event yet: no text
  // (folding the empty text gave a bare CRLF, a line the lint refused, so the whole load failed).
  if (events.length === 0) return '';
  // One array for all the lines (flatMap over the events was a tenth of rendering a window).
  const lines: string[] = [];
  for (const e of events) veventLines(e, lines);
  return contentLines(lines);
}

/**
 * The events of a timing (a window's or a freeze's), all with the fields of `base`: one event,
 * one all-day event, or the series, overrides and single events a rule is published as.
 * `describeMove` gives a moved occurrence its text.
 */
export function timingEvents(
  id: string,
  t: Timing,
  base: Omit<VEventFields, 'span'>,
  schedule: Schedule,
  month: WallClock,
  describeMove: (move: { from: WallClock; note?: string }) => string,
): VEventFields[] {
  const zone = schedule.calendar.timezone;
  const domain = schedule.calendar.domain;
  const events: VEventFields[] = [];
  if (t.kind === 'timed') {
    const { start, end } = timedInstants(t, zone);
    events.push({ ...base, span: { kind: 'zoned', zone, start: start.toMillis(), end: end.toMillis() } });
  } else if (t.kind === 'all-day') {
    // All-day dates are dates, never instants, or the day can shift (calendar-clients.md).
    const first = t.date.toMillis();
    events.push({ ...base, span: { kind: 'days', first, after: first + t.days * DAY_MS } });
  } else {
    const publication = publishRecurring(t, zone, month);
    const timed = (wall: WallClock) => ({ span: occurrenceSpan(wall, t, zone) });
    // An occurrence written on its own (override or stand-alone): its times, and for a move, why.
    const placed = (o: PlacedOccurrence) => ({
      ...timed(o.to),
      ...(o.move ? { description: describeMove(o.move) } : {}),
    });
    const singles = [...publication.singles];
    for (const { suffix, parts, layout } of publication.series) {
      const uid = `${id}${suffix}@${domain}`;
      if (layout.start) {
        const rrule = parts.map(([k, v]) => `${k}=${v}`);
        if (layout.lastDay) rrule.push(`UNTIL=${utcStamp(endOfLocalDay(layout.lastDay, zone))}`);
        const repeating = [`RRULE:${rrule.join(';')}`];
        if (layout.exdates.length > 0) {
          // Same TZID and local time as DTSTART: Apple ignores a UTC EXDATE against a TZID start.
          repeating.push(
            `EXDATE;TZID=${zone}:${layout.exdates.map((d) => localStamp(atTime(d, t.time).toMillis())).join(',')}`,
          );
        }
        events.push({ ...base, uid, ...timed(layout.start), repeating });
        for (const o of layout.overrides) {
          const recurrenceId = instantAt(atTime(o.original, t.time).toMillis(), zone);
          events.push({ ...base, uid, ...placed(o), recurrenceId });
        }
      }
      singles.push(...layout.detached);
    }
    singles.sort((a, b) => a.original.toMillis() - b.original.toMillis());
    for (const d of singles) {
      events.push({ ...base, ...placed(d), uid: `${id}-${dateStamp(d.original.toMillis())}@${domain}` });
    }
  }
  return events;
}

/** An occurrence of a rule starting at `wall` (local), as the instants it covers (`end:` is a local time). */
function occurrenceSpan(wall: WallClock, t: Recurring, zone: string): EventSpan {
  const start = instantAt(wall.toMillis(), zone);
  return { kind: 'zoned', zone, start, end: recurringEnd(t, start, wall.toMillis(), zone) };
}

/** How `check --explain` describes a window's place in the feeds. */
export function explainWindow(window: Window, schedule: Schedule, month: WallClock): string {
  const t = window.timing;
  if (t.kind === 'timed') return 'one event';
  if (t.kind === 'all-day') return `one all-day event (${t.days} day${t.days === 1 ? '' : 's'})`;
  return explainPublication(publishRecurring(t, schedule.calendar.timezone, month));
}

const EVENT_STATUS = { confirmed: 'CONFIRMED', tentative: 'TENTATIVE', cancelled: 'CANCELLED' } as const;

function describe(
  window: Window,
  index: ScheduleIndex,
  move?: { from: WallClock; note?: string },
  cancelled: { note?: string } | undefined = window.status === 'cancelled' ? {} : undefined,
): string {
  const systems = window.allSystems
    ? feedTexts.allSystems
    : window.systems.map((id) => withAliases(index.system(id))).join(', ');
  const parts: string[] = [];
  if (cancelled) parts.push(feedTexts.cancelled(cancelled.note));
  if (move) parts.push(feedTexts.moved(move.from.toFormat('dd.MM.yyyy'), move.note));
  if (window.status === 'tentative') parts.push(feedTexts.tentative);
  if (window.description) parts.push(window.description);
  parts.push(feedTexts.affects(systems, index.provider(window.provider).name));
  const dependents = dependentsText(window, index);
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
  const wall = (dayNumber(day) + 1) * DAY_MS - 1000;
  const instants = instantsAt(wall, zone);
  if (instants.length === 1) return instants[0]!;
  // A zone that changes its offset at midnight: Luxon's choice, as before.
  return DateTime.fromMillis(wall, { zone: 'utc' }).setZone(cachedZone(zone), { keepLocalTime: true }).toMillis();
}

/**
 * One line per system of the window that others depend on, naming them: "Berører Internett, som
 * IST-tjenester er avhengig av." The same text in every feed (the VEVENT is rendered once and
 * shared): it is true wherever it is read, and says why the event is in a dependent's feed.
 */
function dependentsText(window: Window, index: ScheduleIndex): string | undefined {
  // A window on every system leaves no dependent outside it to name.
  if (window.allSystems) return undefined;
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
