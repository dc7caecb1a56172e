import { publishingMonth } from '../time/horizon.js';
import type { WallClock } from '../time/wall-clock.js';
import type { DateTime } from 'luxon';
import { renderWindow } from '../ical/render-window.js';
import { expandSchedule } from '../occurrences/expand-window.js';
import type { Occurrence } from '../occurrences/occurrence.js';
import type { ParsedSchedule } from '../schedule-file/parse-schedule.js';
import type { ScheduleProblem } from '../schedule-file/schedule-error.js';
import type { Schedule, System, Window } from '../schedule/schedule.js';
import type { ScheduleIndex } from '../schedule/schedule-index.js';
import { existsOn } from '../schedule/system-lifetimes.js';
import { toWallClock } from '../time/wall-clock.js';
import { freezePeriods, freezesMet } from '../occurrences/freeze-conflicts.js';

export type ChangeKind = 'added' | 'removed' | 'moved' | 'cancelled' | 'restored' | 'changed';

/** One occurrence that differs between two schedules. */
export interface OccurrenceChange {
  kind: ChangeKind;
  windowId: string;
  /** The occurrence as it is now (absent when removed) and as it was (absent when added). */
  after?: Occurrence;
  before?: Occurrence;
  /** For `changed`: which of title, description, systems, provider, status, note differ. */
  fields?: string[];
  /** Removed because its whole window was deleted rather than cancelled. */
  windowDeleted?: boolean;
  /** The occurrence (after) is in a freeze, approved with `on-freeze: allow`: the freeze and the reason. */
  freeze?: { id: string; title: string; reason: string };
}

/** A window whose feed text changed while its sequence did not rise. */
export interface SequenceProblem {
  windowId: string;
  before: number;
  after: number;
  problem: ScheduleProblem;
}

/**
 * A window added, removed or changed as a whole. Every one is reported, whatever its dates: a
 * window dated 2023 by mistake (meant 2027) has no occurrence in the days the table covers, and
 * must still show in review.
 */
export interface WindowChange {
  kind: 'added' | 'removed' | 'changed';
  windowId: string;
  title: string;
  /** The local dates it covers: "2023-03-01", "2023-03-01 – 2023-03-02", "from 2023-01-01, repeating". */
  dates: string;
  /** Its last occurrence ended before now: in a review, most likely a wrong year. */
  inPast: boolean;
  /** An announcement with this id became this window (it got a date). */
  wasAnnounced: boolean;
}

/**
 * A system added to or removed from the schedule: one change, however many occurrences it joins
 * or leaves (issue 19 point 7); the occurrences whose only change is that system are not listed.
 */
export interface SystemChange {
  kind: 'added' | 'removed';
  system: System;
  /** The windows that name it (not by `systems: all`). */
  windows: string[];
}

export interface ScheduleDiff {
  from: DateTime;
  to: DateTime;
  timezone: string;
  changes: OccurrenceChange[];
  /** Windows added, removed or changed that have no row in `changes` (no occurrence in the range). */
  outside: WindowChange[];
  /** Ids of windows in `changes` that were announcements before. */
  announced: string[];
  systems: SystemChange[];
  sequence: SequenceProblem[];
}

/** How far beyond the range occurrences are matched, so a move into or out of it is a move. */
const MATCH_MARGIN_DAYS = 400;

/**
 * Compares two versions of a schedule: every occurrence in [from, from + days) that was added,
 * removed, moved, cancelled (or restored) or changed, and every window whose VEVENT text changed
 * while its `sequence` did not rise (clients would keep their old copy).
 */
