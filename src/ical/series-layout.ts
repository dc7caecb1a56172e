import type { Recurring } from '../schedule/schedule.js';
import { ruleSpan } from '../occurrences/expand-window.js';
import { expandWallClock, lastWallClock } from '../time/rrule-expand.js';
import type { WallClock } from '../time/wall-clock.js';

/** How one recurring window is written: a master with RRULE/EXDATE, overrides, and stand-alone moves. */
export interface SeriesLayout {
  /** First real occurrence: an occurrence of the rule that is neither cancelled nor moved away. */
  start?: WallClock;
  /** Last day the rule may produce, for UNTIL; absent for an open-ended rule. */
  lastDay?: WallClock;
  exdates: WallClock[];
  /** Moves written as RECURRENCE-ID overrides of the master. */
  overrides: { original: WallClock; to: WallClock; note?: string }[];
  /** Moves Outlook could not keep as overrides: the date is excluded and a separate event published. */
  detached: { original: WallClock; to: WallClock; note?: string }[];
}

export function layoutSeries(t: Recurring): SeriesLayout {
  const span = ruleSpan(t);
  const day = (d: WallClock) => d.toISODate()!;
  const excepted = new Set(t.except.map(day));
  const movedTo = new Map(t.moved.map((m) => [day(m.date), m.to]));
  const effective = (d: WallClock) => movedTo.get(day(d)) ?? d;
  const overrides: SeriesLayout['overrides'] = [];
  const detached: SeriesLayout['detached'] = [];
  for (const m of t.moved) {
    // Outlook keeps a moved occurrence only between its neighbours and not on a day that
    // already has one (MS-OXOCAL 3.1.4.6.2; "cannot skip over a later occurrence").
    const around = expandWallClock(span, m.date.minus({ years: 2 }), m.date.plus({ years: 2 }).endOf('day'))
      .filter((d) => !excepted.has(day(d)) && day(d) !== day(m.date));
    const prev = around.filter((d) => d < m.date).at(-1);
    const next = around.find((d) => d > m.date);
    const target = day(m.to);
    const fits = (!prev || day(effective(prev)) < target) && (!next || target < day(effective(next)));
    const entry = { original: m.date, to: m.to, ...(m.note ? { note: m.note } : {}) };
    (fits ? overrides : detached).push(entry);
  }
  const skipped = new Set([...excepted, ...detached.map((d) => day(d.original))]);
  const horizon = t.until ? t.until.endOf('day') : t.from.plus({ years: 20 });
  const start = expandWallClock(span, t.from, horizon).find((d) => !skipped.has(day(d)));
  const last = lastWallClock(span);
  const layout: SeriesLayout = {
    exdates: start ? [...t.except, ...detached.map((d) => d.original)].filter((d) => d > start).sort((a, b) => a.toMillis() - b.toMillis()) : [],
    overrides: start ? overrides : [],
    // Without a master there is nothing to override: every move stands alone.
    detached: start ? detached : [...detached, ...overrides],
  };
  if (start) layout.start = start;
  if (last) layout.lastDay = last.startOf('day');
  return layout;
}
