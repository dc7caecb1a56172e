import { isScalar, type Node } from 'yaml';
import { holidayCalendar } from '../time/public-holidays.js';
import { expandWallClock, ruleSpan } from '../time/rrule-expand.js';
import { parseWallDate, type WallClock } from '../time/wall-clock.js';
import { skipDates, skipHorizon, sortDates } from '../schedule/skipped-dates.js';
import type { Cancellation, CalendarSettings, HolidayPolicy, Window } from '../schedule/schedule.js';
import { readMap, readSeq, readText, type Entry, type YamlSource } from './yaml-source.js';

/** The window keys read here: planning on top of the timing (window-timing.ts). */
export const PLANNING_KEYS = ['on-holiday', 'overlaps', 'cancelled', 'on-freeze', 'freeze-reason'] as const;

const POLICIES: readonly HolidayPolicy[] = ['warn', 'skip', 'allow'];

/** `overlaps:` ids to check once every window id is known. */
export interface PendingOverlaps {
  window: string;
  ids: { id: string; node: Node }[];
}

/**
 * Reads `on-holiday`, `overlaps` and `cancelled` of a parsed window and applies them: cancelled
 * dates and (with `on-holiday: skip`) the holidays the rule produces join `except`, so the series
 * excludes them with EXDATE, which every client (Outlook included) honours exactly.
 */
export function readWindowPlanning(
  src: YamlSource,
  m: Map<string, Entry>,
  window: Window,
  calendar: CalendarSettings,
  month: WallClock | undefined,
): PendingOverlaps | null {
  const t = window.timing;
  const policyEntry = m.get('on-holiday');
  if (policyEntry) {
    const text = readText(src, policyEntry.value, 'on-holiday');
    if (text && !(POLICIES as string[]).includes(text))
      src.problem(policyEntry.value, `on-holiday '${text}' must be warn (the default), skip or allow`);
    else if (text === 'skip' && t.kind !== 'recurring')
      src.problem(
        policyEntry.value,
        `on-holiday: skip only applies to a recurring window; move window '${window.id}' off the holiday instead`,
      );
    else if (text === 'skip' && !calendar.holidays)
      src.problem(policyEntry.value, 'on-holiday: skip needs calendar.holidays (a country such as NO)');
    else if (text) window.onHoliday = text as HolidayPolicy;
  }

  const cancelledEntry = m.get('cancelled');
  if (cancelledEntry) {
    if (t.kind !== 'recurring')
      src.problem(
        cancelledEntry.key,
        `\`cancelled:\` lists occurrences of a recurring window; to call off window '${window.id}', set \`status: cancelled\``,
      );
    else {
      const cancelled = readCancellations(src, cancelledEntry);
      if (cancelled) {
        const span = ruleSpan(t);
        const taken = new Set([...t.except, ...t.moved.map((mv) => mv.date)].map((d) => d.toISODate()));
        for (const { cancellation: c, node } of cancelled) {
          const key = c.date.toISODate();
          if (expandWallClock(span, c.date, c.date.endOf('day'), 1).length === 0)
            src.problem(node, `cancelled ${key}: the rule never produces this date`);
          else if (taken.has(key))
            src.problem(
              node,
              `cancelled ${key} is also in except or moved; an occurrence is either cancelled, moved or left out`,
            );
          taken.add(key);
        }
        t.cancelled = cancelled.map((c) => c.cancellation);
        t.except = sortDates([...t.except, ...t.cancelled.map((c) => c.date)]);
      }
    }
  }

  if (window.onHoliday === 'skip' && t.kind === 'recurring' && calendar.holidays) {
    const holidays = holidayCalendar(calendar.holidays)!;
    const found: { date: WallClock; name: string }[] = [];
    for (const o of expandWallClock(ruleSpan(t), t.from, skipHorizon(t, month))) {
      const name = holidays.nameOn(o);
      if (name) found.push({ date: o, name });
    }
    const skipped = skipDates(t, found);
    if (skipped.length > 0) t.skippedHolidays = skipped;
  }

  readFreezePolicy(src, m, window);

  const overlapsEntry = m.get('overlaps');
  if (!overlapsEntry) return null;
  const items = readSeq(src, overlapsEntry.value, 'overlaps (a list of window ids)');
  if (!items) return null;
  const ids: { id: string; node: Node }[] = [];
  for (const n of items) {
    const id = readText(src, n, 'overlaps');
    if (id === window.id) src.problem(n, `window '${id}' can not overlap itself; list other window ids`);
    else if (id) ids.push({ id, node: n });
  }
  window.overlaps = ids.map((i) => i.id);
  return { window: window.id, ids };
}

