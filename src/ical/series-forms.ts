import type { Move, Recurring } from '../schedule/schedule.js';
import { ROLLING_MONTHS } from '../time/horizon.js';
import { parseRecurrenceRule, type RecurrenceRule } from '../time/recurrence-rule.js';
import { expandWallClock, ruleSpan } from '../time/rrule-expand.js';
import type { WallClock } from '../time/wall-clock.js';
import { outlookTemplate, templateForm, type OutlookTemplate } from './outlook-templates.js';
import { layoutSeries, type PlacedOccurrence, type SeriesInput, type SeriesLayout } from './series-layout.js';
import { WEEKDAYS } from '../time/calendar-units.js';

/**
 * How a recurring window is published so that Outlook maps every series and every client expands
 * exactly the occurrences the schedule means, tried in this order:
 * - `rule`: the rule as written, when it fits one of Outlook's six templates, or the same dates in
 *   a form that fits one (BYMONTHDAY=-1 as `BYDAY=SU,MO,TU,WE,TH,FR,SA;BYSETPOS=-1`, see templateForm);
 * - `split`: several template series whose union is the rule (a monthly rule with BYMONTH becomes
 *   one yearly series per month; BYDAY=2TU,4TU one series per nth weekday) — exact forever;
 * - `anchored`: rules with at most one date a month (an `offset`, BYDAY=WE;BYMONTHDAY=16..22,
 *   5FR): one monthly-nth (or monthly-day) template series on the most common day, with the other
 *   dates as RECURRENCE-ID overrides and the months without a date as EXDATE — up to a rolling end;
 * - `single`: every occurrence as its own event, up to a rolling end (the last resort).
 */
export interface Publication {
  form: 'rule' | 'split' | 'anchored' | 'single';
  series: PublishedSeries[];
  /** Occurrences published as events of their own (UID `<id>-<yyyymmdd>@domain`). */
  singles: PlacedOccurrence[];
  /** For `rule`: the rule is published in another form with the same dates (templateForm). */
  rewritten?: true;
  /** For the rolling forms: the last day occurrences are published for (later ones follow next month). */
  through?: WallClock;
}

export interface PublishedSeries {
  /** Appended to the window id in the UID (`<id><suffix>@domain`); '' for the window's own UID. */
  suffix: string;
  /** The RRULE parts, without UNTIL (the layout's lastDay gives it). */
  parts: [string, string][];
  template: OutlookTemplate;
  layout: SeriesLayout;
}

/** Dates are compared as numbers: formatting in Luxon is slow. */
const day = (d: WallClock) => d.year * 10_000 + d.month * 100 + d.day;
const monthIndex = (d: WallClock) => d.year * 12 + d.month - 1;

/** `month` is the first day of the month the feeds are rendered in (calendar zone). */
export function publishRecurring(t: Recurring, zone: string, month: WallClock): Publication {
  const asIs = t.offsetDays ? null : templateForm(t.rule.parts);
  if (asIs) {
    const template = outlookTemplate(asIs)!;
    const same = sameParts(asIs, t.rule.parts);
    const series = same ? t : { ...t, rule: ruleOf(asIs) };
    return {
      form: 'rule',
      series: [{ suffix: '', parts: asIs, template, layout: layoutSeries(series, zone, month) }],
      singles: [],
      ...(same ? {} : { rewritten: true as const }),
    };
  }
  const lastDay = finiteEnd(t);
  const split = t.offsetDays ? null : splitSeries(t, zone, lastDay, month);
  if (split) return { form: 'split', series: split, singles: [] };

  const through = month.plus({ months: ROLLING_MONTHS }).minus({ days: 1 });
  const end = lastDay && lastDay <= through ? lastDay : through;
  const dates = expandWallClock(ruleSpan(t), t.from, end.endOf('day'));
  const rolling = lastDay && lastDay <= through ? {} : { through };
  const anchored = anchoredSeries(t, dates, zone, end, month);
  if (anchored) return { form: 'anchored', series: [anchored.series], singles: anchored.extras, ...rolling };
  return { form: 'single', series: [], singles: singleEvents(t, dates), ...rolling };
}

