import { BoundedCache } from '../text/bounded-cache.js';
import { isScalar, type Node, type Scalar } from 'yaml';
import { DateTime, Duration } from 'luxon';
import { FREQUENCY_UNIT, parseRecurrenceRule } from '../time/recurrence-rule.js';
import { expandMillis, expansionKey, ruleSpan } from '../time/rrule-expand.js';
import { HORIZON_YEARS, ruleHorizon } from '../time/horizon.js';
import { cachedZone } from '../time/cached-zone.js';
import {
  atTime,
  formatTimeOfDay,
  parseTimeOfDay,
  parseWallDate,
  parseWallDateTime,
  instantAt,
  instantsAt,
  toWallClock,
  endOfDay,
  type WallClock,
} from '../time/wall-clock.js';
import { dateHint } from './input-hints.js';
import type { Move, Timing } from '../schedule/schedule.js';
import { FIRST_YEAR, LAST_YEAR, MAX_OCCURRENCES, MAX_RULE_PERIODS } from './schedule-limits.js';
import { readMap, readSeq, readText, type Entry, type YamlSource } from './yaml-source.js';
import { dayNumber } from '../time/calendar-units.js';

/** What checking the rules read so far has cost, against MAX_RULE_PERIODS for the whole schedule. */
export interface RuleCost {
  periods: number;
  /** The expansions (rrule-expand's expansionKey) already priced: windows that share one pay once. */
  priced: Set<string>;
}

/** Refuses a date outside FIRST_YEAR–LAST_YEAR, saying the range. */
export function inYears(src: YamlSource, node: Node | null, what: string, wall: WallClock): boolean {
  if (wall.year >= FIRST_YEAR && wall.year <= LAST_YEAR) return true;
  src.problem(
    node,
    `${what} ${wall.toISODate()} is outside the years a schedule may use (${FIRST_YEAR}–${LAST_YEAR}); check the year`,
  );
  return false;
}

export const TIMING_KEYS = [
  'start',
  'end',
  'duration',
  'date',
  'days',
  'repeat',
  'offset',
  'from',
  'until',
  'time',
  'except',
  'moved',
] as const;

const FORMS = {
  start: { name: 'one-off timed (start + end or duration)', keys: ['start', 'end', 'duration'] },
  date: { name: 'one-off all-day (date + days)', keys: ['date', 'days'] },
  repeat: {
    name: 'recurring (repeat + from + time + duration or end)',
    keys: ['repeat', 'offset', 'from', 'until', 'time', 'duration', 'end', 'except', 'moved'],
  },
} as const;

const MAX_MINUTES = 31 * 24 * 60;
/** The end of the last day a schedule may use: where a COUNT rule without until must have ended. */
const LAST_ALLOWED = parseWallDate(`${LAST_YEAR}-12-31`)!.endOf('day');
/** An offset moves each occurrence within about a month of the day the rule names. */
const MAX_OFFSET_DAYS = 31;

export function readTiming(
  src: YamlSource,
  m: Map<string, Entry>,
  node: Node | null,
  label: string,
  zone: string,
  cost: RuleCost,
  month: WallClock | undefined,
): Timing | null {
  const present = (['start', 'date', 'repeat'] as const).filter((k) => m.has(k));
  if (present.length !== 1) {
    src.problem(
      present.length ? m.get(present[1]!)!.key : node,
      `${label} needs exactly one time form: \`start:\` (one-off), \`date:\` (all-day) or \`repeat:\` (recurring)${present.length ? `, not ${present.join(' and ')}` : ''}`,
    );
    return null;
  }
  const form = FORMS[present[0]!];
  let ok = true;
  for (const key of TIMING_KEYS) {
    const e = m.get(key);
    if (e && !(form.keys as readonly string[]).includes(key)) {
      src.problem(e.key, `\`${key}:\` does not belong to a ${form.name} window`);
      ok = false;
    }
  }
  if (!ok) return null;
  const ctx = { src, m, node, label, zone, cost, month };
  if (present[0] === 'start') return readTimed(ctx);
  if (present[0] === 'date') return readAllDay(ctx);
  return readRecurring(ctx);
}

interface Ctx {
  src: YamlSource;
  m: Map<string, Entry>;
  node: Node | null;
  label: string;
  zone: string;
  cost: RuleCost;
  /** The publishing month: open-ended rules are checked HORIZON_YEARS from it (ruleHorizon). */
  month: WallClock | undefined;
}

