import { DateTime } from 'luxon';
import { cachedZone } from './cached-zone.js';

/**
 * Where "now" comes from: made once from the settings (NEDETID_NOW or the real time) and passed
 * to everything that needs the time, so a fixed NEDETID_NOW reaches the feeds' publishing month,
 * `check`, `build` and `diff` as it reaches the page and the API (issue 18.3).
 */
export interface Clock {
  now(): Date;
}

/** The real time: the one place that reads it. */
export const REAL_TIME: Clock = { now: () => new Date() };

/** A clock that always says `at` (tests, and NEDETID_NOW). */
export function fixedClock(at: Date): Clock {
  return { now: () => at };
}

/**
 * The clock the settings ask for, for the calendar's zone: NEDETID_NOW (already checked by
 * settings.ts) is a local time there unless it carries an offset; without it, the real time.
 */
export function clockFromSettings(fixedNow: string | undefined, zone: string): Clock {
  if (!fixedNow) return REAL_TIME;
  return fixedClock(DateTime.fromISO(fixedNow, { zone: cachedZone(zone) }).toJSDate());
}

/** A clock for whichever zone the schedule being read names (the settings' NEDETID_NOW is local there). */
export type ClockIn = (zone: string) => Clock;

export function settingsClock(fixedNow: string | undefined): ClockIn {
  return (zone) => clockFromSettings(fixedNow, zone);
}
