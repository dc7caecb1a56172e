import { decodeUtf8, loadSchedule } from '../schedule/load-schedule.js';
import { parseSchedule } from '../schedule/parse-schedule.js';
import type { ScheduleProblem } from '../schedule/schedule-error.js';
import type { Schedule } from '../schedule/schedule.js';
import { publishingMonth } from '../time/horizon.js';
import { FeedSet, renderFeeds, renderTexts, type RenderedFeeds } from './feed-set.js';
import type { SchedulePositions } from '../schedule/schedule-positions.js';

export interface LoadedFeeds {
  feeds: FeedSet;
  warnings: ScheduleProblem[];
  /** Where windows and announcements are, for the checks `check` runs after loading. */
  positions: SchedulePositions;
  /** Time to read, validate and render, in milliseconds. */
  ms: number;
}

/**
 * Reads a schedule file and renders every feed: the one path from file to servable bytes for
 * `check` and `build`. Throws ScheduleError (with positions) or FeedCheckError; nothing is half-built.
 */
export async function loadFeeds(file: string, options: { positions?: boolean } = {}): Promise<LoadedFeeds> {
  const started = performance.now();
  const { schedule, warnings, positions } = await loadSchedule(file, options);
  // ETags on first use: `build` writes files and `check` reports, and neither needs them.
  const now = new Date();
  const texts = renderTexts(schedule, publishingMonth(now, schedule.calendar.timezone));
  const feeds = new FeedSet(schedule, undefined, undefined, texts);
  return { feeds, warnings, positions, ms: performance.now() - started };
}

/** A schedule text parsed, validated and rendered: what a FeedSet is built from. */
export interface LoadedSchedule {
  schedule: Schedule;
  rendered: RenderedFeeds;
  warnings: ScheduleProblem[];
}

/** Loads the bytes of a schedule file named `name` in its problems, rendering for the month of `now`. */
export type LoadText = (bytes: Buffer, name: string, now?: Date) => Promise<LoadedSchedule>;

/** The same steps as loadFeeds, from bytes already read; throws the same errors. */
export function loadText(bytes: Buffer, name: string, now = new Date()): LoadedSchedule {
  const { schedule, warnings } = parseSchedule(decodeUtf8(bytes, name), name);
  return { schedule, rendered: renderFeeds(schedule, publishingMonth(now, schedule.calendar.timezone)), warnings };
}
