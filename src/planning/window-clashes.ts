import type { Occurrence } from '../occurrences/occurrence.js';
import { scheduleIndex } from '../schedule/schedule-index.js';
import type { SchedulePositions } from '../schedule/schedule-positions.js';
import type { ScheduleProblem } from '../schedule/schedule-error.js';
import type { Schedule } from '../schedule/schedule.js';

/** How many clashing dates one warning lists before "and N more". */
const LISTED = 3;

/**
 * One warning per pair of windows whose occurrences (by start, the planning span's) overlap in time on a system
 * both name, at the window earlier in the file and naming where the other is. A pair is
 * acknowledged (and silent) when either lists the other under `overlaps:`.
 */
export function clashWarnings(
  schedule: Schedule,
  positions: SchedulePositions,
  expanded: readonly Occurrence[],
): ScheduleProblem[] {
  const zone = schedule.calendar.timezone;
  const index = scheduleIndex(schedule);
  const order = new Map(schedule.windows.map((w, i) => [w.id, i]));
  const occurrences = expanded.filter((o) => !o.cancelled);
  const pairs = new Map<string, { a: Occurrence; b: Occurrence; shared: string[] }[]>();
  // A sweep over occurrences by start: each is compared only with those still running.
  let running: Occurrence[] = [];
  for (const o of occurrences) {
    running = running.filter((r) => r.end > o.start);
    for (const r of running) {
      if (r.window === o.window) continue;
      const shared = r.window.systems.filter((s) => o.window.systems.includes(s));
      if (shared.length === 0) continue;
      const [a, b] = order.get(r.window.id)! < order.get(o.window.id)! ? [r, o] : [o, r];
      if (a.window.overlaps?.includes(b.window.id) || b.window.overlaps?.includes(a.window.id)) continue;
      const key = `${a.window.id} ${b.window.id}`;
      pairs.set(key, [...(pairs.get(key) ?? []), { a, b, shared }]);
    }
    running.push(o);
  }
  const when = (o: Occurrence) =>
    o.allDay ? o.start.setZone(zone).toISODate()! : o.start.setZone(zone).toFormat('yyyy-MM-dd HH:mm');
  return [...pairs.values()].map((list) => {
    const { a, b } = list[0]!;
    const shared = [...new Set(list.flatMap((c) => c.shared))].map((s) => index.system(s).name);
    const dates = list.slice(0, LISTED).map((c) => `${when(c.a)} and ${when(c.b)}`);
    const more = list.length > LISTED ? ` and ${list.length - LISTED} more` : '';
    return positions.problem(
      a.window.id,
      null,
      `${a.window.id} overlaps ${b.window.id} (${positions.where(b.window.id)}) on ${shared.join(', ')}: ${dates.join('; ')}${more}; add \`overlaps: [${b.window.id}]\` to acknowledge`,
    );
  });
}
