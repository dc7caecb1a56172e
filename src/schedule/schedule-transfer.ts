import { DateTime } from 'luxon';
import { parseRecurrenceRule, type RecurrenceRule } from '../time/recurrence-rule.js';
import type { Move, Schedule, Timing, Window } from './schedule.js';

/**
 * A Schedule as JSON text, for postMessage from the load worker (feeds/load-worker.ts). Luxon
 * DateTimes and the rrule.js Weekdays in a rule's options are class instances: structured clone
 * keeps their fields but not their classes, so they travel as epoch milliseconds with their zone
 * and as the rule's text, and `reviveSchedule` makes them again. JSON rather than structured
 * clone: the main thread parses one string several times faster than it deserialises the same
 * objects (3 ms against 15–35 ms for 1,500 windows).
 */
export type ScheduleText = string & { readonly scheduleText: unique symbol };

type TransferSchedule = Transfer<Schedule>;

interface TransferDateTime {
  ms: number;
  zone: string;
}

type Transfer<T> = T extends DateTime
  ? TransferDateTime
  : T extends RecurrenceRule
    ? { rule: string }
    : T extends readonly (infer U)[]
      ? Transfer<U>[]
      : T extends object
        ? { [K in keyof T]: Transfer<T[K]> }
        : T;

export function encodeSchedule(schedule: Schedule): ScheduleText {
  const sent: TransferSchedule = {
    ...schedule,
    calendar: withUpdated(schedule.calendar, encodeDateTime),
    windows: schedule.windows.map((w) => ({ ...withUpdated(w, encodeDateTime), timing: encodeTiming(w.timing) })),
  };
  return JSON.stringify(sent) as ScheduleText;
}

/** Windows revived between two turns of the event loop: a few milliseconds of work. */
const REVIVE_SLICE = 50;

/**
 * The Schedule `encodeSchedule` was given: deep-equal to it (test/schedule/schedule-transfer.test.ts).
 * It runs on the thread that answers requests, so it lets them in every REVIVE_SLICE windows
 * instead of holding the event loop for all of them (tens of milliseconds for 1,500 windows).
 */
export async function reviveSchedule(text: ScheduleText): Promise<Schedule> {
  const sent = JSON.parse(text) as TransferSchedule;
  const windows: Window[] = [];
  for (let i = 0; i < sent.windows.length; i += REVIVE_SLICE) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    for (const w of sent.windows.slice(i, i + REVIVE_SLICE))
      windows.push({ ...withUpdated(w, reviveDateTime), timing: reviveTiming(w.timing) });
  }
  return { ...sent, calendar: withUpdated(sent.calendar, reviveDateTime), windows };
}

/** `updated` is optional: absent stays absent (not `undefined`), so the two sides deep-equal. */
function withUpdated<T extends { updated?: A }, A, B>(item: T, map: (a: A) => B): Omit<T, 'updated'> & { updated?: B } {
  const { updated, ...rest } = item;
  return updated === undefined ? rest : { ...rest, updated: map(updated) };
}

function encodeTiming(t: Timing): Transfer<Timing> {
  switch (t.kind) {
    case 'timed':
      return { ...t, start: encodeDateTime(t.start), end: encodeDateTime(t.end) };
    case 'all-day':
      return { ...t, date: encodeDateTime(t.date) };
    case 'recurring': {
      const { until, ...rest } = t;
      return {
        ...rest,
        ...(until ? { until: encodeDateTime(until) } : {}),
        rule: { rule: ruleText(t.rule) },
        from: encodeDateTime(t.from),
        except: t.except.map(encodeDateTime),
        moved: t.moved.map((m) => ({ ...m, date: encodeDateTime(m.date), to: encodeDateTime(m.to) })),
      };
    }
  }
}

function reviveTiming(t: Transfer<Timing>): Timing {
  switch (t.kind) {
    case 'timed':
      return { ...t, start: reviveDateTime(t.start), end: reviveDateTime(t.end) };
    case 'all-day':
      return { ...t, date: reviveDateTime(t.date) };
    case 'recurring': {
      const { until, ...rest } = t;
      return {
        ...rest,
        ...(until ? { until: reviveDateTime(until) } : {}),
        rule: reviveRule(t.rule.rule),
        from: reviveDateTime(t.from),
        except: t.except.map(reviveDateTime),
        moved: t.moved.map((m): Move => ({ ...m, date: reviveDateTime(m.date), to: reviveDateTime(m.to) })),
      };
    }
  }
}

function encodeDateTime(d: DateTime): TransferDateTime {
  return { ms: d.toMillis(), zone: d.zoneName ?? 'utc' };
}

function reviveDateTime({ ms, zone }: TransferDateTime): DateTime {
  return DateTime.fromMillis(ms, { zone });
}

/** The rule as written, COUNT included: parsing it again gives the same RecurrenceRule. */
function ruleText(rule: RecurrenceRule): string {
  const parts = rule.count === undefined ? rule.parts : [...rule.parts, ['COUNT', String(rule.count)]];
  return parts.map(([name, value]) => `${name}=${value}`).join(';');
}

function reviveRule(text: string): RecurrenceRule {
  const { rule, problems } = parseRecurrenceRule(text);
  if (!rule) throw new Error(`internal: a rule the load worker accepted is refused: ${text}: ${problems[0]?.message}`);
  return rule;
}
