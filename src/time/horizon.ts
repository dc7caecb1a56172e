import { DateTime } from 'luxon';
import { toWallClock, type WallClock } from './wall-clock.js';

/**
 * How far ahead an open-ended rule is followed, from its `from` date: validation checks DST gaps
 * and overlaps this far, the layout writes DST-crossing occurrences out this far, and the
 * VTIMEZONE covers these years. One number, so the three always agree.
 */
export const HORIZON_YEARS = 20;

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
