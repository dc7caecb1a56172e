import { BoundedCache } from '../text/bounded-cache.js';
import { createRequire } from 'node:module';
import type rrule from 'rrule';
import { DateTime } from 'luxon';
import { FREQUENCY_UNIT, type RecurrenceRule } from './recurrence-rule.js';
import type { TimeOfDay, WallClock } from './wall-clock.js';
import { DAY_MS, dayNumber, weekdayOfCode, weekdayOfDay } from './calendar-units.js';

/**
 * rrule.js, loaded on first use: the commonest rules are counted without it (weekdayYearDays,
 * everyNthWeek), and loading it was a fiftieth of building 10,000 windows. Its CommonJS build,
 * required: the object with RRule that its ES default export also is (calendar-clients.md).
 */
let loaded: typeof rrule | undefined;
const RRuleOf = () => (loaded ??= createRequire(import.meta.url)('rrule') as typeof rrule).RRule;

export interface RuleSpan {
  rule: RecurrenceRule;
  /** Whole days added to every date of the rule; `from` and `until` bound the shifted dates. */
  offsetDays?: number;
  /** First day the rule may produce (wall-clock date). */
  from: WallClock;
  /** Last day it may produce, inclusive; absent for an open-ended rule. */
  until?: WallClock;
  time: TimeOfDay;
}

/** The span of a recurring window's rule: what expandWallClock needs of it. */
export function ruleSpan(t: {
  rule: RecurrenceRule;
  offsetDays?: number;
  from: WallClock;
  until?: WallClock;
  time: TimeOfDay;
}): RuleSpan {
  return {
    rule: t.rule,
    from: t.from,
    time: t.time,
    ...(t.offsetDays ? { offsetDays: t.offsetDays } : {}),
    ...(t.until ? { until: t.until } : {}),
  };
}

/**
 * Expands a rule in wall-clock time. rrule.js runs without tzid on UTC fields that hold the
 * local clock (calendar-clients.md: with tzid its results depend on the process TZ), so a
 * 17:00 window stays 17:00 on both sides of a DST change.
 */
export function expandWallClock(
  span: RuleSpan,
  rangeStart: WallClock,
  rangeEnd: WallClock,
  limit = 100_000,
): readonly WallClock[] {
  const ms = expandMillis(span, rangeStart.toMillis(), rangeEnd.toMillis(), limit);
  return ms.map((m) => DateTime.fromMillis(m, { zone: 'utc' }));
}

/**
 * The same occurrences as expandWallClock, as epoch milliseconds of their wall-clock times read as
 * UTC (a number per occurrence instead of a Luxon object, for loops over many of them).
 */
export function expandMillis(span: RuleSpan, rangeStartMs: number, rangeEndMs: number, limit = 100_000): number[] {
  const timeMs = (span.time.hour * 60 + span.time.minute) * 60_000;
  // The dates of a rule do not depend on the time of day (BYHOUR and BYMINUTE are refused), so
  // they are expanded once per rule, span and range, shared by every window that has them, and
  // the range's own times are applied to each date's occurrence here. At most the first and the
  // last day fall outside the range by their time, hence two dates more than asked for.
  const days = expandDays(span, dayNumber(rangeStartMs), dayNumber(rangeEndMs), limit + 2);
  // Only the first and the last day can fall outside the range by their time: the days between
  // are copied without a test each (loads copy hundreds for each of thousands of windows).
  let first = 0;
  let end = days.length;
  while (first < end && days[first]! * DAY_MS + timeMs < rangeStartMs) first++;
  while (end > first && days[end - 1]! * DAY_MS + timeMs > rangeEndMs) end--;
  const out: number[] = [];
  for (let i = first; i < end && out.length < limit; i++) out.push(days[i]! * DAY_MS + timeMs);
  return out;
}

/** What identifies one expansion of expandDays: equal keys give equal dates. */
export function expansionKey(span: RuleSpan, firstDay: number, lastDay: number): string {
  const rule = span.rule.text;
  const until = span.until ? dayNumber(span.until) : '';
  return `${rule};COUNT=${span.rule.count ?? ''}|${span.offsetDays ?? 0}|${dayNumber(span.from)}|${until}|${firstDay}|${lastDay}`;
}

/**
 * Loading 10,000 windows asks for a few thousand distinct expansions; each is kept (as days,
 * 4 bytes each) for the windows that share it. Cleared whole when full, so reloads of changing
 * schedules do not grow the process.
 */
const MAX_CACHED = 20_000;
const cache = new BoundedCache<{ days: Int32Array; truncated: boolean }>(MAX_CACHED);