function readTimed({ src, m, node, label, zone }: Ctx): Timing | null {
  const startEntry = m.get('start')!;
  const start = readWall(
    src,
    startEntry.value,
    'start',
    parseWallDateTime,
    'a local date and time such as 2022-03-26T12:00',
  );
  const end = readEndOrDuration(
    src,
    m,
    node,
    label,
    (text) => parseWallDateTime(text),
    'a local date and time such as 2022-03-26T18:00',
  );
  if (!start || !end) return null;
  if (!existsOnce(src, startEntry.value, start, zone, 'start')) return null;
  // A duration is elapsed time (docs/schedule-format.md): its end is start + duration in real time, whose wall
  // clock may fall in a DST gap or overlap without being in doubt (timedInstants resolves it).
  const endWall =
    'minutes' in end
      ? toWallClock(DateTime.fromMillis(instantAt(start.toMillis(), zone) + end.minutes * 60_000), zone)
      : end.wall;
  if (!('minutes' in end) && !existsOnce(src, m.get('end')!.value, endWall, zone, 'end')) return null;
  if (endWall <= start) {
    src.problem(
      m.get('end')!.value,
      `end ${endWall.toFormat("yyyy-MM-dd'T'HH:mm")} is not after start ${start.toFormat("yyyy-MM-dd'T'HH:mm")}`,
    );
    return null;
  }
  return { kind: 'timed', start, end: endWall, ...('minutes' in end ? { elapsedMinutes: end.minutes } : {}) };
}

function readAllDay({ src, m }: Ctx): Timing | null {
  const date = readWall(src, m.get('date')!.value, 'date', parseWallDate, 'a date such as 2022-06-13');
  let days = 1;
  const daysEntry = m.get('days');
  if (daysEntry) {
    const v = isScalar(daysEntry.value) ? daysEntry.value.value : null;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 31) days = v;
    else {
      src.problem(daysEntry.value, 'days must be a whole number of days from 1 to 31');
      return null;
    }
  }
  return date ? { kind: 'all-day', date, days } : null;
}

