import './luxon-settings.js';
import { DateTime, IANAZone } from 'luxon';
import { cachedZone } from './cached-zone.js';
import { DAY_MS } from './calendar-units.js';

/**
 * A wall-clock date or date-time ("17:00 on 2022-03-22", no zone attached), carried as a Luxon
 * DateTime in the UTC zone. UTC has no DST, so adding days or minutes to it never jumps, and it
 * is exactly what rrule.js expects when used without tzid (calendar-clients.md: rrule with tzid
 * depends on the process TZ). Only `resolveWallClock` turns one into a real instant.
 */
export type WallClock = DateTime;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ]([01]\d|2[0-3]):([0-5]\d)$/;

export function parseWallDate(text: string): WallClock | null {
  const m = DATE.exec(text);
  return m ? wallFromFields(+m[1]!, +m[2]!, +m[3]!, 0, 0) : null;
}

/**
 * A WallClock from its fields, or null for a date that does not exist (February 30). Built from
 * milliseconds: Luxon's fromObject normalises an object per call, and a schedule has tens of
 * thousands of dates.
 */
function wallFromFields(year: number, month: number, day: number, hour: number, minute: number): WallClock | null {
  const d = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  d.setUTCFullYear(year, month - 1, day);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return DateTime.fromMillis(d.getTime() + (hour * 60 + minute) * 60_000, { zone: 'utc' });
}

export interface TimeOfDay {
  hour: number;
  minute: number;
}

export function parseTimeOfDay(text: string): TimeOfDay | null {
  const m = TIME.exec(text);
  return m ? { hour: +m[1]!, minute: +m[2]! } : null;
}

export function parseWallDateTime(text: string): WallClock | null {
  const m = DATE_TIME.exec(text);
  return m ? wallFromFields(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!) : null;
}

export function atTime(day: WallClock, time: TimeOfDay): WallClock {
  return day.set({ hour: time.hour, minute: time.minute, second: 0, millisecond: 0 });
}

export function formatTimeOfDay(time: TimeOfDay): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

export function isKnownZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export type Resolution =
  { kind: 'exact'; instant: DateTime } | { kind: 'gap' } | { kind: 'overlap'; first: DateTime; second: DateTime };

/**
 * Finds the instant(s) a wall-clock time has in `zone`. Luxon alone would silently move a time
 * in the spring gap forward and pick one side of the autumn overlap by today's offset, and
 * parsers disagree on both (calendar-clients.md), so callers get to see the two special cases.
 */
export function resolveWallClock(wall: WallClock, zone: string): Resolution {
  const tz = cachedZone(zone);
  const instants = instantsAt(wall.toMillis(), zone).map((ms) => DateTime.fromMillis(ms, { zone: tz }));
  if (instants.length === 0) return { kind: 'gap' };
  if (instants.length === 1) return { kind: 'exact', instant: instants[0]! };
  return { kind: 'overlap', first: instants[0]!, second: instants[1]! };
}

/** The instants a wall-clock time (milliseconds read as UTC, `wall.toMillis()`) has in `zone`: none in a gap, two in an overlap. */
export function instantsAt(asUtc: number, zone: string): number[] {
  const first = firstInstantAt(asUtc, zone);
  if (Number.isNaN(first)) return [];
  if (isSingleInstantAt(asUtc, zone)) return [first];
  // An overlap: the later instant reads the wall clock with the smaller of the two offsets.
  const tz = cachedZone(zone);
  return [first, asUtc - Math.min(tz.offset(asUtc - DAY_MS), tz.offset(asUtc + DAY_MS)) * 60_000];
}

/**
 * The earliest instant (ms) at which a wall-clock time (ms read as UTC) is the local time in
 * `zone`, or NaN when it is none (the spring gap); `count` below says whether it is the only one.
 * instantsAt without the array: loads call these for every occurrence of thousands of rules.
 */
export function firstInstantAt(asUtc: number, zone: string): number {
  const tz = cachedZone(zone);
  const before = tz.offset(asUtc - DAY_MS);
  const after = tz.offset(asUtc + DAY_MS);
  const a = asUtc - before * 60_000;
  const aOk = tz.offset(a) === before;
  if (before === after) return aOk ? a : NaN;
  const b = asUtc - after * 60_000;
  const bOk = tz.offset(b) === after;
  if (aOk && bOk) return a < b ? a : b;
  return aOk ? a : bOk ? b : NaN;
}

/** Whether a wall-clock time (ms read as UTC) names exactly one instant in `zone`. */
export function isSingleInstantAt(asUtc: number, zone: string): boolean {
  const tz = cachedZone(zone);
  const before = tz.offset(asUtc - DAY_MS);
  const after = tz.offset(asUtc + DAY_MS);
  const aOk = tz.offset(asUtc - before * 60_000) === before;
  if (before === after) return aOk;
  return aOk !== (tz.offset(asUtc - after * 60_000) === after);
}

/** The wall clock of an instant in `zone`, to the second, as a WallClock. */
export function toWallClock(instant: DateTime, zone: string): WallClock {
  // From the cached zone's offset: setZone and fromObject cost a load of 10,000 windows a tenth.
  const ms = instant.toMillis();
  const wall = ms + cachedZone(zone).offset(ms) * 60_000;
  return DateTime.fromMillis(Math.floor(wall / 1000) * 1000, { zone: 'utc' });
}

/**
 * `wall.plus({ years })` for a wall clock (a UTC DateTime): the same month and time of day, the
 * day kept or, for 29 February into a common year, the 28th, as Luxon does. Without Luxon's
 * Duration: loads ask for every recurring window's horizon.
 */
export function plusYears(wall: WallClock, years: number): WallClock {
  const ms = wall.toMillis();
  const d = new Date(ms);
  const year = d.getUTCFullYear() + years;
  const month = d.getUTCMonth();
  const day = Math.min(d.getUTCDate(), new Date(Date.UTC(year, month + 1, 0)).getUTCDate());
  const timeOfDay = ms - Date.UTC(d.getUTCFullYear(), month, d.getUTCDate());
  return DateTime.fromMillis(Date.UTC(year, month, day) + timeOfDay, { zone: 'utc' });
}

/**
 * `instant.plus({ minutes })`: elapsed minutes, in the instant's zone. Luxon's plus builds and
 * normalises a Duration on every call, which was most of reading 3,000 one-off windows.
 */
export function addMinutes(instant: DateTime, minutes: number): DateTime {
  return DateTime.fromMillis(instant.toMillis() + minutes * 60_000, { zone: instant.zone });
}

/** Wall clock to instant. The schedule loader has refused gap and overlap times, so this is exact. */
export function instant(wall: WallClock, zone: string): DateTime {
  return DateTime.fromMillis(instantAt(wall.toMillis(), zone), { zone: cachedZone(zone) });
}

/**
 * `instant` as epoch milliseconds, for a wall clock given as milliseconds read as UTC:
 * resolveWallClock's exact case without its arrays, since feeds ask for every event's start.
 */
export function instantAt(asUtc: number, zone: string): number {
  if (!isSingleInstantAt(asUtc, zone))
    throw new Error(`internal: ${new Date(asUtc).toISOString().slice(0, 19)} is not a single instant in ${zone}`);
  return firstInstantAt(asUtc, zone);
}
