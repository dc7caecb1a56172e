import type { Node } from 'yaml';
import type { Occurrence } from '../occurrences/occurrence.js';
import { freezeConflicts, freezePeriods, windowInFreezes } from '../occurrences/freeze-conflicts.js';
import { toWallClock, type WallClock } from '../time/wall-clock.js';
import type { ScheduleIndex } from '../schedule/schedule-index.js';
import type { Freeze } from '../schedule/schedule.js';
import { readTiming, TIMING_KEYS, type RuleCost } from './window-timing.js';
import { skipDates } from '../schedule/skipped-dates.js';
import { readMap, readSeq, type Entry, type YamlSource } from './yaml-source.js';

/** The keys of a freeze: a window's timing keys, without provider and the planning keys. */
export const FREEZE_KEYS = ['id', 'title', 'description', 'systems', ...TIMING_KEYS] as const;

/** How many window–freeze conflicts are reported one by one before the rest are counted. */
export const MAX_REPORTED_CONFLICTS = 20;
/** How many dates one conflict names before "and N more". */
const LISTED = 3;

/** What the parser reads the same way for windows, announcements and freezes. */
export type ReadCommon = (
  m: Map<string, Entry>,
  item: Node,
) => {
  id: string | null;
  title: string | null;
  description?: string | undefined;
  affected: { ids: string[]; all: boolean } | null;
};

/** `freezes:` as Freeze objects, and where each is, for the conflicts' messages. */
export function readFreezes(
  src: YamlSource,
  node: Node | null,
  zone: string,
  readCommon: ReadCommon,
  month: WallClock | undefined,
): { freezes: Freeze[]; nodes: Map<string, Node> } {
  const freezes: Freeze[] = [];
  const nodes = new Map<string, Node>();
  const items = readSeq(src, node, 'freezes (a list of periods without planned downtime)');
  if (!items) return { freezes, nodes };
  // Priced on their own: a freeze's rule is checked as a window's is.
  const cost: RuleCost = { periods: 0, priced: new Set() };
  for (const item of items) {
    const m = readMap(src, item, 'a freeze', FREEZE_KEYS);
    if (!m) continue;
    const { id, title, description, affected } = readCommon(m, item);
    const timing = readTiming(src, m, item, `freeze '${id ?? '?'}'`, zone, cost, month);
    if (!id || !title || !affected || !timing) continue;
    const freeze: Freeze = { id, title, systems: affected.ids, allSystems: affected.all, timing };
    if (description) freeze.description = description;
    freezes.push(freeze);
    nodes.set(id, item);
  }
  return { freezes, nodes };
}

/**
 * Applies the freezes to the windows read: `on-freeze: skip` leaves the dates in a freeze out
 * (EXDATE, as `on-holiday: skip` does), then every occurrence still in a freeze on a shared system
 * is an error at its window, unless the window says `on-freeze: allow`.
 */
export function applyFreezes(
  src: YamlSource,
  index: ScheduleIndex,
  windowNodes: ReadonlyMap<string, Node>,
  freezeNodes: ReadonlyMap<string, Node>,
  freezesNode: Node | null,
  month: WallClock | undefined,
): void {
  const { schedule } = index;
  const periods = freezePeriods(index, month);
  if (periods.length === 0) return;
  const zone = schedule.calendar.timezone;
  for (const w of schedule.windows) {
    const t = w.timing;
    if (w.onFreeze !== 'skip' || t.kind !== 'recurring') continue;
    // The date of each occurrence's start (except dates are the rule's, offset included).
    const found = windowInFreezes(index, w, periods, month)
      .flatMap((c) =>
        c.occurrences
          .filter((o) => !o.movedFrom)
          .map((o) => ({ date: toWallClock(o.start, zone), freeze: c.freeze.id })),
      )
      .sort((a, b) => a.date.toMillis() - b.date.toMillis());
    const skipped = skipDates(t, found);
    if (skipped.length > 0) t.skippedFreezes = skipped;
  }
  const conflicts = freezeConflicts(index, month, periods);
  const when = (o: Occurrence) =>
    o.allDay ? o.start.setZone(zone).toISODate()! : o.start.setZone(zone).toFormat('yyyy-MM-dd HH:mm');
  for (const c of conflicts.slice(0, MAX_REPORTED_CONFLICTS)) {
    const freezeNode = freezeNodes.get(c.freeze.id)!;
    const names = c.systems.map((s) => index.system(s).name).join(', ');
    const dates = c.occurrences.slice(0, LISTED).map(when).join(', ');
    const more = c.occurrences.length > LISTED ? ` and ${c.occurrences.length - LISTED} more` : '';
    const moved = c.occurrences.some((o) => o.movedFrom);
    const hint =
      c.window.timing.kind === 'recurring' && !moved
        ? 'move those dates (`moved:`), add `on-freeze: skip` to leave them out, or set `on-freeze: allow` with `freeze-reason:` for approved emergency work'
        : 'move it out of the freeze, or set `on-freeze: allow` with `freeze-reason:` for approved emergency work';
    src.problem(
      windowNodes.get(c.window.id) ?? null,
      `window '${c.window.id}' falls in freeze '${c.freeze.id}' (${src.file}:${src.where(freezeNode)}) on ${names}: ${dates}${more}; ${hint}`,
    );
  }
  if (conflicts.length > MAX_REPORTED_CONFLICTS)
    src.problem(
      freezesNode,
      `${conflicts.length - MAX_REPORTED_CONFLICTS} more windows fall in a freeze than the ${MAX_REPORTED_CONFLICTS} reported above; fix those first`,
    );
}