/** The last day of a rule with UNTIL or COUNT; undefined for an open-ended one. */
function finiteEnd(t: Recurring): WallClock | undefined {
  if (t.until) return t.until;
  if (t.rule.count === undefined) return undefined;
  return expandWallClock(ruleSpan(t), t.from, t.from.plus({ years: 1000 }))
    .at(-1)
    ?.startOf('day');
}

const sameParts = (a: [string, string][], b: [string, string][]) =>
  a.length === b.length && a.every(([k, v], i) => b[i]![0] === k && b[i]![1] === v);

/** A rule for a template series, from parts already known to be valid. */
function ruleOf(parts: [string, string][]): RecurrenceRule {
  const parsed = parseRecurrenceRule(parts.map(([k, v]) => `${k}=${v}`).join(';'));
  if (!parsed.rule) throw new Error(`internal: template rule ${JSON.stringify(parts)} does not parse`);
  return parsed.rule;
}

function realMove(m: Move): Move & { shown: { from: WallClock; note?: string } } {
  return { ...m, shown: { from: m.date, ...(m.note ? { note: m.note } : {}) } };
}

// ---- split --------------------------------------------------------------------------------

/** Parts of template rules whose union is `parts`, with a UID suffix each; null when none is known. */
export function splitParts(parts: [string, string][]): { suffix: string; parts: [string, string][] }[] | null {
  const form = templateForm(parts);
  if (form) return [{ suffix: '', parts: form }];
  const p = new Map(parts);
  const set = (name: string, value: string) => {
    const out: [string, string][] = parts.map(([k, v]) => [k, k === name ? value : v]);
    if (!p.has(name)) out.push([name, value]);
    return out;
  };
  const freq = p.get('FREQ');
  const months = p.get('BYMONTH')?.split(',') ?? [];
  const interval = Number(p.get('INTERVAL') ?? '1');
  const pieces: { suffix: string; parts: [string, string][] }[] = [];
  if ((freq === 'MONTHLY' && interval === 1 && months.length > 0) || (freq === 'YEARLY' && months.length > 1)) {
    // Every month of a monthly rule with BYMONTH is that month of a yearly rule (RFC 5545 §3.3.10).
    for (const m of months) {
      const yearly = freq === 'MONTHLY' ? set('FREQ', 'YEARLY') : parts;
      const sub = new Map(yearly).has('BYMONTH')
        ? yearly.map(([k, v]): [string, string] => [k, k === 'BYMONTH' ? m : v])
        : yearly;
      pieces.push({ suffix: `-m${m.padStart(2, '0')}`, parts: sub });
    }
  } else {
    const days = p.get('BYDAY')?.split(',') ?? [];
    if (!(freq === 'MONTHLY' || freq === 'YEARLY') || days.length < 2 || p.has('BYSETPOS')) return null;
    if (!days.every((d) => /^[+-]?\d/.test(d))) return null;
    for (const d of days) {
      const n = Number(/^[+-]?\d+/.exec(d)?.[0]);
      const suffix = `-${n === -1 ? 'last' : n}${d.slice(-2).toLowerCase()}`;
      pieces.push({ suffix, parts: set('BYDAY', d) });
    }
  }
  const out: { suffix: string; parts: [string, string][] }[] = [];
  for (const piece of pieces) {
    const sub = splitParts(piece.parts);
    if (!sub) return null;
    out.push(...sub.map((s) => ({ suffix: piece.suffix + s.suffix, parts: s.parts })));
  }
  return out;
}

/**
 * The split series of a rule, each laid out with the except and moved dates it produces. The
 * union is checked against the rule itself over the validation horizon, so a split that is not
 * exact is never published.
 */