export function diffSchedules(
  before: ParsedSchedule,
  after: ParsedSchedule,
  from: DateTime,
  days: number,
  now: DateTime = from,
): ScheduleDiff {
  const to = from.plus({ days });
  const wideFrom = from.minus({ days: MATCH_MARGIN_DAYS });
  const wideTo = to.plus({ days: MATCH_MARGIN_DAYS });
  const zone = after.schedule.calendar.timezone;
  const keyed = (s: Schedule) =>
    new Map(expandSchedule(s, wideFrom, wideTo).map((o) => [occurrenceKey(o, s.calendar.timezone), o]));
  const old = keyed(before.schedule);
  const current = keyed(after.schedule);
  const inRange = (o?: Occurrence) => !!o && o.end > from && o.start < to;
  const kept = new Set(after.schedule.windows.map((w) => w.id));
  const deleted = new Set(before.schedule.windows.filter((w) => !kept.has(w.id)).map((w) => w.id));
  const changes: OccurrenceChange[] = [];
  for (const key of new Set([...old.keys(), ...current.keys()])) {
    const b = old.get(key);
    const a = current.get(key);
    if (!inRange(a) && !inRange(b)) continue;
    const windowId = (a ?? b)!.window.id;
    if (!b) changes.push({ kind: 'added', windowId, after: a! });
    else if (!a)
      changes.push({ kind: 'removed', windowId, before: b, ...(deleted.has(windowId) ? { windowDeleted: true } : {}) });
    else if (!!a.cancelled !== !!b.cancelled)
      changes.push({ kind: a.cancelled ? 'cancelled' : 'restored', windowId, after: a, before: b });
    else if (!a.start.equals(b.start) || !a.end.equals(b.end) || a.allDay !== b.allDay)
      changes.push({ kind: 'moved', windowId, after: a, before: b });
    else {
      const fields = changedFields(b, a, before.index, after.index);
      if (fields.length > 0) changes.push({ kind: 'changed', windowId, after: a, before: b, fields });
    }
  }
  const month = publishingMonth(from.toJSDate(), zone);
  const periods = freezePeriods(after.index, month);
  for (const c of changes) {
    const a = c.after;
    if (!a || a.window.onFreeze !== 'allow' || periods.length === 0) continue;
    const met = freezesMet(after.index, a, periods)[0];
    if (met) c.freeze = { id: met.id, title: met.title, reason: a.window.freezeReason ?? '' };
  }
  const systems = systemChanges(before.schedule, after.schedule);
  const joined = new Set(systems.map((c) => c.system.id));
  // An occurrence changed only by a system that joined or left the schedule is that one change.
  const covered = (c: OccurrenceChange) =>
    c.kind === 'changed' &&
    c.fields!.length === 1 &&
    c.fields![0] === 'systems' &&
    symmetricDifference(ownSystemsOn(c.before!, before.index), ownSystemsOn(c.after!, after.index)).every((id) =>
      joined.has(id),
    );
  const listed = changes.filter((c) => !covered(c));
  listed.sort(
    (x, y) =>
      (x.after ?? x.before)!.start.toMillis() - (y.after ?? y.before)!.start.toMillis() ||
      x.windowId.localeCompare(y.windowId),
  );
  const windows = windowChanges(before, after, month, toWallClock(now, zone));
  const inTable = new Set(changes.map((c) => c.windowId));
  return {
    from,
    to,
    timezone: zone,
    changes: listed,
    systems,
    outside: windows.filter((w) => !inTable.has(w.windowId)),
    announced: windows.filter((w) => w.wasAnnounced && inTable.has(w.windowId)).map((w) => w.windowId),
    sequence: sequenceProblems(before, after, month),
  };
}

/** Every window added, removed or changed (in what clients see, or its title and texts). */
function windowChanges(
  before: ParsedSchedule,
  after: ParsedSchedule,
  month: WallClock,
  today: WallClock,
): WindowChange[] {
  const old = new Map(before.schedule.windows.map((w) => [w.id, w]));
  const kept = new Set(after.schedule.windows.map((w) => w.id));
  const announced = new Set(before.schedule.announcements.map((a) => a.id));
  const row = (kind: WindowChange['kind'], w: Window): WindowChange => ({
    kind,
    windowId: w.id,
    title: w.title,
    ...windowDates(w, today),
    wasAnnounced: kind === 'added' && announced.has(w.id),
  });
  const out: WindowChange[] = [];
  for (const w of after.schedule.windows) {
    const o = old.get(w.id);
    if (!o) out.push(row('added', w));
    else if (feedText(o, before.index, month) !== feedText(w, after.index, month)) out.push(row('changed', w));
  }
  for (const w of before.schedule.windows) if (!kept.has(w.id)) out.push(row('removed', w));
  return out;
}

