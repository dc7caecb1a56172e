import type { Occurrence } from '../occurrences/occurrence.js';
import type { ScheduleIndex } from '../schedule/schedule-index.js';
import type { SchedulePositions } from '../schedule-file/schedule-positions.js';
import type { ScheduleProblem } from '../schedule-file/schedule-error.js';

/** How many clashing dates one warning lists before "and N more". */
const LISTED = 3;

/**
 * One warning per pair of windows whose occurrences (by start, the planning span's) overlap in time on a system
 * both name, at the window earlier in the file and naming where the other is. A pair is
 * acknowledged (and silent) when either lists the other under `overlaps:`.
 */
export function clashWarnings(
  index: ScheduleIndex,
  positions: SchedulePositions,
  expanded: readonly Occurrence[],
): ScheduleProblem[] {
  const { schedule } = index;
  const zone = schedule.calendar.timezone;
  const order = new Map(schedule.windows.map((w, i) => [w.id, i]));
  const occurrences = expanded.filter((o) => !o.cancelled);
  const starts = occurrences.map((o) => o.start.toMillis());
  const ends = occurrences.map((o) => o.end.toMillis());
  const pairs = new Map<string, Clashes>();
  // A sweep over occurrences by start: each is compared only with those still running on one of
  // its own systems. (One running list for all systems compared every two occurrences at the same
  // hour: 2,000 windows at 17:00 took `check` 18 s and 1.7 GB.) The earlier ones are visited in
  // start order, as one list for all systems visited them, so the warnings read the same.
  const running = new Map<string, number[]>();
  for (let i = 0; i < occurrences.length; i++) {
    const o = occurrences[i]!;
    const met = new Set<number>();
    for (const system of o.window.systems) {
      const still = (running.get(system) ?? []).filter((j) => ends[j]! > starts[i]!);
      for (const j of still) met.add(j);
      still.push(i);
      running.set(system, still);
    }
    for (const j of [...met].sort((x, y) => x - y)) {
      const r = occurrences[j]!;
      if (r.window === o.window) continue;
      const shared = r.window.systems.filter((s) => o.window.systems.includes(s));
      const [a, b] = order.get(r.window.id)! < order.get(o.window.id)! ? [r, o] : [o, r];
      if (a.window.overlaps?.includes(b.window.id) || b.window.overlaps?.includes(a.window.id)) continue;
      const key = `${a.window.id} ${b.window.id}`;
      let clashes = pairs.get(key);
      if (!clashes) pairs.set(key, (clashes = { a, b, shared: new Set(), listed: [], count: 0 }));
      for (const s of shared) clashes.shared.add(s);
      // Only the first few are named; a pair of weekly windows clashes hundreds of times.
      if (clashes.listed.length < LISTED) clashes.listed.push({ a, b });
      clashes.count++;
    }
  }
  const when = (o: Occurrence) =>
    o.allDay ? o.start.setZone(zone).toISODate()! : o.start.setZone(zone).toFormat('yyyy-MM-dd HH:mm');
  return [...pairs.values()].map(({ a, b, shared, listed, count }) => {
    const names = [...shared].map((s) => index.system(s).name);
    const dates = listed.map((c) => `${when(c.a)} and ${when(c.b)}`);
    const more = count > LISTED ? ` and ${count - LISTED} more` : '';
    return positions.problem(
      a.window.id,
      null,
      `${a.window.id} overlaps ${b.window.id} (${positions.where(b.window.id)}) on ${names.join(', ')}: ${dates.join('; ')}${more}; add \`overlaps: [${b.window.id}]\` to acknowledge`,
    );
  });
}

/** The clashes of one pair of windows: the first pair of occurrences, the systems, and a count. */
interface Clashes {
  a: Occurrence;
  b: Occurrence;
  shared: Set<string>;
  listed: { a: Occurrence; b: Occurrence }[];
  count: number;
}
