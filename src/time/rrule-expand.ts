import rrule from 'rrule';
import { DateTime } from 'luxon';
import type { RecurrenceRule } from './recurrence-rule.js';
import { atTime, type TimeOfDay, type WallClock } from './wall-clock.js';

const { RRule } = rrule;

export interface RuleSpan {
  rule: RecurrenceRule;
  /** First day the rule may produce (wall-clock date). */
  from: WallClock;
  /** Last day it may produce, inclusive; absent for an open-ended rule. */
  until?: WallClock;
  time: TimeOfDay;
}

/**
 * Expands a rule in wall-clock time. rrule.js runs without tzid on UTC fields that hold the
 * local clock (calendar-clients.md: with tzid its results depend on the process TZ), so a
 * 17:00 window stays 17:00 on both sides of a DST change.
 */
export function expandWallClock(span: RuleSpan, rangeStart: WallClock, rangeEnd: WallClock, limit = 100_000): WallClock[] {
  const rule = toRRule(span);
  const out: WallClock[] = [];
  rule.between(rangeStart.toJSDate(), rangeEnd.toJSDate(), true, (date) => {
    out.push(DateTime.fromJSDate(date, { zone: 'utc' }));
    return out.length < limit;
  });
  return out;
}

/** The last occurrence of a finite rule (one with COUNT or until), for writing UNTIL. */
export function lastWallClock(span: RuleSpan): WallClock | undefined {
  if (span.rule.count === undefined && !span.until) return undefined;
  const last = toRRule(span).before(new Date(Date.UTC(9999, 0, 1)), true);
  return last ? DateTime.fromJSDate(last, { zone: 'utc' }) : undefined;
}

function toRRule(span: RuleSpan): InstanceType<typeof RRule> {
  const options = { ...span.rule.options, dtstart: atTime(span.from, span.time).toJSDate() } as rrule.Options;
  if (span.until) options.until = span.until.endOf('day').toJSDate();
  if (span.rule.count !== undefined) options.count = span.rule.count;
  return new RRule(options);
}