/** Days (since 1970-01-01) of the rule's dates from firstDay to lastDay inclusive, the first `limit` at least. */
function expandDays(span: RuleSpan, firstDay: number, lastDay: number, limit: number): Int32Array {
  const key = expansionKey(span, firstDay, lastDay);
  const known = cache.get(key);
  // A complete earlier answer serves any limit; a truncated one only a smaller limit.
  if (known && (!known.truncated || limit <= known.days.length)) return known.days;
  // The rule runs on the unshifted dates: bounds move back by the offset, results forward.
  const shift = span.offsetDays ?? 0;
  const found: number[] = [];
  const weekly = everyNthWeek(span.rule);
  if (startsAnywhere(span.rule) || weekly) {
    // The dates of the years asked for, bounded by from and until.
    const lo = Math.max(firstDay, dayNumber(span.from)) - shift;
    const hi = Math.min(lastDay, span.until ? dayNumber(span.until) : lastDay) - shift;
    // Every INTERVAL-th week counts from the week of the rule's first date (weeks begin on WKST).
    const firstWeek = weekly ? weekStart(dayNumber(span.from) - shift, weekly.wkst) : 0;
    for (let year = yearOf(lo); year <= yearOf(hi) && found.length < limit; year++) {
      const days = yearDays(span.rule, year);
      for (let i = 0; i < days.length; i++) {
        const day = days[i]!;
        if (day < lo || day > hi) continue;
        if (weekly && ((weekStart(day, weekly.wkst) - firstWeek) / 7) % weekly.interval !== 0) continue;
        found.push(day + shift);
        if (found.length >= limit) break;
      }
    }
  } else {
    const options = {
      ...span.rule.options,
      ...startNear(span.rule, dayNumber(span.from) - shift, firstDay - shift),
    } as rrule.Options;
    if (span.until) options.until = new Date((dayNumber(span.until) - shift + 1) * DAY_MS - 1);
    if (span.rule.count !== undefined) options.count = span.rule.count;
    new (RRuleOf())(options).between(
      new Date((firstDay - shift) * DAY_MS),
      new Date((lastDay - shift + 1) * DAY_MS - 1),
      true,
      (date) => {
        found.push(dayNumber(date.getTime()) + shift);
        return found.length < limit;
      },
    );
  }
  const days = Int32Array.from(found);
  cache.set(key, { days, truncated: found.length >= limit });
  return days;
}

/**
 * DTSTART for an expansion from rangeDay. rrule.js walks every period from DTSTART, so a range far
 * from the rule's first date cost time in proportion to the distance (a request for the year 9999
 * held the event loop for seconds, issue 9). Far from it, start a whole number of INTERVALs later
 * and at least one INTERVAL before the range: every period from there on is the same, and the
 * first, which may be cut short, ends before the range. The day and month rrule.js would take from
 * DTSTART (RFC 5545 §3.3.10) are set from the first date. COUNT counts from the first date, so
 * such a rule is never moved.
 */
function startNear(rule: RecurrenceRule, fromDay: number, rangeDay: number): Partial<rrule.Options> {
  const first = DateTime.fromMillis(fromDay * DAY_MS, { zone: 'utc' });
  const o = rule.options;
  const unit = o.freq === undefined ? undefined : FREQUENCY_UNIT[o.freq];
  if (!unit || rule.count !== undefined) return { dtstart: first.toJSDate() };
  const interval = o.interval ?? 1;
  const range = DateTime.fromMillis(rangeDay * DAY_MS, { zone: 'utc' });
  const steps = Math.floor(range.diff(first, unit).get(unit) / interval) - 1;
  if (!(steps >= 1)) return { dtstart: first.toJSDate() };
  const defaults: Partial<rrule.Options> = {};
  if (o.bymonthday == null && o.byweekday == null) {
    if (unit === 'years' && o.bymonth == null) defaults.bymonth = [first.month];
    if (unit === 'years' || unit === 'months') defaults.bymonthday = [first.day];
  }
  return { dtstart: first.plus({ [unit]: steps * interval }).toJSDate(), ...defaults };
}

/**
 * Whether a rule's dates do not depend on the day it starts, only start there: every period
 * counts (INTERVAL=1, no COUNT) and the rule names its days itself rather than taking them from
 * the start (BYDAY for weekly, BYDAY or BYMONTHDAY for monthly; daily names every day). Such a
 * rule is the same year after year for every window that has it, whatever its `from`.
 */
function startsAnywhere(rule: RecurrenceRule): boolean {
  const parts = new Map(rule.parts);
  if (rule.count !== undefined || (parts.get('INTERVAL') ?? '1') !== '1' || parts.has('BYSETPOS')) return false;
  const freq = parts.get('FREQ');
  if (freq === 'DAILY') return true;
  if (freq === 'WEEKLY') return parts.has('BYDAY');
  if (freq === 'MONTHLY') return parts.has('BYDAY') || parts.has('BYMONTHDAY');
  return false;
}

/**
 * A WEEKLY rule with INTERVAL above 1 and weekdays (`FREQ=WEEKLY;INTERVAL=2;BYDAY=TU`, every
 * other Tuesday), without COUNT or BYSETPOS: its dates are the weekdays of every INTERVAL-th week
 * from the first, counted here instead of by rrule.js (a fifth of a large load's windows are
 * fortnightly). Null for any other rule. Equal to rrule.js by a property test.
 */
