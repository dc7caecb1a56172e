import { DateTime } from 'luxon';
import { parseRecurrenceRule, type RecurrenceRule } from '../time/recurrence-rule.js';
import type { Schedule, Window } from '../schedule/schedule.js';

/**
 * A Schedule as JSON text, for postMessage from the load worker (feeds/load-worker.ts). Luxon
 * DateTimes and the rrule.js Weekdays in a rule's options are class instances: structured clone
 * keeps their fields but not their classes, so they travel tagged, as `{"$dt": ms, "zone": …}`
 * and `{"$rule": text}`, and `reviveSchedule` makes them again. The tags are found wherever they
 * are, so a new field of the schedule travels without changes here. JSON rather than structured
 * clone: the main thread parses one string several times faster than it deserialises the same
 * objects (3 ms against 15–35 ms for 1,500 windows).
 */
export type ScheduleText = string & { readonly scheduleText: unique symbol };

interface Tagged {
  $dt?: number;
  zone?: string;
  $rule?: string;
}

export function encodeSchedule(schedule: Schedule): ScheduleText {
  // JSON.stringify calls DateTime#toJSON before a replacer sees the value; `this[key]` is the original.
  return JSON.stringify(schedule, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    if (raw instanceof DateTime) return { $dt: raw.toMillis(), zone: raw.zoneName ?? 'utc' };
    if (isRule(raw)) return { $rule: ruleText(raw) };
    return value;
  }) as ScheduleText;
}

/** Windows revived between two turns of the event loop: a few milliseconds of work. */
const REVIVE_SLICE = 50;

/**
 * The Schedule `encodeSchedule` was given: deep-equal to it (test/feeds/schedule-transfer.test.ts).
 * It runs on the thread that answers requests, so it lets them in every REVIVE_SLICE windows
 * instead of holding the event loop for all of them (tens of milliseconds for 1,500 windows).
 */
export async function reviveSchedule(text: ScheduleText): Promise<Schedule> {
  const { windows: sent, ...rest } = JSON.parse(text) as Record<string, unknown> & { windows: unknown[] };
  const windows: Window[] = [];
  for (let i = 0; i < sent.length; i += REVIVE_SLICE) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    for (const w of sent.slice(i, i + REVIVE_SLICE)) windows.push(revive(w) as Window);
  }
  return { ...(revive(rest) as Omit<Schedule, 'windows'>), windows };
}

/** A value from JSON with every tagged DateTime and rule made again. */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value === null || typeof value !== 'object') return value;
  const tagged = value as Tagged;
  if (typeof tagged.$dt === 'number') return DateTime.fromMillis(tagged.$dt, { zone: tagged.zone ?? 'utc' });
  if (typeof tagged.$rule === 'string') return reviveRule(tagged.$rule);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
}

function isRule(value: unknown): value is RecurrenceRule {
  return (
    typeof value === 'object' && value !== null && Array.isArray((value as RecurrenceRule).parts) && 'options' in value
  );
}

/** The rule as written, COUNT included: parsing it again gives the same RecurrenceRule. */
function ruleText(rule: RecurrenceRule): string {
  return rule.count === undefined ? rule.text : `${rule.text};COUNT=${rule.count}`;
}

function reviveRule(text: string): RecurrenceRule {
  const { rule, problems } = parseRecurrenceRule(text);
  if (!rule) throw new Error(`internal: a rule the load worker accepted is refused: ${text}: ${problems[0]?.message}`);
  return rule;
}
