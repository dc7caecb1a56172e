/**
 * iCalendar date and date-time values (RFC 5545 §3.3.4, §3.3.5) from epoch milliseconds, written
 * by hand: Luxon's toFormat parses its pattern on every call, and a large schedule writes tens of
 * thousands of these. Years are 2000–2199 (schedule-limits.ts), so always four digits.
 */
const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** YYYYMMDD of the date the milliseconds fall on, read as UTC (a wall-clock date, or a UTC instant). */
export function dateStamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}`;
}

/** YYYYMMDDTHHMMSS: a local date-time, for a wall clock given as milliseconds read as UTC. */
export function localStamp(ms: number): string {
  const d = new Date(ms);
  return `${dateStamp(ms)}T${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;
}

/** YYYYMMDDTHHMMSSZ: an instant in UTC. */
export function utcStamp(ms: number): string {
  return `${localStamp(ms)}Z`;
}