/** The local dates a window covers, and whether all of them lie before `today`. */
function windowDates(w: Window, today: WallClock): Pick<WindowChange, 'dates' | 'inPast'> {
  const t = w.timing;
  const day = (d: WallClock) => d.toISODate()!;
  const span = (a: WallClock, b: WallClock) => (day(a) === day(b) ? day(a) : `${day(a)} – ${day(b)}`);
  if (t.kind === 'timed') return { dates: span(t.start, t.end), inPast: t.end <= today };
  if (t.kind === 'all-day') {
    const last = t.date.plus({ days: t.days - 1 });
    return { dates: span(t.date, last), inPast: last.plus({ days: 1 }) <= today };
  }
  if (!t.until) return { dates: `from ${day(t.from)}, repeating`, inPast: false };
  return { dates: `${day(t.from)} – ${day(t.until)}, repeating`, inPast: t.until.plus({ days: 2 }) <= today };
}

/** Systems in one schedule and not the other, with the windows that name them. */
function systemChanges(before: Schedule, after: Schedule): SystemChange[] {
  const naming = (s: Schedule, id: string) =>
    s.windows.filter((w) => !w.allSystems && w.systems.includes(id)).map((w) => w.id);
  const ids = (s: Schedule) => new Set(s.systems.map((x) => x.id));
  const [old, now] = [ids(before), ids(after)];
  return [
    ...after.systems
      .filter((x) => !old.has(x.id))
      .map((system) => ({ kind: 'added' as const, system, windows: naming(after, system.id) })),
    ...before.systems
      .filter((x) => !now.has(x.id))
      .map((system) => ({ kind: 'removed' as const, system, windows: naming(before, system.id) })),
  ];
}

/** A window's own systems that exist on the occurrence's date (systems' from:/until:), as ids. */
function ownSystemsOn(o: Occurrence, index: ScheduleIndex): string[] {
  const day = o.movedFrom ?? toWallClock(o.start, index.schedule.calendar.timezone);
  return o.window.systems.filter((id) => existsOn(index.system(id), day));
}

function symmetricDifference(a: readonly string[], b: readonly string[]): string[] {
  return [...a.filter((x) => !b.includes(x)), ...b.filter((x) => !a.includes(x))];
}

/** Which occurrence a rule date (or a one-off window) is: stable across moves and cancellations. */
function occurrenceKey(o: Occurrence, zone: string): string {
  if (o.window.timing.kind !== 'recurring') return o.window.id;
  const slot = o.movedFrom ?? toWallClock(o.start, zone);
  return `${o.window.id} ${slot.toISODate()}`;
}

function changedFields(b: Occurrence, a: Occurrence, old: ScheduleIndex, now: ScheduleIndex): string[] {
  const view = (o: Occurrence, s: ScheduleIndex) => ({
    title: o.window.title,
    description: o.window.description ?? '',
    systems: o.window.allSystems ? 'all' : ownSystemsOn(o, s).join(','),
    provider: s.schedule.providers.find((p) => p.id === o.window.provider)?.name ?? o.window.provider,
    status: o.window.status,
    note: o.note ?? '',
  });
  const x = view(b, old);
  const y = view(a, now);
  return (Object.keys(x) as (keyof typeof x)[]).filter((k) => x[k] !== y[k]);
}

/**
 * The VEVENT text that matters to clients: without SEQUENCE and the stamps, which --fix itself
 * changes. Both versions are rendered for the same month, so a rolling end is no change.
 */
function feedText(w: Window, index: ScheduleIndex, month: WallClock): string {
  return renderWindow(w, index, month)
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter((l) => !/^(SEQUENCE|DTSTAMP|LAST-MODIFIED)[:;]/.test(l))
    .join('\n');
}

function sequenceProblems(before: ParsedSchedule, after: ParsedSchedule, month: WallClock): SequenceProblem[] {
  const out: SequenceProblem[] = [];
  const previous = new Map(before.schedule.windows.map((w) => [w.id, w]));
  for (const w of after.schedule.windows) {
    const old = previous.get(w.id);
    if (!old || w.sequence > old.sequence) continue;
    if (feedText(old, before.index, month) === feedText(w, after.index, month)) continue;
    out.push({
      windowId: w.id,
      before: old.sequence,
      after: w.sequence,
      problem: after.positions.problem(
        w.id,
        'sequence',
        `window '${w.id}' changed in the feeds but its sequence is ${w.sequence} (was ${old.sequence}); raise it to ${old.sequence + 1} so calendars replace their copy (nedetid diff --fix does)`,
        'error',
      ),
    });
  }
  return out;
}
