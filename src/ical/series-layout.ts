import type { Move, Recurring } from '../schedule/schedule.js';
import type { RecurrenceRule } from '../time/recurrence-rule.js';
import { ruleHorizon } from '../time/horizon.js';
import { cachedZone, MIN_DAYS_BETWEEN_CHANGES } from '../time/cached-zone.js';
import { expandMillis, ruleSpan } from '../time/rrule-expand.js';
import { DateTime } from 'luxon';
import { recurringEnd } from '../schedule/timed-instants.js';
import { atTime, endOfDay, instantsAt, plusYears, type WallClock } from '../time/wall-clock.js';
import { DAY_MS, dayNumber } from '../time/calendar-units.js';

export interface PlacedOccurrence {
  /** The date (midnight) the rule gives it: RECURRENCE-ID, or the date in a stand-alone event's UID. */
  original: WallClock;
  /** Its real start, wall clock. */
  to: WallClock;
  /**
   * Set for an occurrence the schedule moves: the date it was moved from and why. Absent for one
   * written out only because it spans a DST change or because the rule's date is not the template's.
   */
  move?: { from: WallClock; note?: string };
}

/** One template series to lay out: a rule with except and moved dates, like a recurring window. */
export interface SeriesInput extends Omit<Recurring, 'kind' | 'rule' | 'offsetDays' | 'moved'> {
  rule: RecurrenceRule;
  /** `shown` is what a subscriber is told about the move; without it the move is silent. */
  moved: (Move & { shown?: { from: WallClock; note?: string } })[];
}

/** How one recurring window is written: a master with RRULE/EXDATE, overrides, and stand-alone events. */
export interface SeriesLayout {
  /** DTSTART: an occurrence of the rule that is neither cancelled, moved away nor across a DST change. */
  start?: WallClock;
  /** Last day the rule may produce, for UNTIL; absent for an open-ended rule. */
  lastDay?: WallClock;
  exdates: WallClock[];
  /** Occurrences written as RECURRENCE-ID overrides of the master, with explicit DTSTART/DTEND. */
  overrides: PlacedOccurrence[];
  /** Occurrences Outlook could not keep as overrides: their date is excluded and a separate event published. */
  detached: PlacedOccurrence[];
  /** For an open-ended rule: the last day occurrences are written out to (ruleHorizon from the publishing month). */
  reach?: WallClock;
}

/**
 * `month` is the publishing month: occurrences of an open-ended rule are written out (across a
 * clock change) up to ruleHorizon from it, so the reach moves with time (issue 19.1).
 */
