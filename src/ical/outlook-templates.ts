/**
 * Outlook's six recurrence templates (MS-OXCICAL 2.1.3.2.2.1–6). Outlook maps a recurring VEVENT
 * only when its RRULE fits one of them; for anything else it skips the whole series, overrides
 * included ("contains a recurrence pattern that Outlook does not support"). Each template allows
 * INTERVAL, WKST and UNTIL or COUNT ≤ 999 besides the parts listed; BYHOUR/BYMINUTE never occur
 * here (the time comes from DTSTART). The check is deliberately strict: calling a rule mappable
 * that Outlook drops hides a lost series, while the opposite only costs a longer feed.
 */
export type OutlookTemplate = 'daily' | 'weekly' | 'monthly' | 'monthly-nth' | 'yearly' | 'yearly-nth';

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
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
  return byday !== undefined && byday.split(',').every((d) => WEEKDAYS.includes(d));
}

function daySet(byday: string): boolean {
  const days = byday.split(',');
  if (!days.every((d) => WEEKDAYS.includes(d)) || new Set(days).size !== days.length) return false;
  return NTH_SETS.has([...days].sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b)).join(','));
}