function readRecurring({ src, m, node, label, zone, cost, month }: Ctx): Timing | null {
  const repeatEntry = m.get('repeat')!;
  const ruleText = readText(src, repeatEntry.value, 'repeat');
  let rule = null;
  if (ruleText) {
    const parsed = parseRecurrenceRule(ruleText);
    for (const p of parsed.problems)
      src.problemAt(src.offsetInScalar(repeatEntry.value as Scalar, p.offset), p.message);
    rule = parsed.rule ?? null;
  }
  const offsetDays = readOffset(src, m.get('offset'));
  const fromEntry = m.get('from');
  if (!fromEntry) src.problem(node, `${label} repeats, so it needs \`from:\` (the first date the rule may produce)`);
  const from = fromEntry ? readWall(src, fromEntry.value, 'from', parseWallDate, 'a date such as 2022-01-01') : null;
  const untilEntry = m.get('until');
  const until = untilEntry
    ? readWall(src, untilEntry.value, 'until', parseWallDate, 'a date such as 2022-12-31')
    : undefined;
  if (from && until && until < from)
    src.problem(untilEntry!.value, `until ${until.toISODate()} is before from ${from.toISODate()}`);
  const timeEntry = m.get('time');
  if (!timeEntry)
    src.problem(node, `${label} repeats, so it needs \`time: "HH:MM"\` (the local start of each occurrence)`);
  const timeText = timeEntry ? readText(src, timeEntry.value, 'time') : null;
  const time = timeText ? parseTimeOfDay(timeText) : null;
  if (timeText && !time)
    src.problem(
      timeEntry!.value,
      `time '${timeText}' must be a 24-hour time such as "17:00" (quote it)${dateHint(timeText)}`,
    );
  const end = readEndOrDuration(
    src,
    m,
    node,
    label,
    (text) => (parseTimeOfDay(text) ? atTime(parseWallDate('2000-01-01')!, parseTimeOfDay(text)!) : null),
    'a time such as "18:00"',
  );
  const except = readDates(src, m.get('except'), 'except');
  const moved = readMoves(src, m.get('moved'));
  if (!rule || offsetDays === null || !from || until === null || (until && until < from) || !time || !end) return null;
  if (!except || !moved) return null;

  let durationMinutes: number;
  if ('minutes' in end) durationMinutes = end.minutes;
  else {
    const endMinutes = end.wall.hour * 60 + end.wall.minute;
    durationMinutes = endMinutes - (time.hour * 60 + time.minute);
    if (durationMinutes <= 0) {
      src.problem(
        m.get('end')!.value,
        `end ${end.wall.toFormat('HH:mm')} is not after time ${formatTimeOfDay(time)}; for a window past midnight give \`duration:\` instead`,
      );
      return null;
    }
  }

  const span = ruleSpan({ rule, offsetDays, from, time, ...(until ? { until } : {}) });
  // The span checked: to until; for COUNT, to the last year allowed (the count must end there);
  // otherwise HORIZON_YEARS from now (ruleHorizon); and always far enough to see every listed date.
  const listed = [...except.map((e) => e.date), ...moved.map((mv) => mv.move.date)];
  const latestListed = listed.reduce<WallClock | null>((a, d) => (!a || d > a ? d : a), null);
  let horizonEnd = until ? endOfDay(until) : rule.count !== undefined ? LAST_ALLOWED : ruleHorizon(from, month);
  if (latestListed && endOfDay(latestListed) > horizonEnd) horizonEnd = endOfDay(latestListed);
  // Windows with the same rule and span share one expansion (src/time/rrule-expand.ts), so each
  // distinct one is priced once.
  const expansion = expansionKey(span, dayNumber(from), dayNumber(horizonEnd));
  const periods = cost.priced.has(expansion)
    ? 0
    : Math.ceil(
        horizonEnd
          .diff(from, FREQUENCY_UNIT[rule.options.freq as number] ?? 'days')
          .as(FREQUENCY_UNIT[rule.options.freq as number] ?? 'days') / (rule.options.interval ?? 1),
      );
  cost.priced.add(expansion);
  cost.periods += periods;
  if (cost.periods > MAX_RULE_PERIODS) {
    src.problem(
      repeatEntry.value,
      `checking this rule from ${from.toISODate()} to ${horizonEnd.toISODate()} takes ${periods} steps, and the rules so far ${cost.periods}; the limit for a schedule is ${MAX_RULE_PERIODS}: give \`until:\`, a less frequent rule, or fewer far-off except/moved dates`,
    );
    return null;
  }
  // Occurrences as wall-clock milliseconds: thousands of windows × hundreds of dates each.
  const occurrences = expandMillis(span, from.toMillis(), horizonEnd.toMillis(), MAX_OCCURRENCES + 1);
  if (occurrences.length > MAX_OCCURRENCES) {
    const within =
      horizonEnd > ruleHorizon(from, month) ? `up to ${horizonEnd.toISODate()}` : `in ${HORIZON_YEARS} years`;
    src.problem(
      repeatEntry.value,
      `the rule produces more than ${MAX_OCCURRENCES} occurrences ${within}; give \`until:\` or a less frequent rule`,
    );
    return null;
  }
  if (rule.count !== undefined && !until && occurrences.length < rule.count) {
    src.problem(
      repeatEntry.value,
      `COUNT=${rule.count} runs past ${LAST_YEAR}-12-31, the last date a schedule may use; lower COUNT or give \`until:\``,
    );
    return null;
  }
  // A Set of every date only when there are dates to look up (most windows list none).
  const produced = except.length + moved.length > 0 ? new Set(occurrences.map(dayNumber)) : new Set<number>();
  const isProduced = (d: WallClock) => produced.has(dayNumber(d));
  let valid = true;
  const excepted = new Set<number>();
  for (const { date, node: n } of except) {
    if (!isProduced(date)) {
      src.problem(n, `except ${date.toISODate()}: the rule never produces this date${nearest(occurrences, date)}`);
      valid = false;
    }
    excepted.add(dayNumber(date));
  }
  const movedDates = new Set<number>();
  for (const mv of moved) {
    const key = dayNumber(mv.move.date);
    const shown = mv.move.date.toISODate()!;
    if (!isProduced(mv.move.date)) {
      src.problem(
        mv.dateNode,
        `moved ${shown}: the rule never produces this date${nearest(occurrences, mv.move.date)}`,
      );
      valid = false;
    } else if (excepted.has(key)) {
      src.problem(mv.dateNode, `moved ${shown} is also in except; an occurrence is either cancelled or moved`);
      valid = false;
    } else if (movedDates.has(key)) {
      src.problem(mv.dateNode, `moved ${shown} is given twice`);
      valid = false;
    }
    movedDates.add(key);
    if (mv.timeFromRule) mv.move.to = atTime(mv.move.to, time);
    if (!existsOnce(src, mv.toNode, mv.move.to, zone, 'moved to')) valid = false;
  }
  // Only a time of day that some offset change of these years reaches can be in a gap or overlap.
  const lastYear = new Date(occurrences.at(-1) ?? from.toMillis()).getUTCFullYear() + 1;
  const nearChange = cachedZone(zone).mayMeetChange(time.hour * 60 + time.minute, 0, from.year - 1, lastYear);
  const firstBad = nearChange
    ? occurrences.find(
        (o) => instantsAt(o, zone).length !== 1 && !excepted.has(dayNumber(o)) && !movedDates.has(dayNumber(o)),
      )
    : undefined;
  if (firstBad !== undefined) {
    existsOnce(src, timeEntry!.value, DateTime.fromMillis(firstBad, { zone: 'utc' }), zone, 'time');
    valid = false;
  }
  if (valid && occurrences.length === 0) {
    src.problem(repeatEntry.value, `${label} never happens: the rule produces no date between from and until`);
    valid = false;
  } else if (valid && occurrences.every((o) => excepted.has(dayNumber(o)))) {
    src.problem(repeatEntry.value, `${label} never happens: every occurrence of the rule is in except`);
    valid = false;
  }
  if (!valid) return null;
  return {
    kind: 'recurring',
    rule,
    offsetDays,
    from,
    time,
    durationMinutes,
    ...('wall' in end ? { endsOnClock: true as const } : {}),
    except: except.map((e) => e.date),
    moved: moved.map((mv) => mv.move),
    ...(until ? { until } : {}),
  };
}