/** `on-freeze: skip | allow` and `freeze-reason:` (required with allow, only with allow). */
function readFreezePolicy(src: YamlSource, m: Map<string, Entry>, window: Window): void {
  const policyEntry = m.get('on-freeze');
  const reasonEntry = m.get('freeze-reason');
  const policy = policyEntry ? readText(src, policyEntry.value, 'on-freeze') : undefined;
  if (policyEntry && policy !== null && policy !== 'skip' && policy !== 'allow') {
    src.problem(
      policyEntry.value,
      `on-freeze '${policy}' must be skip (leave the dates in a freeze out) or allow (approved work, with \`freeze-reason:\`)`,
    );
    return;
  }
  if (policy === 'skip' && window.timing.kind !== 'recurring') {
    src.problem(
      policyEntry!.value,
      `on-freeze: skip only applies to a recurring window; move window '${window.id}' out of the freeze, or set on-freeze: allow with freeze-reason`,
    );
    return;
  }
  const reason = reasonEntry ? readText(src, reasonEntry.value, 'freeze-reason') : undefined;
  if (reasonEntry && policy !== 'allow') {
    src.problem(reasonEntry.key, '`freeze-reason:` goes with `on-freeze: allow`; add that, or remove the reason');
    return;
  }
  if (policy === 'allow' && !reasonEntry) {
    src.problem(
      policyEntry!.value,
      `on-freeze: allow needs \`freeze-reason:\` saying who approved the work in the freeze and why (window '${window.id}')`,
    );
    return;
  }
  if (policy === 'skip' || policy === 'allow') window.onFreeze = policy;
  if (reason) window.freezeReason = reason;
}

/** Reports `overlaps:` ids that are no window of the schedule. */
export function checkOverlapIds(src: YamlSource, pending: PendingOverlaps[], windows: Window[]): void {
  const known = new Set(windows.map((w) => w.id));
  for (const p of pending)
    for (const { id, node } of p.ids)
      if (!known.has(id)) src.problem(node, `overlaps: '${id}' is not a window id (window '${p.window}')`);
}

function readCancellations(src: YamlSource, entry: Entry): { cancellation: Cancellation; node: Node }[] | null {
  const items = readSeq(src, entry.value, 'cancelled (a list of {date, note})');
  if (!items) return null;
  const out: { cancellation: Cancellation; node: Node }[] = [];
  for (const item of items) {
    // A bare date is allowed too: `cancelled: [2026-05-26]`.
    const m = isScalar(item) ? null : readMap(src, item, 'a cancelled occurrence', ['date', 'note']);
    const dateNode = isScalar(item) ? item : (m?.get('date')?.value ?? null);
    if (!isScalar(item) && m && !m.has('date')) {
      src.problem(item, 'a cancelled occurrence needs `date:`');
      return null;
    }
    if (!isScalar(item) && !m) return null;
    const text = readText(src, dateNode, 'cancelled date');
    const date = text ? parseWallDate(text) : null;
    if (text && !date) src.problem(dateNode, `cancelled date '${text}' must be a date such as 2026-05-26`);
    const noteEntry = m?.get('note');
    const note = noteEntry ? readText(src, noteEntry.value, 'note') : undefined;
    if (!date || note === null) return null;
    out.push({ cancellation: note ? { date, note } : { date }, node: dateNode! });
  }
  return out;
}
