/**
 * A model of how Outlook imports a subscribed iCalendar feed, written from MS-OXCICAL /
 * MS-OXOCAL and checked against a strict open MS-OXCICAL importer (grommunio/gromox
 * lib/mapi/oxcical.cpp). The open-source parsers in test/conformance accept every RFC 5545 rule;
 * Outlook maps only six recurrence templates and reduces every time zone to one yearly rule pair,
 * so this model shows what they cannot: dropped series and shifted hours.
 *
 * Independent on purpose: its own content-line reader, its own date arithmetic and its own
 * expansion of the six patterns (no ical.js, rrule.js or Luxon), so it cannot share their bugs.
 */

export type Template = 'daily' | 'weekly' | 'monthly' | 'monthly-nth' | 'yearly' | 'yearly-nth';
export type BusyStatus = 'free' | 'tentative' | 'busy' | 'oof' | 'workingelsewhere';

export interface OutlookOccurrence {
  uid: string;
  summary: string;
  /** Wall clock in the event's zone, `2022-03-26T12:00`, or `2022-06-13` for all-day. */
  start: string;
  end: string;
  /** The instant Outlook computes from its reduced zone; absent for all-day and floating times. */
  startUtc?: Date;
  busyStatus: BusyStatus;
  tentativeVisible: boolean;
}

export interface OutlookDrop {
  uid: string;
  reason: string;
}

export type ProblemKind =
  | 'undeclared-tzid'
  | 'vtimezone-reduced'
  | 'vtimezone-single-date'
  | 'rdate'
  | 'dtstart-not-occurrence'
  | 'exdate-without-rrule'
  | 'exdate-tzid'
  | 'override-placement'
  | 'override-orphan'
  | 'override-of-excluded'
  | 'clamped-day'
  | 'until-time';

/** Something Outlook keeps but shows differently from RFC 5545 (the series itself is kept). */
export interface OutlookProblem {
  uid: string;
  kind: ProblemKind;
  message: string;
}

export interface OutlookExpansion {
  occurrences: OutlookOccurrence[];
  dropped: OutlookDrop[];
  problems: OutlookProblem[];
}

// ---------------------------------------------------------------------------------------------
// Content lines (RFC 5545 3.1): unfold, split name, parameters and value.

interface Prop {
  name: string;
  params: Record<string, string>;
  value: string;
}

interface Comp {
  name: string;
  props: Prop[];
  children: Comp[];
}

