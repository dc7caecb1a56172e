import { decodeUtf8, loadSchedule } from '../schedule-file/load-schedule.js';
import { parseSchedule } from '../schedule-file/parse-schedule.js';
import { ScheduleError, type ScheduleProblem } from '../schedule-file/schedule-error.js';
import { MAX_FEED_CHARS } from '../schedule-file/schedule-limits.js';
import type { Schedule } from '../schedule/schedule.js';
import { publishingMonth } from '../time/horizon.js';
import { FeedSet, FeedTooLarge, renderFeeds, renderTexts, type RenderedFeeds } from './feed-set.js';
import type { SchedulePositions } from '../schedule-file/schedule-positions.js';
import { fixedClock, type ClockIn } from '../time/clock.js';

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
export async function loadFeeds(file: string, { clock: clockIn }: { clock: ClockIn }): Promise<LoadedFeeds> {
  const started = performance.now();
  const { schedule, index, warnings, positions } = await loadSchedule(file, { clock: clockIn });
  const clock = clockIn(schedule.calendar.timezone);
  // ETags on first use: `build` writes files and `check` reports, and neither needs them.
  const month = publishingMonth(clock.now(), schedule.calendar.timezone);
  const texts = refusingLargeFeeds(positions, () => renderTexts(index, month));
  const feeds = new FeedSet(schedule, undefined, clock, texts);
  return { feeds, warnings, positions, ms: performance.now() - started };
}

/** A schedule text parsed, validated and rendered: what a FeedSet is built from. */
export interface LoadedSchedule {
  schedule: Schedule;
  rendered: RenderedFeeds;
  warnings: ScheduleProblem[];
}

/** Loads the bytes of a schedule file named `name` in its problems, rendering for the month of `now`. */
export type LoadText = (bytes: Buffer, name: string, now: Date) => Promise<LoadedSchedule>;

/**
 * The same steps as loadFeeds, from bytes already read; throws the same errors. `maxFeedChars`
 * is for tests (the limit itself takes seconds to reach).
 */
export function loadText(
  bytes: Buffer,
  name: string,
  now: Date,
  { maxFeedChars = MAX_FEED_CHARS } = {},
): LoadedSchedule {
  const text = decodeUtf8(bytes, name);
  const { schedule, index, warnings, positions } = parseSchedule(text, name, { clock: () => fixedClock(now) });
  const month = publishingMonth(now, schedule.calendar.timezone);
  const rendered = refusingLargeFeeds(positions, () => renderFeeds(index, month, maxFeedChars));
  return { schedule, rendered, warnings };
}

/**
 * Renders, and refuses a schedule whose combined feed grows past the limit as an invalid one, at
 * the windows with the most text.
 */
function refusingLargeFeeds<T>(positions: SchedulePositions, render: () => T): T {
  try {
    return render();
  } catch (err) {
    if (!(err instanceof FeedTooLarge)) throw err;
    const size = (chars: number) =>
      chars < 1024 * 1024 ? `${Math.ceil(chars / 1024)} kB` : `${Math.round((chars / 1024 / 1024) * 10) / 10} MB`;
    throw new ScheduleError(
      err.largest.map(({ id, chars, events }) =>
        positions.problem(
          id,
          'repeat',
          `${id} is published as ${events} event${events === 1 ? '' : 's'} (${size(chars)} of calendar text); with the other windows the combined feed passes ${size(err.limit)}, more than calendar programs take in. ${
            events > 1
              ? 'Make it one series: a rule Outlook maps as written, without `offset` (docs/schedule-format.md, "Exact in Outlook"), fewer moved dates, or an earlier `until:`'
              : 'Shorten its description'
          }`,
          'error',
        ),
      ),
    );
  }
}
