import { BoundedCache } from '../text/bounded-cache.js';
import type rrule from 'rrule';
import { WEEKDAYS, type Weekday } from './calendar-units.js';

type Options = rrule.Options;

/** A validated RRULE value from the schedule, without DTSTART or UNTIL (they come from from/until). */
export interface RecurrenceRule {
  /** The parts in the order written, upper-cased, COUNT left out (it becomes UNTIL when rendered). */
  parts: [string, string][];
  /** The parts as text (FREQ=MONTHLY;BYDAY=2TU), COUNT left out: what expansions are kept by. */
  text: string;
  count?: number;
  /** Options for rrule.js, to be completed with dtstart/until in wall-clock UTC fields. */
  options: Partial<Options>;
}

export interface RuleProblem {
  /** Offset of the offending part within the rule text. */
  offset: number;
  message: string;
}

const FREQS = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
/**
 * rrule.js's Frequency values, so that reading a rule does not load rrule.js (a tenth of a
 * second's start-up: most rules are expanded without it, rrule-expand.ts). A test checks them
 * against RRule's own.
 */
export const FREQUENCY = { YEARLY: 0, MONTHLY: 1, WEEKLY: 2, DAILY: 3 } as const;

/** The period each frequency steps by, as Luxon names durations. */
export const FREQUENCY_UNIT: Readonly<Record<number, 'years' | 'months' | 'weeks' | 'days'>> = {
  [FREQUENCY.YEARLY]: 'years',
  [FREQUENCY.MONTHLY]: 'months',
  [FREQUENCY.WEEKLY]: 'weeks',
  [FREQUENCY.DAILY]: 'days',
};
const WEEKDAY_PART = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/;

function intList(value: string, min: number, max: number, allowNegative: boolean): number[] | null {
  const out: number[] = [];
  for (const item of value.split(',')) {
    if (!/^[+-]?\d+$/.test(item)) return null;
    const n = Number(item);
    const abs = Math.abs(n);
    if (abs < min || abs > max || (n < 0 && !allowNegative) || n === 0) return null;
    out.push(n);
  }
  return out;
}

/**
 * Reads a rule. Windows repeat the same few rules thousands of times, so each text is read once
 * and its (never changed) result shared.
 */
export function parseRecurrenceRule(text: string): { rule?: RecurrenceRule; problems: RuleProblem[] } {
  return parsedRules.getOrMake(text, readRule);
}
const parsedRules = new BoundedCache<{ rule?: RecurrenceRule; problems: RuleProblem[] }>(10_000);