function parseContentLine(line: string): Prop {
  let i = 0;
  let inQuotes = false;
  // The value starts at the first ':' outside a quoted parameter value.
  for (; i < line.length; i++) {
    const c = line[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (c === ':' && !inQuotes) break;
  }
  const head = line.slice(0, i);
  const value = line.slice(i + 1);
  const parts = head.match(/(?:[^;"]|"[^"]*")+/g) ?? [head];
  const params: Record<string, string> = {};
  for (const p of parts.slice(1)) {
    const eq = p.indexOf('=');
    params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return { name: (parts[0] ?? '').toUpperCase(), params, value };
}

function parseIcs(ics: string): Comp {
  const lines = ics
    .replace(/\r\n[ \t]/g, '')
    .replace(/\n[ \t]/g, '')
    .split(/\r?\n/);
  const root: Comp = { name: 'ROOT', props: [], children: [] };
  const stack: Comp[] = [root];
  for (const line of lines) {
    if (line === '') continue;
    const prop = parseContentLine(line);
    const top = stack[stack.length - 1]!;
    if (prop.name === 'BEGIN') {
      const comp: Comp = { name: prop.value.toUpperCase(), props: [], children: [] };
      top.children.push(comp);
      stack.push(comp);
    } else if (prop.name === 'END') {
      if (stack.length > 1) stack.pop();
    } else top.props.push(prop);
  }
  const calendar = root.children.find((c) => c.name === 'VCALENDAR');
  if (!calendar) throw new Error('outlook-model: no VCALENDAR');
  return calendar;
}

const first = (c: Comp, name: string) => c.props.find((p) => p.name === name);
const all = (c: Comp, name: string) => c.props.filter((p) => p.name === name);

function unescapeText(v: string): string {
  return v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

// ---------------------------------------------------------------------------------------------
// Plain calendar arithmetic on day numbers (days since 1970-01-01) and wall-clock milliseconds
// (a local time written as if it were UTC).

const DAY_MS = 86_400_000;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

const dayNumber = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / DAY_MS;
const weekday = (day: number) => (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4)
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function ymd(day: number) {
  const d = new Date(day * DAY_MS);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dateText = (day: number) => {
  const { y, m, d } = ymd(day);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
};
const wallText = (wall: number) => new Date(wall).toISOString().slice(0, 16);

/** The date of the `nth` (1–4, or -1 for last) day of `month` whose weekday is in `set`. */
function nthInMonth(y: number, m: number, set: readonly number[], nth: number): number {
  const days: number[] = [];
  for (let d = 1; d <= daysInMonth(y, m); d++) {
    const day = dayNumber(y, m, d);
    if (set.includes(weekday(day))) days.push(day);
  }
  const day = nth === -1 ? days[days.length - 1] : days[nth - 1];
  if (day === undefined) throw new Error(`outlook-model: no ${nth}. day in ${y}-${m}`);
  return day;
}

interface IcalTime {
  day: number;
  /** Wall clock ms (date-times) or midnight (dates). */
  wall: number;
  isDate: boolean;
  isUtc: boolean;
}

function parseTime(value: string, isDateParam: boolean): IcalTime {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(value.trim());
  if (!m) throw new Error(`outlook-model: bad date or date-time ${value}`);
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const isDate = isDateParam || m[4] === undefined;
  return { day: dayNumber(y, mo, d), wall: Date.UTC(y, mo - 1, d, h, mi, s), isDate, isUtc: m[7] === 'Z' };
}

// ---------------------------------------------------------------------------------------------
// Time zones: Outlook keeps ONE standard/daylight rule pair per VTIMEZONE, taken from the
// STANDARD and DAYLIGHT sub-components with the latest DTSTART (MS-OXCICAL 2.1.3.1.1.19.2; gromox
// oxcical_tzcom_to_def sorts the rules by year, carries each kind forward, and
// oxcical_convert_to_tzstruct keeps rules.back() for a recurring series).

interface Transition {
  month: number;
  /** 1–4, or -1 for last; absent when `monthDay` is set. */
  nth?: number;
  weekday?: number;
  monthDay?: number;
  /** Minutes after local midnight, in the wall clock before the change. */
  minutes: number;
}

export interface ReducedZone {
  tzid: string;
  /** Offsets east of UTC in minutes. */
  standardOffset: number;
  daylightOffset: number;
  daylightStart?: Transition;
  standardStart?: Transition;
}

function transitionWall(t: Transition, year: number): number {
  const day =
    t.monthDay !== undefined
      ? dayNumber(year, t.month, Math.min(t.monthDay, daysInMonth(year, t.month)))
      : nthInMonth(year, t.month, [t.weekday!], t.nth!);
  return day * DAY_MS + t.minutes * 60_000;
}

/** Offset (minutes east) for a wall-clock time; a time in the spring gap or autumn overlap is read as daylight time. */
function offsetAtWall(z: ReducedZone, wall: number): number {
  if (!z.daylightStart || !z.standardStart) return z.standardOffset;
  const year = new Date(wall).getUTCFullYear();
  const dst = transitionWall(z.daylightStart, year);
  // The change back is written in daylight wall time; the overlap hour counts as daylight.
  const std = transitionWall(z.standardStart, year);
  const inDst = dst < std ? wall >= dst && wall < std : wall >= dst || wall < std;
  return inDst ? z.daylightOffset : z.standardOffset;
}

function offsetAtUtc(z: ReducedZone, utc: number): number {
  if (!z.daylightStart || !z.standardStart) return z.standardOffset;
  const year = new Date(utc + z.standardOffset * 60_000).getUTCFullYear();
  const dst = transitionWall(z.daylightStart, year) - z.standardOffset * 60_000;
  const std = transitionWall(z.standardStart, year) - z.daylightOffset * 60_000;
  const inDst = dst < std ? utc >= dst && utc < std : utc >= dst || utc < std;
  return inDst ? z.daylightOffset : z.standardOffset;
}

const wallToUtc = (z: ReducedZone, wall: number) => wall - offsetAtWall(z, wall) * 60_000;
const utcToWall = (z: ReducedZone, utc: number) => utc + offsetAtUtc(z, utc) * 60_000;

const UTC_ZONE: ReducedZone = { tzid: 'UTC', standardOffset: 0, daylightOffset: 0 };

function parseOffset(v: string | undefined): number {
  const m = /^([+-])(\d{2})(\d{2})(\d{2})?$/.exec(v ?? '');
  if (!m) throw new Error(`bad UTC offset ${v}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

function parseRuleParts(rrule: string): Map<string, string> | string {
  const parts = new Map<string, string>();
  for (const part of rrule.replace(/^RRULE:/i, '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) return `malformed rule part "${part}"`;
    const key = part.slice(0, eq).toUpperCase();
    if (parts.has(key)) return `${key} given twice`;
    parts.set(key, part.slice(eq + 1).toUpperCase());
  }
  return parts;
}

interface SubRule {
  kind: 'STANDARD' | 'DAYLIGHT';
  start: IcalTime;
  from: number;
  to: number;
  transition: Transition;
  singleDate: boolean;
}

/**
 * One STANDARD/DAYLIGHT sub-component as a yearly transition. Its RRULE must be FREQ=YEARLY with
 * one BYMONTH and one nth BYDAY or one BYMONTHDAY (MS-OXCICAL 2.1.3.1.1.19.2; gromox
 * oxcical_parse_vtsubcomponent rejects BYDAY together with BYMONTHDAY and ignores UNTIL). Without
 * an RRULE gromox turns the single DTSTART into "nth weekday of that month, every year".
 */
function readSubRule(c: Comp): SubRule | string {
  const kind = c.name as 'STANDARD' | 'DAYLIGHT';
  const dt = first(c, 'DTSTART');
  if (!dt || dt.params.TZID) return `${kind} needs a local DTSTART`;
  const start = parseTime(dt.value, false);
  if (start.isUtc) return `${kind} DTSTART must not be UTC`;
  const from = parseOffset(first(c, 'TZOFFSETFROM')?.value);
  const to = parseOffset(first(c, 'TZOFFSETTO')?.value);
  const { y, m, d } = ymd(start.day);
  const minutes = (start.wall - start.day * DAY_MS) / 60_000;
  const rrule = first(c, 'RRULE');
  if (!rrule) {
    const nth = d > 28 || d + 7 > daysInMonth(y, m) ? -1 : Math.ceil(d / 7);
    return {
      kind,
      start,
      from,
      to,
      transition: { month: m, nth, weekday: weekday(start.day), minutes },
      singleDate: true,
    };
  }
  const parts = parseRuleParts(rrule.value);
  if (typeof parts === 'string') return `${kind} RRULE: ${parts}`;
  if (parts.get('FREQ') !== 'YEARLY') return `${kind} RRULE must be FREQ=YEARLY`;
  const extra = [...parts.keys()].filter((k) => !['FREQ', 'BYMONTH', 'BYDAY', 'BYMONTHDAY', 'UNTIL'].includes(k));
  if (extra.length > 0) return `${kind} RRULE has ${extra.join(', ')}`;
  const month = Number(parts.get('BYMONTH') ?? m);
  if (!/^\d{1,2}$/.test(String(parts.get('BYMONTH') ?? m)) || month < 1 || month > 12)
    return `${kind} RRULE needs one BYMONTH`;
  const byday = parts.get('BYDAY');
  const bymonthday = parts.get('BYMONTHDAY');
  if ((byday === undefined) === (bymonthday === undefined))
    return `${kind} RRULE needs one nth BYDAY or one BYMONTHDAY`;
  if (byday !== undefined) {
    const nd = /^([+-]?\d)(SU|MO|TU|WE|TH|FR|SA)$/.exec(byday);
    const nth = Number(nd?.[1]);
    if (!nd || !(nth === -1 || (nth >= 1 && nth <= 5))) return `${kind} RRULE BYDAY=${byday} is not one nth weekday`;
    return {
      kind,
      start,
      from,
      to,
      // In the Windows structure 5 means "last" (gromox maps -1 to 5).
      transition: { month, nth: nth === 5 ? -1 : nth, weekday: WEEKDAYS.indexOf(nd[2] as 'SU'), minutes },
      singleDate: false,
    };
  }
  const monthDay = Number(bymonthday);
  if (!/^\d{1,2}$/.test(bymonthday!) || monthDay < 1 || monthDay > 31)
    return `${kind} RRULE BYMONTHDAY=${bymonthday} is not one day`;
  return { kind, start, from, to, transition: { month, monthDay, minutes }, singleDate: false };
}

interface ZoneReading {
  zone?: ReducedZone;
  error?: string;
  notes: { kind: ProblemKind; message: string }[];
}

export function reduceVtimezone(vtz: string): ReducedZone {
  const reading = readZone(parseIcs(`BEGIN:VCALENDAR\r\n${vtz}\r\nEND:VCALENDAR`).children[0]!);
  if (!reading.zone) throw new Error(reading.error);
  return reading.zone;
}

function readZone(vtz: Comp): ZoneReading {
  const tzid = first(vtz, 'TZID')?.value ?? '';
  const notes: ZoneReading['notes'] = [];
  const subs: SubRule[] = [];
  for (const c of vtz.children) {
    if (c.name !== 'STANDARD' && c.name !== 'DAYLIGHT') continue;
    let sub: SubRule | string;
    try {
      sub = readSubRule(c);
    } catch (e) {
      sub = `${c.name}: ${(e as Error).message}`;
    }
    if (typeof sub === 'string') return { error: `VTIMEZONE ${tzid}: ${sub}`, notes };
    subs.push(sub);
  }
  const latest = (kind: SubRule['kind']) =>
    subs
      .filter((s) => s.kind === kind)
      .reduce<SubRule | undefined>((a, s) => (!a || s.start.wall > a.start.wall ? s : a), undefined);
  const std = latest('STANDARD');
  const dst = latest('DAYLIGHT');
  if (!std && !dst) return { error: `VTIMEZONE ${tzid} has no STANDARD or DAYLIGHT`, notes };
  const counts = ['STANDARD', 'DAYLIGHT'].map((k) => subs.filter((s) => s.kind === k).length);
  if (counts.some((n) => n > 1))
    notes.push({
      kind: 'vtimezone-reduced',
      message: `VTIMEZONE ${tzid}: ${counts[0]} STANDARD and ${counts[1]} DAYLIGHT read as one rule pair (the latest)`,
    });
  for (const s of [std, dst])
    if (s?.singleDate)
      notes.push({
        kind: 'vtimezone-single-date',
        message: `VTIMEZONE ${tzid}: ${s.kind} without RRULE read as a yearly rule`,
      });
  // gromox: bias from STANDARD's TZOFFSETTO, daylight bias = DAYLIGHT's TO minus FROM.
  const standardOffset = std ? std.to : dst!.from;
  const sameChange = std && dst && JSON.stringify(std.transition) === JSON.stringify(dst.transition);
  const zone: ReducedZone =
    std && dst && !sameChange
      ? {
          tzid,
          standardOffset,
          daylightOffset: standardOffset + (dst.to - dst.from),
          daylightStart: dst.transition,
          standardStart: std.transition,
        }
      : { tzid, standardOffset, daylightOffset: standardOffset };
  return { zone, notes };
}

// ---------------------------------------------------------------------------------------------
// Recurrence templates (MS-OXCICAL 2.1.3.2.2.1–6), as strict as gromox oxcical_parse_rrule or
// stricter where the spec is.

interface Pattern {
  template: Template;
  interval: number;
  count?: number;
  until?: IcalTime;
  byHour?: number;
  byMinute?: number;
  wkst: number;
  weekdays?: number[];
  monthDay?: number;
  month?: number;
  nth?: number;
  set?: number[];
}

const COMMON = ['FREQ', 'INTERVAL', 'BYHOUR', 'BYMINUTE', 'UNTIL', 'COUNT', 'WKST'];
// MS-OXOCAL 2.2.1.44.1 Period limits as gromox enforces them (E-2811/2813/2815/2819).
const MAX_INTERVAL: Record<string, number> = { DAILY: 999, WEEKLY: 99, MONTHLY: 99, YEARLY: 8 };
// The weekday sets Outlook's nth patterns offer (MS-OXCICAL 2.1.3.2.2.4/.6).
const NTH_SETS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SA,SU', 'FR,MO,TH,TU,WE', 'FR,MO,SA,SU,TH,TU,WE'];
const NTH_VALUES = [1, 2, 3, 4, -1];

function oneNumber(v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined || !/^[+-]?\d{1,3}$/.test(v)) return undefined;
  const n = Number(v);
  return n >= min && n <= max ? n : undefined;
}

function parsePattern(rrule: string): Pattern | string {
  const parts = parseRuleParts(rrule);
  if (typeof parts === 'string') return parts;
  const freq = parts.get('FREQ');
  if (freq === undefined) return 'no FREQ';
  if (!(freq in MAX_INTERVAL)) return `FREQ=${freq} has no Outlook template`;
  const interval = parts.has('INTERVAL') ? oneNumber(parts.get('INTERVAL'), 1, MAX_INTERVAL[freq]!) : 1;
  if (interval === undefined) return `INTERVAL=${parts.get('INTERVAL')} is outside 1–${MAX_INTERVAL[freq]} for ${freq}`;
  const p: Pattern = { template: 'daily', interval, wkst: 1 };
  if (parts.has('COUNT') && parts.has('UNTIL')) return 'both COUNT and UNTIL';
  if (parts.has('COUNT')) {
    // The template grammar allows at most three digits.
    p.count = oneNumber(parts.get('COUNT'), 1, 999);
    if (p.count === undefined) return `COUNT=${parts.get('COUNT')} is not 1–999`;
  }
  if (parts.has('UNTIL')) {
    try {
      p.until = parseTime(parts.get('UNTIL')!, false);
    } catch {
      return `UNTIL=${parts.get('UNTIL')} is not a date or date-time`;
    }
  }
  if (parts.has('BYHOUR')) {
    p.byHour = oneNumber(parts.get('BYHOUR'), 0, 23);
    if (p.byHour === undefined) return 'BYHOUR must be one hour';
  }
  if (parts.has('BYMINUTE')) {
    p.byMinute = oneNumber(parts.get('BYMINUTE'), 0, 59);
    if (p.byMinute === undefined) return 'BYMINUTE must be one minute';
  }
  if (parts.has('WKST')) {
    p.wkst = WEEKDAYS.indexOf(parts.get('WKST') as 'SU');
    if (p.wkst < 0) return `WKST=${parts.get('WKST')} is not a weekday`;
  }
  const by = [...parts.keys()].filter((k) => !COMMON.includes(k));
  const has = (...keys: string[]) => by.length === keys.length && keys.every((k) => parts.has(k));
  const plainDays = (v: string): number[] | undefined => {
    const days = v.split(',').map((d) => WEEKDAYS.indexOf(d as 'SU'));
    return days.every((d) => d >= 0) && new Set(days).size === days.length ? days : undefined;
  };
  const nthSet = (byday: string, setpos: string | undefined): string | undefined => {
    const days = plainDays(byday);
    if (!days || !NTH_SETS.includes(byday.split(',').sort().join(',')))
      return `BYDAY=${byday} is not one weekday, SA,SU, MO–FR or all seven`;
    const nth = oneNumber(setpos, -1, 4);
    if (nth === undefined || !NTH_VALUES.includes(nth)) return `BYSETPOS=${setpos} is not 1, 2, 3, 4 or -1`;
    p.set = days;
    p.nth = nth;
    return undefined;
  };
  const prefixDay = (byday: string): string | undefined => {
    const m = /^([+-]?\d+)(SU|MO|TU|WE|TH|FR|SA)$/.exec(byday);
    if (!m) return `BYDAY=${byday} is not one nth weekday`;
    const nth = Number(m[1]);
    if (!NTH_VALUES.includes(nth)) return `BYDAY=${byday}: the nth must be 1, 2, 3, 4 or -1`;
    p.set = [WEEKDAYS.indexOf(m[2] as 'SU')];
    p.nth = nth;
    return undefined;
  };
  const oneMonth = (): string | undefined => {
    p.month = oneNumber(parts.get('BYMONTH'), 1, 12);
    return p.month === undefined ? `BYMONTH=${parts.get('BYMONTH')} is not one month` : undefined;
  };
  const oneMonthDay = (): string | undefined => {
    // gromox maps -1 to MAPI day 31, which Outlook shows on the last day of every month.
    p.monthDay = oneNumber(parts.get('BYMONTHDAY'), -1, 31);
    return p.monthDay === undefined || p.monthDay === 0
      ? `BYMONTHDAY=${parts.get('BYMONTHDAY')} is not one day (1–31 or -1)`
      : undefined;
  };
  const done = (template: Template, err?: string): Pattern | string => {
    if (err) return err;
    p.template = template;
    return p;
  };
  switch (freq) {
    case 'DAILY':
      return has() ? done('daily') : `FREQ=DAILY with ${by.join(', ')}`;
    case 'WEEKLY':
      if (has()) return done('weekly');
      if (has('BYDAY')) {
        p.weekdays = plainDays(parts.get('BYDAY')!);
        return done('weekly', p.weekdays ? undefined : `BYDAY=${parts.get('BYDAY')} is not a list of plain weekdays`);
      }
      return `FREQ=WEEKLY with ${by.join(', ')}`;
    case 'MONTHLY':
      if (parts.has('BYMONTH')) return 'FREQ=MONTHLY with BYMONTH';
      if (has()) return done('monthly');
      if (has('BYMONTHDAY')) return done('monthly', oneMonthDay());
      if (has('BYDAY', 'BYSETPOS')) return done('monthly-nth', nthSet(parts.get('BYDAY')!, parts.get('BYSETPOS')));
      if (has('BYDAY')) return done('monthly-nth', prefixDay(parts.get('BYDAY')!));
      return `FREQ=MONTHLY with ${by.join(', ')}`;
    default:
      if (has() || has('BYMONTH') || has('BYMONTHDAY') || has('BYMONTH', 'BYMONTHDAY'))
        return done(
          'yearly',
          (parts.has('BYMONTH') ? oneMonth() : undefined) ?? (parts.has('BYMONTHDAY') ? oneMonthDay() : undefined),
        );
      if (has('BYDAY', 'BYSETPOS', 'BYMONTH'))
        return done('yearly-nth', oneMonth() ?? nthSet(parts.get('BYDAY')!, parts.get('BYSETPOS')));
      if (has('BYDAY', 'BYMONTH')) return done('yearly-nth', oneMonth() ?? prefixDay(parts.get('BYDAY')!));
      return `FREQ=YEARLY with ${by.join(', ')}`;
  }
}

/** Which of Outlook's six recurrence templates an RRULE fits, or why it fits none. */
export function outlookTemplate(rrule: string): { template: Template } | { reason: string } {
  const p = parsePattern(rrule);
  return typeof p === 'string' ? { reason: p } : { template: p.template };
}

interface PatternDay {
  day: number;
  /** The month day asked for when the month is too short and Outlook uses its last day. */
  clampedFrom?: number;
}

/** The pattern's dates from the first period containing `startDay`, ascending, unbounded. */
function* patternDays(p: Pattern, startDay: number): Generator<PatternDay> {
  const s = ymd(startDay);
  const monthDayIn = (y: number, m: number, want: number): PatternDay => {
    const last = daysInMonth(y, m);
    const d = want === -1 ? last : Math.min(want, last);
    return want > last ? { day: dayNumber(y, m, d), clampedFrom: want } : { day: dayNumber(y, m, d) };
  };
  for (let k = 0; ; k++) {
    const out: PatternDay[] = [];
    switch (p.template) {
      case 'daily':
        out.push({ day: startDay + k * p.interval });
        break;
      case 'weekly': {
        const rel = (d: number) => (d - p.wkst + 7) % 7;
        const base = startDay - rel(weekday(startDay)) + 7 * p.interval * k;
        const days = [...(p.weekdays ?? [weekday(startDay)])].sort((a, b) => rel(a) - rel(b));
        for (const d of days) out.push({ day: base + rel(d) });
        break;
      }
      case 'monthly':
      case 'monthly-nth': {
        const index = s.y * 12 + (s.m - 1) + k * p.interval;
        const [y, m] = [Math.floor(index / 12), (index % 12) + 1];
        out.push(
          p.template === 'monthly' ? monthDayIn(y, m, p.monthDay ?? s.d) : { day: nthInMonth(y, m, p.set!, p.nth!) },
        );
        break;
      }
      case 'yearly':
      case 'yearly-nth': {
        const [y, m] = [s.y + k * p.interval, p.month ?? s.m];
        out.push(
          p.template === 'yearly' ? monthDayIn(y, m, p.monthDay ?? s.d) : { day: nthInMonth(y, m, p.set!, p.nth!) },
        );
        break;
      }
    }
    for (const d of out) if (d.day >= startDay) yield d;
  }
}

// ---------------------------------------------------------------------------------------------
// Events

interface EventTime {
  time: IcalTime;
  zone?: ReducedZone;
  /** Undeclared TZID or no TZID: Outlook reads the wall clock in the viewer's zone. */
  floating: boolean;
}

interface Context {
  zones: Map<string, ZoneReading>;
  problems: OutlookProblem[];
}

class Drop extends Error {}

function report(ctx: Context, uid: string, kind: ProblemKind, message: string) {
  if (!ctx.problems.some((p) => p.uid === uid && p.kind === kind && p.message === message))
    ctx.problems.push({ uid, kind, message });
}

function readTime(ctx: Context, uid: string, prop: Prop): EventTime {
  const time = parseTime(prop.value, prop.params.VALUE === 'DATE');
  if (time.isDate) return { time, floating: true };
  if (time.isUtc) return { time, zone: UTC_ZONE, floating: false };
  const tzid = prop.params.TZID;
  if (tzid === undefined) return { time, floating: true };
  const reading = ctx.zones.get(tzid);
  if (!reading) {
    // calendar-clients.md: Outlook shows an undeclared TZID as floating time (gromox instead
    // looks the name up in its own database, E-2070 when it cannot).
    report(ctx, uid, 'undeclared-tzid', `TZID ${tzid} has no VTIMEZONE; Outlook reads it as floating time`);
    return { time, floating: true };
  }
  // A VTIMEZONE Outlook cannot reduce fails the import of every event that uses it (gromox
  // oxcical_parse_tzdisplay returns the error).
  if (!reading.zone) throw new Drop(reading.error);
  for (const n of reading.notes) report(ctx, uid, n.kind, n.message);
  return { time, zone: reading.zone, floating: false };
}

const toUtc = (t: EventTime, wall = t.time.wall) => (t.floating || !t.zone ? undefined : wallToUtc(t.zone, wall));

/** A date-time in another zone (or UTC) as the series' wall clock. */
function inSeriesWall(series: EventTime, other: EventTime): number {
  const utc = toUtc(other);
  if (utc === undefined || !series.zone || series.floating) return other.time.wall;
  return utcToWall(series.zone, utc);
}

/** MS-OXCICAL 2.1.3.1.1.20.31/.25/.23 (gromox oxcical_import_internal): the first one present wins. */
function busyStatusOf(ev: Comp): BusyStatus | undefined {
  const cdo = first(ev, 'X-MICROSOFT-CDO-BUSYSTATUS') ?? first(ev, 'X-MICROSOFT-MSNCALENDAR-BUSYSTATUS');
  const byName: Record<string, BusyStatus> = {
    FREE: 'free',
    TENTATIVE: 'tentative',
    BUSY: 'busy',
    OOF: 'oof',
    WORKINGELSEWHERE: 'workingelsewhere',
  };
  const named = byName[(cdo?.value ?? '').toUpperCase()];
  if (named) return named;
  const transp = (first(ev, 'TRANSP')?.value ?? '').toUpperCase();
  if (transp === 'TRANSPARENT') return 'free';
  if (transp === 'OPAQUE') return 'busy';
  const status = (first(ev, 'STATUS')?.value ?? '').toUpperCase();
  if (status === 'CANCELLED') return 'free';
  if (status === 'TENTATIVE') return 'tentative';
  if (status === 'CONFIRMED') return 'busy';
  return undefined;
}

/** Words in a title that tell a reader the window is not certain. */
export const TENTATIVE_WORDS =
  /(?<![\p{L}])(tentative|tentativt?|foreløpig|forelopig|usikker|ubekreftet|ikke bekreftet)(?![\p{L}])/iu;

interface Shown {
  uid: string;
  summary: string;
  startWall: number;
  endWall: number;
  isDate: boolean;
  startUtc?: number;
  endUtc?: number;
  busyStatus: BusyStatus;
}

function shownFrom(ev: Comp, ctx: Context, uid: string, inherit?: BusyStatus): Shown & { start: EventTime } {
  const start = readTime(ctx, uid, first(ev, 'DTSTART')!);
  const dtend = first(ev, 'DTEND');
  const duration = first(ev, 'DURATION');
  let endWall: number;
  let endUtc: number | undefined;
  if (dtend) {
    const end = readTime(ctx, uid, dtend);
    endUtc = toUtc(end);
    endWall = end.floating || start.floating ? end.time.wall : inSeriesWall(start, end);
  } else if (duration) {
    endWall = start.time.wall + durationMs(duration.value);
  } else endWall = start.time.wall + (start.time.isDate ? DAY_MS : 0);
  const startUtc = toUtc(start);
  return {
    start,
    uid,
    summary: unescapeText(first(ev, 'SUMMARY')?.value ?? ''),
    startWall: start.time.wall,
    endWall,
    isDate: start.time.isDate,
    ...(startUtc === undefined ? {} : { startUtc }),
    ...(startUtc === undefined ? {} : { endUtc: endUtc ?? startUtc + (endWall - start.time.wall) }),
    busyStatus: busyStatusOf(ev) ?? inherit ?? 'busy',
  };
}

function durationMs(v: string): number {
  const m = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(v);
  if (!m) throw new Error(`bad DURATION ${v}`);
  const [w = 0, d = 0, h = 0, mi = 0, s = 0] = [m[2], m[3], m[4], m[5], m[6]].map((x) => Number(x ?? 0));
  return (m[1] === '-' ? -1 : 1) * ((((w * 7 + d) * 24 + h) * 60 + mi) * 60 + s) * 1000;
}

/** EXDATE per MS-OXCICAL 2.1.3.1.1.20.13 (gromox oxcical_parse_dates): a UTC value is converted
 *  to the series zone, then only the date is kept; any other value keeps its written date. */
function exdateDays(ctx: Context, uid: string, ev: Comp, series: EventTime): Set<number> {
  const days = new Set<number>();
  for (const prop of all(ev, 'EXDATE')) {
    if (prop.params.TZID && prop.params.TZID !== series.zone?.tzid)
      report(ctx, uid, 'exdate-tzid', `EXDATE;TZID=${prop.params.TZID} is read as a date in the series zone`);
    for (const v of prop.value.split(',')) {
      const t = parseTime(v, prop.params.VALUE === 'DATE');
      if (t.isUtc && series.zone && !series.floating) days.add(Math.floor(utcToWall(series.zone, t.wall) / DAY_MS));
      else days.add(t.day);
    }
  }
  return days;
}

function expandSeries(
  ctx: Context,
  uid: string,
  master: Comp,
  overrides: Comp[],
  pattern: Pattern,
  limitDay: number,
): Shown[] {
  const m = shownFrom(master, ctx, uid);
  const series = m.start;
  const startDay = series.time.day;
  const timeOfDay = series.time.isDate
    ? 0
    : pattern.byHour !== undefined || pattern.byMinute !== undefined
      ? ((pattern.byHour ?? ymdHour(series.time.wall)) * 60 + (pattern.byMinute ?? ymdMinute(series.time.wall))) *
        60_000
      : series.time.wall - startDay * DAY_MS;
  const length = m.endUtc !== undefined && m.startUtc !== undefined ? m.endUtc - m.startUtc : m.endWall - m.startWall;
  if (all(master, 'RDATE').length > 0)
    report(ctx, uid, 'rdate', 'RDATE is not supported by Outlook (MS-OXCICAL 2.1.3.1.1.20.20); ignored');

  let untilDay: number | undefined;
  let untilWall: number | undefined;
  if (pattern.until) {
    const u = pattern.until;
    untilWall =
      u.isUtc && series.zone && !series.floating
        ? utcToWall(series.zone, u.wall)
        : u.isDate
          ? u.wall + DAY_MS - 1
          : u.wall;
    untilDay = Math.floor(untilWall / DAY_MS);
  }

  const instances: { day: number; wall: number }[] = [];
  let countLeft = pattern.count;
  let firstOne = true;
  for (const pd of patternDays(pattern, startDay)) {
    const wall = pd.day * DAY_MS + timeOfDay;
    if (firstOne && wall !== series.time.wall) {
      // gromox: b_start_exceptional; the pattern starts at its first real instance, and the
      // RFC's count (which includes DTSTART) loses one.
      report(
        ctx,
        uid,
        'dtstart-not-occurrence',
        `DTSTART ${wallText(series.time.wall)} is not an occurrence of the rule; Outlook does not show it`,
      );
      if (countLeft !== undefined) countLeft--;
    }
    firstOne = false;
    if (countLeft !== undefined && countLeft-- <= 0) break;
    // Outlook's end date is a date (gromox: UNTIL with its time stripped).
    if (untilDay !== undefined && pd.day > untilDay) break;
    if (untilWall !== undefined && wall > untilWall)
      report(ctx, uid, 'until-time', `${wallText(wall)} is after UNTIL but on its date; Outlook keeps it`);
    if (pd.day > limitDay) break;
    // Once per series: MAPI day 29–31 falls on the last day of a shorter month (Outlook's own
    // recurrence dialog says so), where RFC 5545 skips that month.
    if (pd.clampedFrom !== undefined && !ctx.problems.some((p) => p.uid === uid && p.kind === 'clamped-day'))
      report(
        ctx,
        uid,
        'clamped-day',
        `day ${pd.clampedFrom} is missing in some months; Outlook uses their last day (first ${dateText(pd.day)}), RFC 5545 skips them`,
      );
    instances.push({ day: pd.day, wall });
  }

  const excluded = exdateDays(ctx, uid, master, series);
  const kept = instances.filter((i) => !excluded.has(i.day));
  const shown: (Shown & { origDay: number; moved?: boolean })[] = kept.map((i) => ({
    ...m,
    origDay: i.day,
    startWall: i.wall,
    endWall: i.wall + (m.endWall - m.startWall),
    ...(m.startUtc === undefined ? {} : { startUtc: wallToUtc(series.zone!, i.wall) }),
    ...(m.startUtc === undefined ? {} : { endUtc: wallToUtc(series.zone!, i.wall) + length }),
  }));

  for (const ov of overrides) {
    const rid = readTime(ctx, uid, first(ov, 'RECURRENCE-ID')!);
    const origDay = Math.floor(inSeriesWall(series, rid) / DAY_MS);
    const index = shown.findIndex((s) => s.origDay === origDay);
    if (index < 0) {
      const kind = excluded.has(origDay) ? 'override-of-excluded' : 'override-orphan';
      report(
        ctx,
        uid,
        kind,
        `RECURRENCE-ID ${first(ov, 'RECURRENCE-ID')!.value} matches no instance${kind === 'override-of-excluded' ? ' (its date is in EXDATE)' : ''}; not shown`,
      );
      continue;
    }
    const o = shownFrom(ov, ctx, uid, m.busyStatus);
    shown[index] = { ...o, origDay, moved: true };
  }
  // MS-OXOCAL 2.2.1.44.x: an exception may not move onto the day of another instance or past a
  // neighbouring instance. Outlook's own editor refuses such a move; the model keeps the override
  // and reports it.
  const dayOf = (s: Shown) => Math.floor(inSeriesWallShown(series, s) / DAY_MS);
  shown.forEach((s, i) => {
    if (!s.moved) return;
    const prev = shown[i - 1];
    const next = shown[i + 1];
    const d = dayOf(s);
    if ((prev && dayOf(prev) >= d) || (next && dayOf(next) <= d))
      report(
        ctx,
        uid,
        'override-placement',
        `override of ${dateText(s.origDay)} moved to ${dateText(d)}, onto or past a neighbouring instance`,
      );
  });
  return shown;
}

function inSeriesWallShown(series: EventTime, s: Shown): number {
  if (s.startUtc === undefined || !series.zone || series.floating) return s.startWall;
  return utcToWall(series.zone, s.startUtc);
}

const ymdHour = (wall: number) => new Date(wall).getUTCHours();
const ymdMinute = (wall: number) => new Date(wall).getUTCMinutes();

/**
 * What Outlook shows of a feed between `from` and `to`, what it drops whole, and what it keeps
 * but shows differently from RFC 5545.
 */
export function outlookExpand(ics: string, from: Date, to: Date): OutlookExpansion {
  const calendar = parseIcs(ics);
  const ctx: Context = { zones: new Map(), problems: [] };
  for (const vtz of calendar.children.filter((c) => c.name === 'VTIMEZONE'))
    ctx.zones.set(first(vtz, 'TZID')?.value ?? '', readZone(vtz));

  const byUid = new Map<string, { masters: Comp[]; overrides: Comp[] }>();
  for (const ev of calendar.children.filter((c) => c.name === 'VEVENT')) {
    const uid = first(ev, 'UID')?.value ?? '';
    const entry = byUid.get(uid) ?? { masters: [], overrides: [] };
    (first(ev, 'RECURRENCE-ID') ? entry.overrides : entry.masters).push(ev);
    byUid.set(uid, entry);
  }

  const dropped: OutlookDrop[] = [];
  const shown: Shown[] = [];
  for (const [uid, { masters, overrides }] of byUid) {
    try {
      const master = masters[0];
      if (!master) throw new Drop(`${overrides.length} override(s) without a master event`);
      if (masters.length > 1) throw new Drop(`${masters.length} events without RECURRENCE-ID share the UID`);
      const rrule = first(master, 'RRULE');
      if (!rrule) {
        if (all(master, 'EXDATE').length > 0)
          report(ctx, uid, 'exdate-without-rrule', 'EXDATE without RRULE is ignored (MS-OXCICAL 2.1.3.1.1.20.13)');
        if (all(master, 'RDATE').length > 0)
          report(ctx, uid, 'rdate', 'RDATE without RRULE is not supported by Outlook; only DTSTART is shown');
        if (overrides.length > 0) throw new Drop('overrides of an event without RRULE');
        shown.push(shownFrom(master, ctx, uid));
        continue;
      }
      const pattern = parsePattern(rrule.value);
      // MS-OXCICAL 2.1.3.2.2: a rule outside the templates is not mapped; Outlook skips the
      // whole series, overrides included.
      if (typeof pattern === 'string') throw new Drop(`RRULE ${rrule.value} fits no Outlook template: ${pattern}`);
      const lastOverride = Math.max(0, ...overrides.map((o) => parseTime(first(o, 'RECURRENCE-ID')!.value, false).day));
      const limitDay = Math.max(Math.ceil(to.getTime() / DAY_MS), lastOverride) + 366;
      shown.push(...expandSeries(ctx, uid, master, overrides, pattern, limitDay));
    } catch (e) {
      if (!(e instanceof Drop)) throw e;
      dropped.push({ uid, reason: e.message });
    }
  }

  const [fromMs, toMs] = [from.getTime(), to.getTime()];
  const occurrences = shown
    .filter((s) => (s.endUtc ?? s.endWall) > fromMs && (s.startUtc ?? s.startWall) < toMs)
    .map((s): OutlookOccurrence => {
      const text = s.isDate ? (w: number) => dateText(Math.floor(w / DAY_MS)) : wallText;
      return {
        uid: s.uid,
        summary: s.summary,
        start: text(s.startWall),
        end: text(s.endWall),
        ...(s.startUtc === undefined ? {} : { startUtc: new Date(s.startUtc) }),
        busyStatus: s.busyStatus,
        tentativeVisible: s.busyStatus === 'tentative' || TENTATIVE_WORDS.test(s.summary),
      };
    })
    .sort((a, b) => a.start.localeCompare(b.start) || a.uid.localeCompare(b.uid));
  return { occurrences, dropped, problems: ctx.problems };
}

/**
 * Everything Outlook would drop or distort in a whole calendar, one line each, for conformance
 * tests: `[]` means Outlook shows the feed as RFC 5545 means it (up to `horizon`).
 */
export function outlookProblems(ics: string, horizon = new Date('2100-01-01T00:00:00Z')): string[] {
  const { dropped, problems } = outlookExpand(ics, new Date(0), horizon);
  return [
    ...dropped.map((d) => `${d.uid}: dropped: ${d.reason}`),
    ...problems.map((p) => `${p.uid}: ${p.kind}: ${p.message}`),
  ];
}
