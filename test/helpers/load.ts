import { fileURLToPath } from 'node:url';
import { FeedSet } from '../../src/feeds/feed-set.js';
import { parseSchedule } from '../../src/schedule-file/parse-schedule.js';
import { readFileSync } from 'node:fs';
import { fixedClock } from '../../src/time/clock.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SHIPPED = `${ROOT}config/schedule.yaml`;
export const EDGE_CASES = `${ROOT}test/fixtures/edge-cases.yaml`;
export const OUTLOOK_RULES = `${ROOT}test/fixtures/outlook-rules.yaml`;
export const CLOCK_RULES = `${ROOT}test/fixtures/clock-rules.yaml`;

export function scheduleFrom(file: string) {
  return parseSchedule(readFileSync(file, 'utf8'), file).schedule;
}

/** A FeedSet with a fixed clock, so Last-Modified is predictable in tests. */
export function feedsFrom(file: string, now = new Date('2026-01-01T00:00:00Z')) {
  return new FeedSet(scheduleFrom(file), undefined, fixedClock(now));
}

export function feedText(feeds: FeedSet, path: string): string {
  const feed = feeds.get(path);
  if (!feed) throw new Error(`no feed ${path}`);
  return feed.body.toString('utf8');
}
