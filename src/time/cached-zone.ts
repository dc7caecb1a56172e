import { BoundedCache } from '../text/bounded-cache.js';
import { IANAZone, Zone } from 'luxon';
import { DAY_MS } from './calendar-units.js';

/**
 * An IANA zone whose offsets are looked up in a per-year table of transitions instead of asking
 * Intl for every instant. Luxon's IANAZone formats a date through Intl on each call, which was
 * most of the load time of a large schedule (issue 4 benchmark: 5.5 s of 13 s at 10,000 windows).
 */
export class CachedZone extends Zone {
  private readonly years = new Map<number, YearTable>();
  private last: YearTable = { from: 0, to: 0, start: 0, changes: [] };
  private readonly iana: IANAZone;

  constructor(name: string) {
    super();
    this.iana = IANAZone.create(name);
  }

  override get type(): string {
    return 'iana';
  }

  override get name(): string {
    return this.iana.name;
  }

  override get isUniversal(): boolean {
    return false;
  }

  override get isValid(): boolean {
    return this.iana.isValid;
  }

  override offsetName(ts: number, opts: { format?: 'short' | 'long'; locale?: string }): string | null {
    return this.iana.offsetName(ts, opts);
  }

  override formatOffset(ts: number, format: 'narrow' | 'short' | 'techie'): string {
    return this.iana.formatOffset(ts, format);
  }

  override equals(other: Zone): boolean {
    return other.type === 'iana' && other.name === this.name;
  }

  override offset(ts: number): number {
    // Loads ask for runs of instants in one year: the last year's table answers most of them.
    let table = this.last;
    if (!(ts >= table.from && ts < table.to)) {
      const year = new Date(ts).getUTCFullYear();
      table = this.years.get(year) ?? this.yearTable(year);
      this.last = table;
    }
    let offset = table.start;
    for (const c of table.changes) if (ts >= c.at) offset = c.offset;
    return offset;
  }

  /** The instants (ms) at which the zone changes its offset in a UTC year. */
  transitions(year: number): number[] {
    return (this.years.get(year) ?? this.yearTable(year)).changes.map((c) => c.at);
  }

  /**
   * Whether an occurrence starting at `minuteOfDay` (local) and lasting `minutes` can meet an
   * offset change on any day of the UTC years `firstYear`–`lastYear`: whether some change's
   * local hour (from the earlier to the later of the two offsets' clocks, ends included) falls
   * within it, on the 24-hour circle. False means no occurrence at that time of day is in a gap
   * or overlap, crosses a change, or ends in one, so loads skip checking them one by one.
   */
  mayMeetChange(minuteOfDay: number, minutes: number, firstYear: number, lastYear: number): boolean {
    if (minutes >= DAY_MINUTES) return true;
    const key = `${minuteOfDay} ${minutes} ${firstYear} ${lastYear}`;
    return this.meetings.getOrMake(key, () => {
      let met = false;
      for (let year = firstYear; year <= lastYear && !met; year++) {
        const table = this.years.get(year) ?? this.yearTable(year);
        let before = table.start;
        for (const c of table.changes) {
          const lo = Math.min(before, c.offset);
          const local = Math.floor(c.at / 60_000) + lo;
          const from = (((local - minuteOfDay) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
          // The change's local span [from, from + |difference|] against [0, minutes], on the circle.
          if (from <= minutes || from + Math.abs(c.offset - before) >= DAY_MINUTES) met = true;
          before = c.offset;
        }
      }
      return met;
    });
  }

  private readonly meetings = new BoundedCache<boolean>(10_000);

  private yearTable(year: number): YearTable {
    const from = Date.UTC(year, 0, 1);
    const table = {
      from,
      to: Date.UTC(year + 1, 0, 1),
      start: this.iana.offset(from),
      changes: transitionsIn(this.iana, year).map((at) => ({ at, offset: this.iana.offset(at) })),
    };
    this.years.set(year, table);
    return table;
  }
}

interface YearTable {
  /** The UTC year's first millisecond, and the next year's. */
  from: number;
  to: number;
  start: number;
  changes: { at: number; offset: number }[];
}

const DAY_MINUTES = 24 * 60;

const zones = new Map<string, CachedZone>();

/** The shared CachedZone for an IANA name. */
export function cachedZone(name: string): CachedZone {
  let zone = zones.get(name);
  if (!zone) zones.set(name, (zone = new CachedZone(name)));
  return zone;
}

/**
 * The closest two offset changes of any zone are 6.96 days apart (America/Boa_Vista, Noronha and
 * Recife in October 2000; Asia/Gaza and Hebron in 2040, 2054 and 2072; every zone scanned over
 * 1995–2201): steps shorter than half of it see each change.
 */
export const MIN_DAYS_BETWEEN_CHANGES = 6;

/**
 * The instants (ms, to the minute) in a UTC year at which `tz` changes its offset: step by three
 * days (each step asks Intl, the slow part of a load), then narrow a step with a change down.
 */
export function transitionsIn(tz: Zone, year: number): number[] {
  const out: number[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  const step = (MIN_DAYS_BETWEEN_CHANGES / 2) * DAY_MS;
  let t = Date.UTC(year, 0, 1);
  let before = tz.offset(t);
  while (t < end) {
    const after = tz.offset(t + step);
    if (before !== after) {
      let lo = t;
      let hi = t + step;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (tz.offset(mid) === tz.offset(lo)) lo = mid;
        else hi = mid;
      }
      if (hi < end) out.push(hi);
    }
    before = after;
    t += step;
  }
  return out;
}
