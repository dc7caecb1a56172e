import { DateTime } from 'luxon';
import { cachedZone } from '../time/cached-zone.js';
import type { HolidayCalendar } from '../time/public-holidays.js';
import type { WallClock } from '../time/wall-clock.js';
import type { Occurrence } from './occurrence.js';
import { DAY_MS, dayNumber } from '../time/calendar-units.js';

/** The public holidays among the local days an occurrence covers (an all-day window may span several). */
export function holidaysDuring(
  o: Occurrence,
  zone: string,
  holidays: HolidayCalendar,
): { date: WallClock; name: string }[] {
  // Local days as numbers, from the cached zone's offsets: `check` asks this for every occurrence
  // of five years, and Luxon objects per day were most of its time.
  const tz = cachedZone(zone);
  const localDay = (ms: number) => dayNumber(ms + tz.offset(ms) * 60_000);
  const start = o.start.toMillis();
  // The end is exclusive: an occurrence ending at midnight does not touch the next day.
  const end = o.end.toMillis() - 1;
  const out: { date: WallClock; name: string }[] = [];
  for (let day = localDay(start); day <= localDay(end); day++) {
    const name = holidays.nameOnDay(day);
    if (name) out.push({ date: DateTime.fromMillis(day * DAY_MS, { zone: 'utc' }), name });
  }
  return out;
}