function readRule(text: string): { rule?: RecurrenceRule; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const parts: [string, string][] = [];
  const options: Partial<Options> = {};
  let count: number | undefined;
  const seen = new Set<string>();
  const source = text.replace(/^RRULE:/i, '');
  const lead = text.length - source.length;
  let offset = lead;
  for (const raw of source.split(';')) {
    const at = offset;
    offset += raw.length + 1;
    if (raw === '') continue;
    const eq = raw.indexOf('=');
    const name = (eq < 0 ? raw : raw.slice(0, eq)).toUpperCase();
    const value = eq < 0 ? '' : raw.slice(eq + 1).toUpperCase();
    const fail = (message: string) => problems.push({ offset: at, message });
    if (seen.has(name)) {
      fail(`${name} is given twice in the rule`);
      continue;
    }
    seen.add(name);
    switch (name) {
      case 'FREQ': {
        if ((FREQS as readonly string[]).includes(value)) {
          options.freq = FREQUENCY[value as (typeof FREQS)[number]];
        } else if (['HOURLY', 'MINUTELY', 'SECONDLY'].includes(value)) {
          fail(
            `FREQ=${value} is not supported: a maintenance window repeats at most daily; use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY`,
          );
        } else fail(`FREQ=${value} is not a frequency; use DAILY, WEEKLY, MONTHLY or YEARLY`);
        break;
      }
      case 'INTERVAL': {
        const n = intList(value, 1, 1000, false);
        if (n?.length === 1) options.interval = n[0]!;
        else fail(`INTERVAL=${value} must be one whole number from 1 to 1000`);
        break;
      }
      case 'COUNT': {
        const n = intList(value, 1, 10000, false);
        if (n?.length === 1) count = n[0]!;
        else fail(`COUNT=${value} must be one whole number from 1 to 10000`);
        break;
      }
      case 'BYDAY': {
        const days = value.split(',').map((d) => WEEKDAY_PART.exec(d));
        if (
          value === '' ||
          days.some((m) => !m || (m[1] !== undefined && (Number(m[1]) === 0 || Math.abs(Number(m[1])) > 53)))
        ) {
          fail(
            `BYDAY=${value} must be weekdays (MO,TU,WE,TH,FR,SA,SU), each optionally with a position such as 4TU or -1FR`,
          );
        } else if (days.some((m) => m![1] === undefined) && days.some((m) => m![1] !== undefined)) {
          // RFC 5545 means the union (every Monday and the first Tuesday); rrule.js, which the
          // service expands with, reads only days that are both, so such a window lost its plain
          // weekdays without a word.
          const plain = days.filter((m) => m![1] === undefined).map((m) => m![0]);
          const nth = days.filter((m) => m![1] !== undefined).map((m) => m![0]);
          fail(
            `BYDAY=${value} mixes weekdays with and without a position, which calendar programs read differently; make two windows, one with BYDAY=${plain.join(',')} and one with BYDAY=${nth.join(',')}`,
          );
        } else {
          // What rrule.js reads from a Weekday ({ weekday, n }), without its class (see FREQUENCY).
          options.byweekday = days.map((m) => {
            const weekday = WEEKDAYS.indexOf(m![2] as Weekday);
            return (m![1] === undefined ? { weekday } : { weekday, n: Number(m![1]) }) as rrule.Weekday;
          });
        }
        break;
      }
      case 'BYMONTHDAY': {
        const n = intList(value, 1, 31, true);
        if (n) options.bymonthday = n;
        else fail(`BYMONTHDAY=${value} must be days of the month, 1 to 31 or -1 to -31, separated by commas`);
        break;
      }
      case 'BYMONTH': {
        const n = intList(value, 1, 12, false);
        if (n) options.bymonth = n;
        else fail(`BYMONTH=${value} must be months 1 to 12 separated by commas`);
        break;
      }
      case 'BYSETPOS': {
        const n = intList(value, 1, 366, true);
        if (n) options.bysetpos = n;
        else fail(`BYSETPOS=${value} must be positions 1 to 366 or -1 to -366 separated by commas`);
        break;
      }
      case 'WKST': {
        const wd = WEEKDAYS.indexOf(value as Weekday);
        if (wd >= 0) options.wkst = wd;
        else fail(`WKST=${value} must be one weekday: MO,TU,WE,TH,FR,SA or SU`);
        break;
      }
      case 'UNTIL':
        fail('UNTIL does not belong in repeat: give the last date as `until: YYYY-MM-DD` on the window');
        break;
      case 'DTSTART':
        fail('DTSTART does not belong in repeat: give the first date as `from:` and the time as `time:`');
        break;
      case 'BYHOUR':
      case 'BYMINUTE':
      case 'BYSECOND':
        fail(`${name} does not belong in repeat: give the start as \`time: "HH:MM"\` on the window`);
        break;
      default:
        fail(
          `${name} is not supported in repeat; use FREQ, INTERVAL, COUNT, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS or WKST`,
        );
    }
    if (value !== '' || eq >= 0) parts.push([name, value]);
  }
  if (options.freq === undefined && !problems.some((p) => p.message.startsWith('FREQ'))) {
    problems.push({ offset: lead, message: 'the rule needs FREQ, for example FREQ=MONTHLY;BYDAY=4TU' });
  }
  if (problems.length > 0) return { problems };
  const kept = parts.filter(([n]) => n !== 'COUNT');
  const rule: RecurrenceRule = { parts: kept, text: kept.map(([k, v]) => `${k}=${v}`).join(';'), options };
  if (count !== undefined) rule.count = count;
  return { rule, problems };
}
