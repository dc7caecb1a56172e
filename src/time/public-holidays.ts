import Holidays from 'date-holidays';
import type { WallClock } from './wall-clock.js';

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
}

const calendars = new Map<string, HolidayCalendar>();

/** The calendar for a code, or null when `date-holidays` knows no such country or region. */
export function holidayCalendar(code: string): HolidayCalendar | null {
  const key = code.toUpperCase();
  const cached = calendars.get(key);
  if (cached) return cached;
  const [country, region, ...rest] = key.split('-');
  if (!country || rest.length > 0) return null;
  const known = new Holidays();
  if (!Object.hasOwn(known.getCountries(), country)) return null;
  if (region && !Object.hasOwn(known.getStates(country) ?? {}, region)) return null;
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
  const calendar: HolidayCalendar = {
    code: key,
    nameOn: (date) => byDate(date.year).get(date.toISODate()!),
  };
  calendars.set(key, calendar);
  return calendar;
}

/** Every country code `date-holidays` knows, for "did you mean" hints. */
export function holidayCountries(): string[] {
  return Object.keys(new Holidays().getCountries());
}
