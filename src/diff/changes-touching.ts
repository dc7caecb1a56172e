import type { ScheduleIndex } from '../schedule/schedule-index.js';
import type { ScheduleDiff } from './schedule-diff.js';

/**
 * The diff with only the changes that touch any of `systemIds` (canonical ids of `after`), as it
 * was or as it is now: a window moved off a system still concerns that system's readers. The
 * same selection as the feeds (depends-on included), so a channel is told what its feed shows.
 */
export function changesTouching(
  diff: ScheduleDiff,
  old: ScheduleIndex,
  now: ScheduleIndex,
  systemIds: readonly string[],
): ScheduleDiff {
  return {
    ...diff,
    changes: diff.changes.filter(
      (c) =>
        (c.after !== undefined && now.affectsAny(c.after.window, systemIds)) ||
        (c.before !== undefined && old.affectsAny(c.before.window, systemIds)),
    ),
  };
}