function splitSeries(
  t: Recurring,
  zone: string,
  lastDay: WallClock | undefined,
  month: WallClock,
): PublishedSeries[] | null {
  const pieces = splitParts(t.rule.parts);
  if (!pieces) return null;
  const bounds = lastDay ? { until: lastDay } : {};
  const end = (lastDay ?? t.from.plus({ years: 30 })).endOf('day');
  const whole = expandWallClock(ruleSpan(t), t.from, end).map(day);
  const subs = pieces.map((piece) => {
    const rule = ruleOf(piece.parts);
    const dates = new Set(
      expandWallClock(ruleSpan({ rule, from: t.from, time: t.time, ...bounds }), t.from, end).map(day),
    );
    return { piece, rule, dates };
  });
  const union = subs.flatMap((s) => [...s.dates]).sort((a, b) => a - b);
  if (union.length !== whole.length || union.some((d, i) => d !== whole[i])) return null;
  return subs.map(({ piece, rule, dates }) => {
    const input: SeriesInput = {
      rule,
      from: t.from,
      ...bounds,
      time: t.time,
      durationMinutes: t.durationMinutes,
      ...(t.endsOnClock ? { endsOnClock: t.endsOnClock } : {}),
      except: t.except.filter((d) => dates.has(day(d))),
      moved: t.moved.filter((m) => dates.has(day(m.date))).map(realMove),
    };
    const template = outlookTemplate(piece.parts);
    if (!template) throw new Error('internal: split produced a rule Outlook can not map');
    return { suffix: piece.suffix, parts: piece.parts, template, layout: layoutSeries(input, zone, month) };
  });
}

// ---- anchored ----------------------------------------------------------------------------

/**
 * One template series for dates that fall at most once a month. The base is the monthly day the
 * most dates fall on; a date elsewhere in its month overrides the base date of that month (it
 * stays between its neighbours, as Outlook requires), a month without a date excludes it, and a
 * date in a month the base skips is an event of its own.
 */
