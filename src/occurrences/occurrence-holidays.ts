import type { HolidayCalendar } from '../time/public-holidays.js';
import { toWallClock, type WallClock } from '../time/wall-clock.js';
import type { Occurrence } from './occurrence.js';

/** The public holidays among the local days an occurrence covers (an all-day window may span several). */
export function holidaysDuring(
  o: Occurrence,
  zone: string,
  holidays: HolidayCalendar,
): { date: WallClock; name: string }[] {
  const first = toWallClock(o.start, zone).startOf('day');
  // The end is exclusive: an occurrence ending at midnight does not touch the next day.
  const last = toWallClock(o.end.minus({ milliseconds: 1 }), zone).startOf('day');
  const out: { date: WallClock; name: string }[] = [];
  for (let d = first; d <= last; d = d.plus({ days: 1 })) {
    const name = holidays.nameOn(d);
    if (name) out.push({ date: d, name });
  }
  return out;
}
