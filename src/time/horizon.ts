import { DateTime } from 'luxon';
import { plusYears, toWallClock, type WallClock } from './wall-clock.js';

/**
 * How far ahead an open-ended rule is followed, from now (the publishing month) or from its
 * `from` date when that is later (ruleHorizon): validation checks DST gaps and overlaps this far,
 * `on-holiday: skip` skips holidays this far, the layout writes DST-crossing occurrences out this
 * far, and the VTIMEZONE covers these years. One number, so they always agree.
 */
export const HORIZON_YEARS = 20;

/**
 * The end of the span an open-ended rule is followed to: HORIZON_YEARS after the publishing
 * `month`, or after `from` when that is later. Counted from `from` alone, a window from 2005 lost
 * its DST overrides and single events from 2025 on (issue 19.1). Without a month (a schedule's
 * text read on its own, in tests) it counts from `from`.
 */
export function ruleHorizon(from: WallClock, month: WallClock | undefined): WallClock {
  return plusYears(month && month > from ? month : from, HORIZON_YEARS);
}

/**
 * Rules Outlook can not map as written are published occurrence by occurrence (as overrides of
 * a template series, or as single events), which needs an end. Those forms reach from the window's
 * start to the end of the month this many months after the publishing month, so at least five
 * years ahead; the feeds are rendered again when the month changes, so the reach moves with time
 * while every replica sends the same bytes within a month.
 */
export const ROLLING_MONTHS = 61;

/** The first day of the month `now` falls in, in the calendar's zone: what rolling ends reach from. */
export function publishingMonth(now: Date, zone: string): WallClock {
  return toWallClock(DateTime.fromJSDate(now), zone).startOf('month');
}
