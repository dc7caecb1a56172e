/**
 * The calendar's units, spelt once. Wall-clock arithmetic is done in UTC milliseconds (UTC has no
 * DST), so a day is always this long there; real instants cross clock changes through zones.
 */
export const DAY_MS = 86_400_000;

/** The day number (days since 1970-01-01) of a wall-clock time in UTC milliseconds. */
export function dayNumber(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** RFC 5545 weekday codes, Monday first (the default WKST, and Luxon's weekday 1–7). */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A weekday code's number as Date.getUTCDay counts (Sunday 0), or -1 for no weekday. */
export function utcDayOf(code: string): number {
  const i = WEEKDAYS.indexOf(code as Weekday);
  return i < 0 ? -1 : (i + 1) % 7;
}
