/**
 * The calendar's units, spelt once. Wall-clock arithmetic is done in UTC milliseconds (UTC has no
 * DST), so a day is always this long there; real instants cross clock changes through zones.
 */
export const DAY_MS = 86_400_000;

/**
 * The day number (days since 1970-01-01, its time of day ignored) of a wall-clock time: its
 * milliseconds read as UTC, or a WallClock. Dates are compared and kept in sets as day numbers,
 * since loads and pages handle thousands of them.
 */
export function dayNumber(wall: number | { toMillis(): number }): number {
  return Math.floor((typeof wall === 'number' ? wall : wall.toMillis()) / DAY_MS);
}

/** The weekday of a day number as Date.getUTCDay counts (Sunday 0). */
export function weekdayOfDay(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((day + 4) % 7) + 7) % 7;
}

/** RFC 5545 weekday codes, Monday first (the default WKST, and Luxon's weekday 1–7). */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A weekday code's number as Date.getUTCDay counts (Sunday 0), or -1 for no weekday. */
export function weekdayOfCode(code: string): number {
  const i = WEEKDAYS.indexOf(code as Weekday);
  return i < 0 ? -1 : (i + 1) % 7;
}