/**
 * Refuses wall-clock times that do not exist (spring gap) or exist twice (autumn overlap):
 * Luxon and RFC-strict parsers resolve them differently, and a staff member must never see
 * a time that depends on their calendar client.
 */
function existsOnce(src: YamlSource, node: Node | null, wall: WallClock, zone: string, what: string): boolean {
  const instants = instantsAt(wall.toMillis(), zone);
  if (instants.length === 1) return true;
  const at = wall.toFormat("yyyy-MM-dd 'at' HH:mm");
  if (instants.length === 0) {
    src.problem(
      node,
      `${what} ${at} does not exist in ${zone}: the clocks skip it when summer time starts; choose a time outside the DST change or move that date`,
    );
    return false;
  }
  const [first, second] = instants.map((ms) => DateTime.fromMillis(ms, { zone: cachedZone(zone) }).toFormat('ZZ'));
  src.problem(
    node,
    `${what} ${at} happens twice in ${zone} (summer time ends, ${first} and ${second}); choose a time outside the DST change or move that date`,
  );
  return false;
}

function readWall(
  src: YamlSource,
  node: Node | null,
  what: string,
  parse: (t: string) => WallClock | null,
  hint: string,
): WallClock | null {
  const text = readText(src, node, what);
  if (!text) return null;
  const wall = parse(text);
  if (!wall) src.problem(node, `${what} '${text}' must be ${hint}${dateHint(text)}`);
  return wall && inYears(src, node, what, wall) ? wall : null;
}

type EndOrDuration = { minutes: number } | { wall: WallClock };

/**
 * Durations by their text: a schedule writes the same few thousands of times (PT1H, PT2H), and
 * Luxon's Duration.fromISO costs about 14 µs (20,000 windows: 0.3 s).
 */
const durations = new BoundedCache<number | null>(1000);

/** Whole minutes of an ISO 8601 duration up to 31 days, or null. */
function durationMinutes(text: string): number | null {
  return durations.getOrMake(text, () => {
    const d = Duration.fromISO(text);
    const m = d.isValid ? d.as('minutes') : NaN;
    return !Number.isInteger(m) || m <= 0 || m > MAX_MINUTES || d.months || d.years ? null : m;
  });
}

function readEndOrDuration(
  src: YamlSource,
  m: Map<string, Entry>,
  node: Node | null,
  label: string,
  parseEnd: (t: string) => WallClock | null,
  endHint: string,
): EndOrDuration | null {
  const endEntry = m.get('end');
  const durationEntry = m.get('duration');
  if (!!endEntry === !!durationEntry) {
    src.problem(
      endEntry && durationEntry ? durationEntry.key : node,
      `${label} needs exactly one of \`end:\` and \`duration:\``,
    );
    return null;
  }
  if (endEntry) {
    const wall = readWall(src, endEntry.value, 'end', parseEnd, endHint);
    return wall ? { wall } : null;
  }
  const text = readText(src, durationEntry!.value, 'duration');
  if (!text) return null;
  const minutes = durationMinutes(text);
  if (minutes === null) {
    src.problem(
      durationEntry!.value,
      `duration '${text}' must be an ISO 8601 duration of whole minutes up to 31 days, such as PT1H, PT15M or P1DT2H`,
    );
    return null;
  }
  return { minutes };
}

