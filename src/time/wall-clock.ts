import './luxon-settings.js';
import { DateTime, IANAZone } from 'luxon';
import { cachedZone } from './cached-zone.js';
import { DAY_MS, dayNumber } from './calendar-units.js';

/**
 * A wall-clock date or date-time ("17:00 on 2022-03-22", no zone attached), carried as a Luxon
 * DateTime in the UTC zone. UTC has no DST, so adding days or minutes to it never jumps, and it
 * is exactly what rrule.js expects when used without tzid (calendar-clients.md: rrule with tzid
 * depends on the process TZ). Only `instantsAt` and `instantAt` turn one into a real instant.
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

/**
 * The instants (epoch ms, earliest first) at which a wall-clock time (milliseconds read as UTC,
 * `wall.toMillis()`) is the local time in `zone`: one, none in the spring gap, two in the autumn
 * overlap. Luxon alone would silently move a time in the gap forward and pick one side of the
 * overlap by today's offset, and parsers disagree on both (calendar-clients.md), so callers see
 * the two special cases. No zone changes its offset twice within six days
 * (MIN_DAYS_BETWEEN_CHANGES), so the offsets a day either side are the only candidates.
 */
export function instantsAt(asUtc: number, zone: string): number[] {
  const tz = cachedZone(zone);
  const before = tz.offset(asUtc - DAY_MS);
  const after = tz.offset(asUtc + DAY_MS);
  // The larger offset reads the wall clock at the earlier instant.
  const high = Math.max(before, after);
  const low = Math.min(before, after);
  const out: number[] = [];
  if (tz.offset(asUtc - high * 60_000) === high) out.push(asUtc - high * 60_000);
  if (low !== high && tz.offset(asUtc - low * 60_000) === low) out.push(asUtc - low * 60_000);
  return out;
}

/**
 * The one instant (epoch ms) of a wall-clock time (ms read as UTC) in `zone`. The schedule loader
 * has refused times in a gap or overlap, so another count here is a bug in nedetid.
 */
export function instantAt(asUtc: number, zone: string): number {
  const instants = instantsAt(asUtc, zone);
  if (instants.length !== 1)
    throw new Error(`internal: ${new Date(asUtc).toISOString().slice(0, 19)} is not a single instant in ${zone}`);
  return instants[0]!;
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
 * `wall.endOf('day')` (23:59:59.999), as a WallClock. Luxon's endOf builds three DateTimes;
 * this one, and it was a tenth of a large load.
 */
export function endOfDay(wall: WallClock): WallClock {
  return DateTime.fromMillis((dayNumber(wall) + 1) * DAY_MS - 1, { zone: 'utc' });
}