export function layoutSeries(series: Recurring | SeriesInput, zone: string, month: WallClock): SeriesLayout {
  // A window's own moves are shown as moves; a series made for Outlook says what it carries.
  const t: SeriesInput =
    'kind' in series
      ? {
          ...series,
          moved: series.moved.map((m) => ({ ...m, shown: { from: m.date, ...(m.note ? { note: m.note } : {}) } })),
        }
      : series;
  const span = ruleSpan(t);
  // Occurrences are handled as wall-clock milliseconds (an open-ended monthly rule has 240 in its
  // horizon), and days as numbers: Luxon objects only for the few occurrences that are written.
  const excepted = new Set(t.except.map(dayNumber));
  const movedTo = new Map(t.moved.map((m) => [dayNumber(m.date), m.to]));
  const effectiveDay = (ms: number) => {
    const to = movedTo.get(dayNumber(ms));
    return to ? dayNumber(to) : dayNumber(ms);
  };
  const overrides: PlacedOccurrence[] = [];
  const detached: PlacedOccurrence[] = [];
  // COUNT (at most 10,000) ends the rule by itself, possibly past the horizon of open-ended ones.
  const horizon = (
    t.until ? endOfDay(t.until) : t.rule.count !== undefined ? plusYears(t.from, 1000) : ruleHorizon(t.from, month)
  ).toMillis();
  // One expansion serves the horizon and every move's neighbours (rrule.js walks from the
  // start of the rule on every call, so one call per move cost moves × rule length).
  const lastMove = t.moved.reduce((a, m) => (m.date > a ? m.date : a), t.from);
  const reach = t.moved.length > 0 ? endOfDay(plusYears(lastMove, 2)).toMillis() : horizon;
  const all = expandMillis(span, t.from.toMillis(), reach > horizon ? reach : horizon);
  // Outlook keeps a moved occurrence only between its neighbours and not on a day that already
  // has one (MS-OXOCAL 3.1.4.6.2; "cannot skip over a later occurrence"). A move that does not
  // fit is published on its own and its date excluded, which takes it out of its neighbours'
  // view too: so decide again until nothing changes (found by the random-schedule test: two
  // moves into the same week, the first excluded, the second onto the day of an instance).
  const out = new Set<number>();
  for (let changed = true; changed;) {
    changed = false;
    for (const m of t.moved) {
      if (out.has(dayNumber(m.date))) continue;
      const [lo, hi] = [m.date.minus({ years: 2 }).toMillis(), endOfDay(m.date.plus({ years: 2 })).toMillis()];
      const date = m.date.toMillis();
      const around = all.filter(
        (d) =>
          d >= lo &&
          d <= hi &&
          !excepted.has(dayNumber(d)) &&
          !out.has(dayNumber(d)) &&
          dayNumber(d) !== dayNumber(m.date),
      );
      const prev = around.filter((d) => d < date).at(-1);
      const next = around.find((d) => d > date);
      const target = dayNumber(m.to);
      const fits =
        (prev === undefined || effectiveDay(prev) < target) && (next === undefined || target < effectiveDay(next));
      if (!fits) {
        out.add(dayNumber(m.date));
        changed = true;
      }
    }
  }
  for (const m of t.moved) {
    const placed = { original: m.date, to: m.to, ...(m.shown ? { move: m.shown } : {}) };
    (out.has(dayNumber(m.date)) ? detached : overrides).push(placed);
  }
  // An occurrence across a DST change has a different length in wall-clock time than in real
  // time, and clients disagree on which DTEND - DTSTART means (RFC 5545 says exact, Outlook
  // keeps wall-clock offsets). Writing such occurrences out with their own DTEND removes the doubt.
  const tz = cachedZone(zone);
  // So is one that ends in the repeated (or skipped) hour of a DST change: its local DTEND names
  // two instants, and a reader that takes the other one (Outlook's model reads standard time)
  // gets every occurrence of the series an hour longer. Such an end is written in UTC.
  // Only an occurrence whose hours some offset change of these years reaches can cross one.
  const lastYear = new Date(all.at(-1) ?? t.from.toMillis()).getUTCFullYear() + 1;
  const nearChange = tz.mayMeetChange(t.time.hour * 60 + t.time.minute, t.durationMinutes, t.from.year - 1, lastYear);
  const crossesDst = (ms: number) => {
    if (!nearChange) return false;
    // Most occurrences are days from any offset change: the same offset three days either side
    // (no zone changes twice within six days, cached-zone.ts) means neither start nor end is near one.
    if (t.durationMinutes <= 24 * 60 && tz.offset(ms - QUIET_MS) === tz.offset(ms + QUIET_MS)) return false;
    const start = instantsAt(ms, zone)[0];
    // A moved-away date may name no instant (the loader checks only where it is moved to): it is
    // written out on its own like one across a change.
    if (start === undefined) return true;
    const end = recurringEnd(t, start, ms, zone);
    return tz.offset(start) !== tz.offset(end) || endIsAmbiguous(end, zone);
  };
  const detachedMoves = new Set(detached.map((d) => dayNumber(d.original)));
  // Copies only where something is left out: most windows have no moves or exceptions.
  const produced = reach > horizon ? all.filter((d) => d <= horizon) : all;
  const kept =
    excepted.size + detachedMoves.size > 0
      ? produced.filter((d) => !excepted.has(dayNumber(d)) && !detachedMoves.has(dayNumber(d)))
      : produced;
  // DTSTART may be an occurrence that is moved by an override, but its own DTEND - DTSTART
  // sets every occurrence's length, so it must not cross a DST change.
  const firstKept = kept.find((d) => !crossesDst(d));
  const start = firstKept === undefined ? undefined : wallClock(firstKept);
  for (const d of nearChange ? kept.filter((d) => !movedTo.has(dayNumber(d)) && crossesDst(d)) : []) {
    const wall = wallClock(d);
    (start && dayNumber(d) > dayNumber(start) ? overrides : detached).push({
      original: wall.startOf('day'),
      to: atTime(wall, t.time),
    });
  }
  const lastProduced = t.until || t.rule.count !== undefined ? produced.at(-1) : undefined;
  const last = lastProduced === undefined ? undefined : wallClock(lastProduced);
  const byOriginal = (a: PlacedOccurrence, b: PlacedOccurrence) => a.original.toMillis() - b.original.toMillis();
  const layout: SeriesLayout = {
    exdates: start
      ? [...t.except, ...detached.map((d) => d.original)]
          .filter((d) => dayNumber(d) > dayNumber(start))
          .sort((a, b) => a.toMillis() - b.toMillis())
      : [],
    overrides: start ? overrides.filter((o) => dayNumber(o.original) >= dayNumber(start)).sort(byOriginal) : [],
    // Without a master, or before its start, there is nothing to override: those stand alone.
    detached: [...detached, ...overrides.filter((o) => !start || dayNumber(o.original) < dayNumber(start))].sort(
      byOriginal,
    ),
  };
  if (start) layout.start = start;
  if (last) layout.lastDay = last.startOf('day');
  if (!t.until && t.rule.count === undefined) layout.reach = wallClock(horizon - 1).startOf('day');
  return layout;
}

/** How far from an occurrence an offset change can matter to it (see crossesDst). */
const QUIET_MS = (MIN_DAYS_BETWEEN_CHANGES / 2) * DAY_MS;
const wallClock = (ms: number): WallClock => DateTime.fromMillis(ms, { zone: 'utc' });

/** Whether the local wall clock of an instant (an occurrence's end) names more or fewer than one instant. */
export function endIsAmbiguous(end: number, zone: string): boolean {
  const tz = cachedZone(zone);
  if (tz.offset(end - QUIET_MS) === tz.offset(end + QUIET_MS)) return false;
  return instantsAt(end + tz.offset(end) * 60_000, zone).length !== 1;
}
