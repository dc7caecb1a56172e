import { createRequire } from 'node:module';
import type HolidayTables from 'date-holidays';
import { HOLIDAY_CODES } from './holiday-codes.js';
import type { WallClock } from './wall-clock.js';
import { DAY_MS, dayNumber } from './calendar-units.js';

/**
 * date-holidays, loaded on first use: its tables of every country were the largest part of the
 * start-up of `build` and `check` (80 ms), and most loads only need to know a code is valid
 * (HOLIDAY_CODES). Its CommonJS build, which loads in half the time of its ES modules.
 */
let tables: typeof HolidayTables | undefined;
function holidayTables(): typeof HolidayTables {
  return (tables ??= createRequire(import.meta.url)('date-holidays') as typeof HolidayTables);
}

/** Whether date-holidays knows a country (NO) or country-region (DE-BY) code, any case. */
export function isHolidayCode(code: string): boolean {
  const [country, region, ...rest] = code.toUpperCase().split('-');
  if (!country || rest.length > 0 || !Object.hasOwn(HOLIDAY_CODES, country)) return false;
  // An empty region ("NO-") means the country, as it did when the library itself was asked.
  return !region || HOLIDAY_CODES[country]!.includes(region);
}

/**
 * Public holidays of one country or region (`NO`, `DE-BY`, `CH-ZH`) from the maintained
 * `date-holidays` tables, not a hand-written list. Only holidays of type 'public' count: in
 * Norway that is the twelve "offentlige høytidsdager" (not Julaften, not Nyttårsaften).
 * Names are in Norwegian where the tables have it (every Norwegian holiday does).
 */
export interface HolidayCalendar {
  /** `NO`, `DE-BY`: what the schedule says, upper-cased. */
  code: string;
  /** The holiday's name on a local date, or undefined. */
  nameOn(date: WallClock): string | undefined;
  /** The same for a local date given as days since 1970-01-01 (for loops over many occurrences). */
  nameOnDay(day: number): string | undefined;
}

const calendars = new Map<string, HolidayCalendar>();

/** The calendar for a code, or null when `date-holidays` knows no such country or region. */
export function holidayCalendar(code: string): HolidayCalendar | null {
  const key = code.toUpperCase();
  const cached = calendars.get(key);
  if (cached) return cached;
  if (!isHolidayCode(key)) return null;
  const [country, region] = key.split('-') as [string, string | undefined];
  const Holidays = holidayTables();
  const source = region ? new Holidays(country, region) : new Holidays(country);
  const years = new Map<number, Map<string, string>>();
  const byDate = (year: number) => {
    let map = years.get(year);
    if (!map) {
      map = new Map();
      for (const h of source.getHolidays(year, 'no')) {
        // `date` is the local date and time the holiday starts, "2028-05-17 00:00:00".
        if (h.type === 'public' && !map.has(h.date.slice(0, 10))) map.set(h.date.slice(0, 10), h.name);
      }
      years.set(year, map);
    }
    return map;
  };
  const onDay = (day: number) => {
    const d = new Date(day * DAY_MS);
    return byDate(d.getUTCFullYear()).get(d.toISOString().slice(0, 10));
  };
  const calendar: HolidayCalendar = {
    code: key,
    nameOn: (date) => onDay(dayNumber(date)),
    nameOnDay: onDay,
  };
  calendars.set(key, calendar);
  return calendar;
}

/** Every country code `date-holidays` knows, for "did you mean" hints. */
export function holidayCountries(): string[] {
  return Object.keys(HOLIDAY_CODES);
}

/** The codes as the installed date-holidays has them (the test that HOLIDAY_CODES is current). */
export function tableCodes(): Record<string, string[]> {
  const known = new (holidayTables())();
  const codes: Record<string, string[]> = {};
  for (const country of Object.keys(known.getCountries()).sort())
    codes[country] = Object.keys(known.getStates(country) ?? {}).sort();
  return codes;
}