function anchoredSeries(
  t: Recurring,
  dates: readonly WallClock[],
  zone: string,
  end: WallClock,
  month: WallClock,
): { series: PublishedSeries; extras: PlacedOccurrence[] } | null {
  if (dates.length === 0) return null;
  const byMonth = new Map<number, WallClock>();
  for (const d of dates) {
    if (byMonth.has(monthIndex(d))) return null;
    byMonth.set(monthIndex(d), d);
  }
  const indexes = [...byMonth.keys()];
  const interval = indexes.slice(1).reduce((g, m, i) => gcd(g, m - indexes[i]!), 0) || 1;
  const votes = new Map<string, number>();
  for (const d of dates) {
    const wd = WEEKDAYS[d.weekday - 1]!;
    // Days 29–31 are no base: Outlook moves them to the last day of a shorter month, where
    // RFC 5545 skips the month, so the two would disagree (the Outlook model calls it clamped-day).
    const keys = d.day <= 28 ? [`BYMONTHDAY=${d.day}`, `BYDAY=${Math.ceil(d.day / 7)}${wd}`] : [];
    if (d.day + 7 > (d.daysInMonth ?? 28)) keys.push(`BYDAY=-1${wd}`);
    for (const k of keys) votes.set(k, (votes.get(k) ?? 0) + 1);
  }
  // Most dates on the base; ties go to the nth weekday (maintenance is planned by weekday).
  const best = [...votes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0]![0];
  const [name, value] = best.split('=') as [string, string];
  const parts: [string, string][] = [['FREQ', 'MONTHLY']];
  if (interval > 1) parts.push(['INTERVAL', String(interval)]);
  parts.push([name, value]);
  const template = outlookTemplate(parts);
  if (!template) return null;
  const rule = ruleOf(parts);
  const first = dates[0]!;
  const from = first.startOf('month');
  const base = expandWallClock(ruleSpan({ rule, from, until: end, time: t.time }), from, end.endOf('day'));
  const excepted = new Set(t.except.map(day));
  const moves = new Map(t.moved.map((m) => [day(m.date), m]));
  const except: WallClock[] = [];
  const moved: SeriesInput['moved'] = [];
  const covered = new Set<number>();
  for (const b of base) {
    const d = byMonth.get(monthIndex(b));
    // Base dates before the first date stay unpublished: DTSTART is the first kept one.
    if (!d || excepted.has(day(d))) {
      except.push(b.startOf('day'));
      if (d) covered.add(monthIndex(d));
      continue;
    }
    covered.add(monthIndex(d));
    const mv = moves.get(day(d));
    if (mv)
      moved.push({
        date: b.startOf('day'),
        to: mv.to,
        shown: { from: d.startOf('day'), ...(mv.note ? { note: mv.note } : {}) },
      });
    else if (day(d) !== day(b)) moved.push({ date: b.startOf('day'), to: d });
  }
  const extras = singleEvents(
    t,
    dates.filter((d) => !covered.has(monthIndex(d))),
  );
  const input: SeriesInput = {
    rule,
    from,
    until: end,
    time: t.time,
    durationMinutes: t.durationMinutes,
    ...(t.endsOnClock ? { endsOnClock: t.endsOnClock } : {}),
    except,
    moved,
  };
  return { series: { suffix: '', parts, template, layout: layoutSeries(input, zone, month) }, extras };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

// ---- single ------------------------------------------------------------------------------

/** Each date not in except as an event of its own, moved where the schedule moves it. */
function singleEvents(t: Recurring, dates: readonly WallClock[]): PlacedOccurrence[] {
  const excepted = new Set(t.except.map(day));
  const moves = new Map(t.moved.map((m) => [day(m.date), m]));
  return dates
    .filter((d) => !excepted.has(day(d)))
    .map((d) => {
      const mv = moves.get(day(d));
      const original = d.startOf('day');
      return mv
        ? { original, to: mv.to, move: { from: original, ...(mv.note ? { note: mv.note } : {}) } }
        : { original, to: d };
    });
}

// ---- explain -----------------------------------------------------------------------------

/** One line for `nedetid check --explain`: how a window is written into the feeds, and why. */
export function explainPublication(p: Publication): string {
  const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
  const extras = (list: PlacedOccurrence[]) => (list.length ? `, plus ${n(list.length, 'single event')}` : '');
  const detail = (s: PublishedSeries) => {
    const parts = [
      s.layout.overrides.length ? n(s.layout.overrides.length, 'override') : '',
      s.layout.exdates.length ? n(s.layout.exdates.length, 'excluded date') : '',
    ].filter(Boolean);
    // What is written out date by date reaches ruleHorizon and moves with the month (issue 19.1).
    const written = s.layout.overrides.length + s.layout.detached.length > 0 && s.layout.reach;
    const reach = written ? ` (written out through ${s.layout.reach!.toISODate()}, a month further each month)` : '';
    return parts.length ? ` with ${parts.join(' and ')}${reach}` : reach;
  };
  const rule = (s: PublishedSeries) => s.parts.map(([k, v]) => `${k}=${v}`).join(';');
  const through = p.through ? `, published through ${p.through.toISODate()} (a month further each month)` : '';
  const detached = p.series.flatMap((s) => s.layout.detached);
  switch (p.form) {
    case 'rule': {
      const s = p.series[0]!;
      // Every occurrence across a clock change: no series is written, only its occurrences.
      if (!s.layout.start)
        return `${n(detached.length + p.singles.length, 'single event')}${detail(s)}, because every occurrence crosses a clock change`;
      const how = p.rewritten ? `in the form Outlook writes, its` : `as written, Outlook's`;
      const same = p.rewritten ? ': the same dates as the rule written' : '';
      return `${how} ${s.template} template (${rule(s)})${detail(s)}${extras([...p.singles, ...detached])}${same}`;
    }
    case 'split': {
      const templates = [...new Set(p.series.map((s) => s.template))].join('/');
      const used = p.series.filter((s) => s.layout.start);
      return `${n(used.length, `${templates} series`, `${templates} series`)} (${used.map((s) => rule(s)).join(' | ')}), because Outlook drops the rule as written${extras([...p.singles, ...detached])}`;
    }
    case 'anchored': {
      const s = p.series[0]!;
      return `1 ${s.template} series (${rule(s)})${detail(s)}${extras([...p.singles, ...detached])}${through}, because Outlook drops the rule as written`;
    }
    case 'single':
      return `${n(p.singles.length, 'single event')}${through}, because no Outlook template fits its dates`;
  }
}
