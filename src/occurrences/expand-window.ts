import { DateTime } from 'luxon';
import type { Freeze, Schedule, Timing, Window } from '../schedule/schedule.js';
import { recurringEnd, timedInstants } from '../schedule/timed-instants.js';
import { expandWallClock, ruleSpan } from '../time/rrule-expand.js';
import { cachedZone } from '../time/cached-zone.js';
import { atTime, instantAt, toWallClock, type WallClock } from '../time/wall-clock.js';
import { dayNumber } from '../time/calendar-units.js';
import { holidayCalendar } from '../time/public-holidays.js';
import type { Dated, FreezeOccurrence, Occurrence } from './occurrence.js';
import { holidaysDuring } from './occurrence-holidays.js';
import type { ScheduleIndex } from '../schedule/schedule-index.js';

/**
 * The one expansion of windows into dated occurrences. The feeds' RRULE/EXDATE/RECURRENCE-ID
 * must expand (in any client) to exactly this; the parser tests hold the two together.
 */
export function expandWindow(window: Window, zone: string, rangeStart: DateTime, rangeEnd: DateTime): Occurrence[] {
  const out = expandTiming(window.timing, zone, rangeStart, rangeEnd, (start, end, allDay) => ({
    window,
    start,
    end,
    allDay,
  }));
  return window.status === 'cancelled' ? out.map((o) => ({ ...o, cancelled: true })) : out;
}

/** A freeze's dated periods in a range, by start: the same expansion as a window's. */
export function expandFreeze(
  freeze: Freeze,
  zone: string,
  rangeStart: DateTime,
  rangeEnd: DateTime,
): FreezeOccurrence[] {
  return expandTiming(freeze.timing, zone, rangeStart, rangeEnd, (start, end, allDay) => ({
    freeze,
    start,
    end,
    allDay,
  }));
}

/** Every freeze period of the schedule in a range, by start. */
export function expandFreezes(schedule: Schedule, rangeStart: DateTime, rangeEnd: DateTime): FreezeOccurrence[] {
  const zone = schedule.calendar.timezone;
  return (schedule.freezes ?? [])
    .flatMap((f) => expandFreeze(f, zone, rangeStart, rangeEnd))
    .sort((a, b) => a.start.toMillis() - b.start.toMillis() || a.freeze.id.localeCompare(b.freeze.id));
}

/** The one expansion of a timing; `make` gives each period its owner (a window or a freeze). */
function expandTiming<O extends Dated>(
  t: Timing,
  zone: string,
  rangeStart: DateTime,
  rangeEnd: DateTime,
  make: (start: DateTime, end: DateTime, allDay: boolean) => O,
): O[] {
  const overlaps = (o: O) => o.end > rangeStart && o.start < rangeEnd;
  if (t.kind === 'timed') {
    const { start, end } = timedInstants(t, zone);
    const o = make(start, end, false);
    return overlaps(o) ? [o] : [];
  }
  if (t.kind === 'all-day') {
    // Midnight can fall in a DST gap in some zones; Luxon's forward shift is right for a whole day.
    const day = (d: WallClock) => d.setZone(cachedZone(zone), { keepLocalTime: true });
    const o = make(day(t.date), day(t.date.plus({ days: t.days })), true);
    return overlaps(o) ? [o] : [];
  }
  const out: O[] = [];
  // Dates as day numbers: the page, the API and `check` expand thousands of occurrences.
  const skip = new Set([...t.except, ...t.moved.map((m) => m.date)].map(dayNumber));
  // Widen by the duration so an occurrence that started before the range but is still going counts.
  const from = toWallClock(rangeStart, zone).minus({ minutes: t.durationMinutes });
  const tz = cachedZone(zone);
  // With `end:` an occurrence ends at that local time, so on a clock-change day its length differs.
  const startingAt = (wall: WallClock) => {
    const start = instantAt(wall.toMillis(), zone);
    const end = recurringEnd(t, start, wall.toMillis(), zone);
    return make(DateTime.fromMillis(start, { zone: tz }), DateTime.fromMillis(end, { zone: tz }), false);
  };
  for (const wall of expandWallClock(ruleSpan(t), from, toWallClock(rangeEnd, zone))) {
    if (skip.size > 0 && skip.has(dayNumber(wall))) continue;
    const o = startingAt(wall);
    if (overlaps(o)) out.push(o);
  }
  for (const m of t.moved) {
    const o = startingAt(m.to);
    o.movedFrom = m.date;
    if (m.note) o.note = m.note;
    if (overlaps(o)) out.push(o);
  }
  // Called-off occurrences stay in the expansion, marked: the feeds publish them as cancelled
  // events and the page shows "Avlyst" where they were.
  for (const c of t.cancelled ?? []) {
    const o = startingAt(atTime(c.date, t.time));
    o.cancelled = true;
    if (c.note) o.note = c.note;
    if (overlaps(o)) out.push(o);
  }
  return out.sort((a, b) => a.start.toMillis() - b.start.toMillis());
}

/** Every occurrence of the schedule's windows (optionally only some) in a range, by start. */
export function expandSchedule(
  schedule: Schedule,
  rangeStart: DateTime,
  rangeEnd: DateTime,
  include: (w: Window) => boolean = () => true,
): Occurrence[] {
  return expandWindows(schedule, schedule.windows.filter(include), rangeStart, rangeEnd);
}

/**
 * The occurrences a selection of systems sees (every one when `ids` is empty): each window as
 * ScheduleIndex.windowFor gives it, the same as the feeds of those systems hold.
 */
export function expandSelected(
  index: ScheduleIndex,
  rangeStart: DateTime,
  rangeEnd: DateTime,
  ids: readonly string[],
): Occurrence[] {
  const { schedule } = index;
  const windows = schedule.windows.flatMap((w) => index.windowFor(w, ids) ?? []);
  return expandWindows(schedule, windows, rangeStart, rangeEnd);
}

function expandWindows(schedule: Schedule, windows: Window[], rangeStart: DateTime, rangeEnd: DateTime): Occurrence[] {
  const zone = schedule.calendar.timezone;
  const holidays = schedule.calendar.holidays ? holidayCalendar(schedule.calendar.holidays) : null;
  const occurrences = windows.flatMap((w) => expandWindow(w, zone, rangeStart, rangeEnd)).sort(byStart);
  if (holidays)
    for (const o of occurrences) {
      const on = holidaysDuring(o, zone, holidays)[0];
      if (on) o.holiday = on.name;
    }
  return occurrences;
}

function byStart(a: Occurrence, b: Occurrence): number {
  return a.start.toMillis() - b.start.toMillis() || a.window.id.localeCompare(b.window.id);
}