function everyNthWeek(rule: RecurrenceRule): { interval: number; wkst: number } | null {
  const parts = new Map(rule.parts);
  const interval = Number(parts.get('INTERVAL') ?? '1');
  if (parts.get('FREQ') !== 'WEEKLY' || !(interval > 1) || rule.count !== undefined) return null;
  for (const name of parts.keys()) if (!['FREQ', 'BYDAY', 'BYMONTH', 'INTERVAL', 'WKST'].includes(name)) return null;
  const byday = parts.get('BYDAY');
  if (!byday || !byday.split(',').every((d) => weekdayOfCode(d) >= 0)) return null;
  return { interval, wkst: weekdayOfCode(parts.get('WKST') ?? 'MO') };
}

/** The first day (since 1970-01-01) of the week `day` is in, for weeks that begin on `wkst` (0 is Sunday). */
function weekStart(day: number, wkst: number): number {
  return day - ((weekdayOfDay(day) - wkst + 7) % 7);
}

const yearOf = (day: number) => new Date(day * DAY_MS).getUTCFullYear();

/**
 * The days a startsAnywhere rule gives in one calendar year, expanded once per rule and year; for
 * an everyNthWeek rule, the days of its weekdays in every week (expandDays keeps every INTERVAL-th).
 */
function yearDays(rule: RecurrenceRule, year: number): Int32Array {
  // By rule, then by year: one lookup of the rule's text per window, not a key string per year.
  const years = byYear.getOrMake(rule.text, () => new Map<number, Int32Array>());
  let days = years.get(year);
  if (!days) {
    // rrule.js would count an INTERVAL from 1 January, and expandDays then again from the rule's
    // first week: an everyNthWeek rule is one weekdayYearDays reads (it ignores INTERVAL).
    const counted = weekdayYearDays(rule, year);
    if (!counted && everyNthWeek(rule)) throw new Error(`internal: ${rule.text} is not counted by weekday`);
    years.set(year, (days = counted ?? rruleYearDays(rule, year)));
  }
  return days;
}

function rruleYearDays(rule: RecurrenceRule, year: number): Int32Array {
  const options = {
    ...rule.options,
    dtstart: new Date(Date.UTC(year, 0, 1)),
    until: new Date(Date.UTC(year + 1, 0, 1) - 1),
  } as rrule.Options;
  return Int32Array.from(new (RRuleOf())(options).all(), (date) => dayNumber(date.getTime()));
}
const byYear = new BoundedCache<Map<number, Int32Array>>(MAX_CACHED);

/**
 * The days of the commonest rules, counted here rather than by rrule.js (a third of the rule
 * work of a large load was its per-year setup): WEEKLY or DAILY with BYDAY weekdays, and
 * MONTHLY with BYDAY weekdays or nth weekdays (2TU, -1FR), each optionally with BYMONTH.
 * Null for any other rule, which rrule.js expands. Equal to rrule.js by a property test (INTERVAL
 * is ignored here: it is 1 for these rules, and everyNthWeek applies it in expandDays).
 */
function weekdayYearDays(rule: RecurrenceRule, year: number): Int32Array | null {
  const parts = new Map(rule.parts);
  const freq = parts.get('FREQ');
  const byday = parts.get('BYDAY');
  if (!byday || !(freq === 'WEEKLY' || freq === 'DAILY' || freq === 'MONTHLY')) return null;
  for (const name of parts.keys()) if (!['FREQ', 'BYDAY', 'BYMONTH', 'INTERVAL', 'WKST'].includes(name)) return null;
  const wanted: { weekday: number; nth: number }[] = [];
  for (const item of byday.split(',')) {
    const m = /^([+-]?\d{1,2})?(SU|MO|TU|WE|TH|FR|SA)$/.exec(item);
    if (!m || (m[1] !== undefined && freq !== 'MONTHLY')) return null;
    wanted.push({ weekday: weekdayOfCode(m[2]!), nth: m[1] === undefined ? 0 : Number(m[1]) });
  }
  // rrule.js reads a mix of plain and nth weekdays (MO,2TU) as the nth ones alone, or none: left to it.
  if (wanted.some((w) => w.nth === 0) && wanted.some((w) => w.nth !== 0)) return null;
  const months = parts.has('BYMONTH') ? parts.get('BYMONTH')!.split(',').map(Number) : null;
  const out: number[] = [];
  for (let month = 1; month <= 12; month++) {
    if (months && !months.includes(month)) continue;
    const first = dayNumber(Date.UTC(year, month - 1, 1));
    const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const firstWeekday = weekdayOfDay(first);
    const found = new Set<number>();
    for (const { weekday, nth } of wanted) {
      const firstOn = 1 + ((weekday - firstWeekday + 7) % 7);
      if (nth === 0) for (let d = firstOn; d <= length; d += 7) found.add(d);
      else {
        const count = Math.floor((length - firstOn) / 7) + 1;
        const index = nth > 0 ? nth - 1 : count + nth;
        if (index >= 0 && index < count) found.add(firstOn + index * 7);
      }
    }
    for (const d of [...found].sort((a, b) => a - b)) out.push(first + d - 1);
  }
  return Int32Array.from(out);
}