/**
 * `offset: P8D`: whole days added to every date the rule produces ("the Wednesday 8 days after
 * Patch Tuesday", as Configuration Manager and Azure Update Manager put it). A negative offset
 * (`-P2D`) moves earlier. Absent means 0.
 */
function readOffset(src: YamlSource, entry: Entry | undefined): number | null {
  if (!entry) return 0;
  const text = readText(src, entry.value, 'offset');
  if (text === null) return null;
  const match = /^(-)?P(\d{1,3})([DW])$/.exec(text.trim());
  const days = match ? Number(match[2]) * (match[3] === 'W' ? 7 : 1) * (match[1] ? -1 : 1) : NaN;
  if (!match || Math.abs(days) > MAX_OFFSET_DAYS) {
    src.problem(
      entry.value,
      `offset '${text}' must be whole days up to ${MAX_OFFSET_DAYS} either way, such as P8D (8 days after each date of the rule), P1W or -P2D`,
    );
    return null;
  }
  return days;
}

function readDates(src: YamlSource, entry: Entry | undefined, what: string): { date: WallClock; node: Node }[] | null {
  if (!entry) return [];
  const items = readSeq(src, entry.value, `${what} (a list of dates)`);
  if (!items) return null;
  const out = [];
  for (const n of items) {
    const date = readWall(src, n, what, parseWallDate, 'a date such as 2022-07-20');
    if (!date) return null;
    out.push({ date, node: n });
  }
  return out;
}

interface ReadMove {
  move: Move;
  dateNode: Node | null;
  toNode: Node | null;
  timeFromRule: boolean;
}

function readMoves(src: YamlSource, entry: Entry | undefined): ReadMove[] | null {
  if (!entry) return [];
  const items = readSeq(src, entry.value, 'moved (a list of {date, to, note})');
  if (!items) return null;
  const out: ReadMove[] = [];
  let ok = true;
  for (const item of items) {
    const m = readMap(src, item, 'a moved occurrence', ['date', 'to', 'note']);
    if (!m) {
      ok = false;
      continue;
    }
    for (const key of ['date', 'to']) if (!m.has(key)) src.problem(item, `a moved occurrence needs \`${key}:\``);
    const dateEntry = m.get('date');
    const toEntry = m.get('to');
    const date = dateEntry
      ? readWall(src, dateEntry.value, 'moved date', parseWallDate, 'a date such as 2022-12-21')
      : null;
    const toText = toEntry ? readText(src, toEntry.value, 'moved to') : null;
    const toDate = toText ? parseWallDate(toText) : null;
    const parsedTo = toDate ?? (toText ? parseWallDateTime(toText) : null);
    if (toText && !parsedTo)
      src.problem(
        toEntry!.value,
        `moved to '${toText}' must be a date (same time) such as 2022-12-14, or a local date and time such as 2022-12-14T16:00${dateHint(toText)}`,
      );
    const to = parsedTo && inYears(src, toEntry!.value, 'moved to', parsedTo) ? parsedTo : null;
    const noteEntry = m.get('note');
    const note = noteEntry ? readText(src, noteEntry.value, 'note') : undefined;
    if (!date || !to || note === null) {
      ok = false;
      continue;
    }
    const move: Move = { date, to };
    if (note) move.note = note;
    out.push({ move, dateNode: dateEntry!.value, toNode: toEntry!.value, timeFromRule: !!toDate });
  }
  return ok ? out : null;
}

/** The unit rrule.js steps through for each FREQ (rrule's Frequency numbers: YEARLY=0 … DAILY=3). */
function nearest(occurrences: readonly number[], date: WallClock): string {
  const sameMonth = occurrences
    .map((o) => new Date(o).toISOString().slice(0, 10))
    .filter((d) => d.startsWith(date.toISODate()!.slice(0, 7)));
  return sameMonth.length ? `; in that month it produces ${sameMonth.join(', ')}` : '';
}
