import { DateTime } from 'luxon';
import { cachedZone, type CachedZone } from './cached-zone.js';

/**
 * Outlook reduces a VTIMEZONE to one yearly standard/daylight rule pair (MS-OXCICAL
 * 2.1.3.1.1.19.2): a zone can be published only if one such pair is true in every year its
 * windows use. A zone that changed its rules inside that span (São Paulo ended DST in 2019,
 * Cairo brought it back in 2023) cannot be: this finds the change so the schedule can be refused
 * with a position instead of publishing times that are an hour off in Outlook.
 */
export interface ZoneRuleChange {
  /** The last year whose offset changes differ from those of `years.last`. */
  year: number;
  /** What differs, for the message. */
  what: string;
}

/** The shape of one offset change: the same shape every year means one yearly rule describes it. */
interface ChangeShape {
  month: number;
  weekday: number;
  /** Local time of the change, in the offset before it. */
  time: string;
  before: number;
  after: number;
  nth: number;
  last: boolean;
}

/** The offset changes of `year` in a form two years can be compared in. */
export function changeShapes(tz: CachedZone, year: number): ChangeShape[] {
  // The cached zone's tables: the same ones the feeds are rendered from, found once per year.
  return tz.transitions(year).map((t) => {
    const before = tz.offset(t - 60_000);
    const after = tz.offset(t);
    const local = DateTime.fromMillis(t + before * 60_000, { zone: 'utc' });
    return {
      month: local.month,
      weekday: local.weekday,
      time: local.toFormat('HH:mm'),
      before,
      after,
      nth: Math.ceil(local.day / 7),
      last: local.day + 7 > (local.daysInMonth ?? 28),
    };
  });
}

/** The latest year in `years` whose changes one yearly rule pair (that of `years.last`) misses, or null. */
export function zoneRuleChange(zone: string, years: { first: number; last: number }): ZoneRuleChange | null {
  const tz = cachedZone(zone);
  const ref = changeShapes(tz, years.last);
  const byYear = new Map<number, ChangeShape[]>();
  for (let y = years.first; y <= years.last; y++) byYear.set(y, changeShapes(tz, y));
  if (ref.length !== 0 && ref.length !== 2)
    return { year: years.last, what: `${ref.length} offset changes in ${years.last}, where Outlook reads one pair` };
  for (let y = years.last - 1; y >= years.first; y--) {
    const shapes = byYear.get(y)!;
    if (shapes.length !== ref.length)
      return { year: y, what: `${shapes.length} offset changes in ${y} but ${ref.length} in ${years.last}` };
    for (let i = 0; i < ref.length; i++) {
      const a = shapes[i]!;
      const b = ref[i]!;
      const same = a.month === b.month && a.weekday === b.weekday && a.time === b.time;
      const offsets = a.before === b.before && a.after === b.after;
      // One yearly rule: the same nth weekday every year, or "last" every year (byYear below).
      if (!same || !offsets) return { year: y, what: `its offset changes in ${y} differ from those in ${years.last}` };
    }
  }
  for (let i = 0; i < ref.length; i++) {
    const all = [...byYear.values()].map((s) => s[i]!);
    if (!all.every((s) => s.last) && !all.every((s) => s.nth === all[0]!.nth)) {
      const odd = [...byYear].find(([, s]) => s[i]!.nth !== ref[i]!.nth && !s[i]!.last);
      return {
        year: odd?.[0] ?? years.first,
        what: 'its changes fall on different weeks of the month in different years',
      };
    }
  }
  return null;
}
