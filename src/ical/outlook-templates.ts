import { WEEKDAYS, type Weekday } from '../time/calendar-units.js';
/**
 * Outlook's six recurrence templates (MS-OXCICAL 2.1.3.2.2.1–6). Outlook maps a recurring VEVENT
 * only when its RRULE fits one of them; for anything else it skips the whole series, overrides
 * included ("contains a recurrence pattern that Outlook does not support"). Each template allows
 * INTERVAL, WKST and UNTIL or COUNT ≤ 999 besides the parts listed; BYHOUR/BYMINUTE never occur
 * here (the time comes from DTSTART). The check is deliberately strict: calling a rule mappable
 * that Outlook drops hides a lost series, while the opposite only costs a longer feed.
 */
export type OutlookTemplate = 'daily' | 'weekly' | 'monthly' | 'monthly-nth' | 'yearly' | 'yearly-nth';

/** The weekday sets an nth template can name: one day, the weekend, the work week, every day. */
const NTH_SETS = new Set(['SA,SU', 'MO,TU,WE,TH,FR', 'MO,TU,WE,TH,FR,SA,SU', ...WEEKDAYS]);
/** Outlook's nth: first to fourth, or last; there is no "fifth". */
const NTH = new Set(['1', '2', '3', '4', '-1']);
const COMMON = new Set(['FREQ', 'INTERVAL', 'WKST']);

/** The template a rule's parts (upper case, no DTSTART/UNTIL) fit, or null when none does. */
export function outlookTemplate(parts: readonly (readonly [string, string])[]): OutlookTemplate | null {
  const p = new Map(parts);
  if (parts.length !== p.size) return null;
  const count = p.get('COUNT');
  if (count !== undefined && !(Number(count) >= 1 && Number(count) <= 999)) return null;
  p.delete('COUNT');
  const interval = p.get('INTERVAL');
  if (interval !== undefined && !/^[1-9]\d*$/.test(interval)) return null;
  const others = [...p.keys()].filter((k) => !COMMON.has(k)).sort();
  const is = (...names: string[]) => others.length === names.length && names.every((n, i) => others[i] === n);
  const byday = p.get('BYDAY');
  const oneMonthDay = (v: string | undefined) => v !== undefined && /^([1-9]|[12]\d|3[01])$/.test(v);
  const oneMonth = (v: string | undefined) => v !== undefined && /^([1-9]|1[0-2])$/.test(v);
  switch (p.get('FREQ')) {
    case 'DAILY':
      return is() ? 'daily' : null;
    case 'WEEKLY':
      if (is()) return 'weekly';
      return is('BYDAY') && plainDays(byday) ? 'weekly' : null;
    case 'MONTHLY':
      if (is()) return 'monthly';
      if (is('BYMONTHDAY')) return oneMonthDay(p.get('BYMONTHDAY')) ? 'monthly' : null;
      return nth(p, is, []) ? 'monthly-nth' : null;
    case 'YEARLY':
      if (is() || (is('BYMONTH') && oneMonth(p.get('BYMONTH')))) return 'yearly';
      if (is('BYMONTH', 'BYMONTHDAY') && oneMonth(p.get('BYMONTH')) && oneMonthDay(p.get('BYMONTHDAY')))
        return 'yearly';
      return oneMonth(p.get('BYMONTH')) && nth(p, is, ['BYMONTH']) ? 'yearly-nth' : null;
    default:
      return null;
  }
}

/** BYDAY=<w><day> (Exchange's prefix form) or BYDAY=<set>;BYSETPOS=<w>, besides `extra` parts. */
function nth(p: Map<string, string>, is: (...names: string[]) => boolean, extra: string[]): boolean {
  const byday = p.get('BYDAY');
  if (byday === undefined) return false;
  if (is('BYDAY', ...extra)) {
    const m = /^([+-]?\d)(MO|TU|WE|TH|FR|SA|SU)$/.exec(byday);
    return !!m && NTH.has(String(Number(m[1])));
  }
  const setpos = p.get('BYSETPOS');
  return is(...['BYDAY', 'BYSETPOS', ...extra].sort()) && setpos !== undefined && NTH.has(setpos) && daySet(byday);
}

