import rrule from 'rrule';
import { DateTime } from 'luxon';
import type { RecurrenceRule } from './recurrence-rule.js';
import { atTime, type TimeOfDay, type WallClock } from './wall-clock.js';

const { RRule } = rrule;

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
  const shift = span.offsetDays ?? 0;
  if (shift !== 0) {
    // The rule runs on the unshifted dates: bounds move back by the offset, results forward.
    const { offsetDays: _, ...rest } = span;
    const inner = {
      ...rest,
      from: span.from.minus({ days: shift }),
      ...(span.until ? { until: span.until.minus({ days: shift }) } : {}),
    };
    const dates = expandWallClock(inner, rangeStart.minus({ days: shift }), rangeEnd.minus({ days: shift }), limit);
    return dates.map((d) => d.plus({ days: shift }));
  }
  // Loading a schedule expands each rule over the same span twice (validation, then layout).
  let memo = expansions.get(span.rule);
  if (!memo) expansions.set(span.rule, (memo = new Map<string, Expansion>()));
  const key = `${span.from.toMillis()}|${span.until?.toMillis()}|${span.time.hour}:${span.time.minute}|${rangeStart.toMillis()}|${rangeEnd.toMillis()}`;
  const known = memo.get(key);
  // A complete earlier answer serves any limit; a truncated one only a smaller limit.
  if (known && (!known.truncated || limit <= known.out.length))
    return known.out.length > limit ? known.out.slice(0, limit) : known.out;
  const out: WallClock[] = [];
  toRRule(span, rangeStart).between(rangeStart.toJSDate(), rangeEnd.toJSDate(), true, (date) => {
    out.push(DateTime.fromJSDate(date, { zone: 'utc' }));
    return out.length < limit;
  });
  // Only the latest span of a rule is kept: memory stays one expansion per window.
  memo.clear();
  memo.set(key, { out, truncated: out.length >= limit });
  return out;
}

interface Expansion {
  out: readonly WallClock[];
  truncated: boolean;
}
const expansions = new WeakMap<RecurrenceRule, Map<string, Expansion>>();

function toRRule(span: RuleSpan, rangeStart: WallClock): InstanceType<typeof RRule> {
  const options = { ...span.rule.options, ...startNear(span, rangeStart) } as rrule.Options;
  if (span.until) options.until = span.until.endOf('day').toJSDate();
  if (span.rule.count !== undefined) options.count = span.rule.count;
  return new RRule(options);
}

const UNIT: Partial<Record<rrule.Frequency, 'years' | 'months' | 'weeks' | 'days'>> = {
  [RRule.YEARLY]: 'years',
  [RRule.MONTHLY]: 'months',
  [RRule.WEEKLY]: 'weeks',
  [RRule.DAILY]: 'days',
};

/**
 * DTSTART for an expansion from rangeStart. rrule.js walks every period from DTSTART, so a range
 * far from the rule's first date cost time in proportion to the distance (a request for the year
 * 9999 held the event loop for seconds). Far from it, start a whole number of INTERVALs later and
 * at least one INTERVAL before the range: every period from there on is the same, and the first,
 * which may be cut short, ends before the range. The day and month rrule.js would take from
 * DTSTART (RFC 5545 §3.3.10) are set from the first date. COUNT counts from the first date, so
 * such a rule is never moved.
 */
function startNear(span: RuleSpan, rangeStart: WallClock): Partial<rrule.Options> {
  const first = atTime(span.from, span.time);
  const o = span.rule.options;
  const unit = o.freq === undefined ? undefined : UNIT[o.freq];
  if (!unit || span.rule.count !== undefined) return { dtstart: first.toJSDate() };
  const interval = o.interval ?? 1;
  const steps = Math.floor(rangeStart.diff(first, unit).get(unit) / interval) - 1;
  if (!(steps >= 1)) return { dtstart: first.toJSDate() };
  const dtstart = first.plus({ [unit]: steps * interval });
  const defaults: Partial<rrule.Options> = {};
  if (o.bymonthday == null && o.byweekday == null) {
    if (unit === 'years' && o.bymonth == null) defaults.bymonth = [first.month];
    if (unit === 'years' || unit === 'months') defaults.bymonthday = [first.day];
  }
  return { dtstart: dtstart.toJSDate(), ...defaults };
}
