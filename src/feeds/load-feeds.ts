import { loadSchedule } from '../schedule/load-schedule.js';
import type { ScheduleProblem } from '../schedule/schedule-error.js';
import type { SchedulePositions } from '../schedule/schedule-positions.js';
import { FeedSet } from './feed-set.js';

export interface LoadedFeeds {
  feeds: FeedSet;
  warnings: ScheduleProblem[];
  /** Where windows and announcements are, for the checks `check` runs after loading. */
  positions: SchedulePositions;
  /** Time to read, validate and render, in milliseconds. */
  ms: number;
}

/**
 * Reads a schedule file and renders every feed: the one path from file to servable bytes, used
 * by `check`, `build`, `serve` and every reload. Throws ScheduleError (with positions) or
 * FeedCheckError; nothing is half-built.
 */
export async function loadFeeds(file: string, previous?: FeedSet): Promise<LoadedFeeds> {
  const started = performance.now();
  const { schedule, warnings, positions } = await loadSchedule(file);
  const feeds = new FeedSet(schedule, previous);
  return { feeds, warnings, positions, ms: performance.now() - started };
}