function plainDays(byday: string | undefined): boolean {
  return byday !== undefined && byday.split(',').every((d) => (WEEKDAYS as readonly string[]).includes(d));
}

function daySet(byday: string): boolean {
  const days = byday.split(',');
  if (!days.every((d) => (WEEKDAYS as readonly string[]).includes(d)) || new Set(days).size !== days.length)
    return false;
  return NTH_SETS.has(
    [...days].sort((a, b) => WEEKDAYS.indexOf(a as Weekday) - WEEKDAYS.indexOf(b as Weekday)).join(','),
  );
}

/** Every day of the week, in the order Outlook writes it for "the last day of the month". */
const EVERY_DAY = 'SU,MO,TU,WE,TH,FR,SA';
/** The nth of a weekday as the seven month days it can fall on (1st–4th, or the last seven). */
const WEEK_OF_MONTH = new Map<string, string>([
  ['1,2,3,4,5,6,7', '1'],
  ['8,9,10,11,12,13,14', '2'],
  ['15,16,17,18,19,20,21', '3'],
  ['22,23,24,25,26,27,28', '4'],
  ['-7,-6,-5,-4,-3,-2,-1', '-1'],
]);

/**
 * The rule's parts in a form one of Outlook's templates maps, giving exactly the dates of the
 * rule as written (RFC 5545 3.3.10), or null when no such form is known. A rule that fits a
 * template is returned as it is. Rewritten:
 * - BYMONTHDAY=-1 (a monthly rule, or a yearly one in one month): the last of all seven days,
 *   `BYDAY=SU,MO,TU,WE,TH,FR,SA;BYSETPOS=-1`, which is how Outlook itself writes "the last day";
 * - one weekday with seven month days in a row, BYDAY=TU;BYMONTHDAY=8,…,14: the nth weekday, BYDAY=2TU;
 * - FREQ=DAILY;BYDAY=MO,…,FR (every day, only on those weekdays): FREQ=WEEKLY;BYDAY=MO,…,FR.
 */
export function templateForm(parts: readonly (readonly [string, string])[]): [string, string][] | null {
  const out = parts.map(([k, v]): [string, string] => [k, v]);
  if (outlookTemplate(out)) return out;
  const p = new Map(parts);
  const freq = p.get('FREQ');
  const months = p.get('BYMONTH');
  const monthly = (freq === 'MONTHLY' && months === undefined) || (freq === 'YEARLY' && /^\d+$/.test(months ?? ''));
  const monthDays = p.get('BYMONTHDAY');
  const byday = p.get('BYDAY');
  let rewritten: [string, string][] | null = null;
  if (monthly && monthDays === '-1' && byday === undefined && !p.has('BYSETPOS')) {
    rewritten = out.flatMap(([k, v]): [string, string][] =>
      k === 'BYMONTHDAY'
        ? [
            ['BYDAY', EVERY_DAY],
            ['BYSETPOS', '-1'],
          ]
        : [[k, v]],
    );
  } else if (
    monthly &&
    monthDays !== undefined &&
    byday &&
    (WEEKDAYS as readonly string[]).includes(byday) &&
    !p.has('BYSETPOS')
  ) {
    const sorted = monthDays
      .split(',')
      .map(Number)
      .sort((a, b) => a - b)
      .join(',');
    const nth = WEEK_OF_MONTH.get(sorted);
    if (nth)
      rewritten = out
        .filter(([k]) => k !== 'BYMONTHDAY')
        .map(([k, v]): [string, string] => [k, k === 'BYDAY' ? `${nth}${v}` : v]);
  } else if (
    freq === 'DAILY' &&
    (p.get('INTERVAL') ?? '1') === '1' &&
    plainDays(byday) &&
    [...p.keys()].every((k) => ['FREQ', 'INTERVAL', 'BYDAY', 'WKST'].includes(k))
  ) {
    rewritten = out.map(([k, v]): [string, string] => [k, k === 'FREQ' ? 'WEEKLY' : v]);
  }
  return rewritten && outlookTemplate(rewritten) ? rewritten : null;
}
