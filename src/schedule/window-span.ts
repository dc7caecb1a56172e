import { expandWallClock, ruleSpan } from '../time/rrule-expand.js';
import { endOfDay, type WallClock } from '../time/wall-clock.js';
import { dayNumber } from '../time/calendar-units.js';
import type { Recurring, Window } from './schedule.js';

/** Days a window takes part in a selection: from `lo` to `hi` inclusive, either open. */
export interface DaySpan {
  lo?: WallClock;
  hi?: WallClock;
}

/**
 * The window as it is in a feed of systems that exist only in `span` (system `from:`/`until:`):
 * the occurrences whose dates (the rule's date, before a move) lie in the span, or undefined when
 * none do. The same window object when the span leaves it whole, so its text is shared. A rule is
 * cut by starting it at its first date inside the span (an occurrence of the original series, so
 * INTERVAL and the rest keep their phase) and ending it at the span's end; a COUNT rule, whose
 * count runs from its first date, keeps its start and leaves the dates outside out as exceptions.
 */
export function windowInSpan(window: Window, span: DaySpan): Window | undefined {
  const inside = (d: WallClock) =>
    (!span.lo || dayNumber(d) >= dayNumber(span.lo)) && (!span.hi || dayNumber(d) <= dayNumber(span.hi));
  const t = window.timing;
  if (t.kind === 'timed') return inside(t.start) ? window : undefined;
  if (t.kind === 'all-day') return inside(t.date) ? window : undefined;
  const whole = (!span.lo || t.from >= span.lo) && (!span.hi || (t.until !== undefined && t.until <= span.hi));
  if (whole) return window;
  const lo = span.lo && span.lo > t.from ? span.lo : t.from;
  const hi = span.hi && (!t.until || span.hi < t.until) ? span.hi : t.until;
  const keep = <T extends { date: WallClock }>(list: T[]) => list.filter((x) => inside(x.date));
  const common = {
    except: t.except.filter(inside),
    moved: keep(t.moved),
    ...(t.cancelled ? { cancelled: keep(t.cancelled) } : {}),
    ...(t.skippedHolidays ? { skippedHolidays: keep(t.skippedHolidays) } : {}),
  };
  let timing: Recurring;
  if (t.rule.count !== undefined) {
    const all = expandWallClock(ruleSpan(t), t.from, endOfDay(t.until ?? lastDay(t)));
    const outside = all.map((d) => d.startOf('day')).filter((d) => !inside(d));
    if (outside.length === all.length) return undefined;
    timing = { ...t, ...common, except: [...common.except, ...outside].sort((a, b) => a.toMillis() - b.toMillis()) };
  } else {
    const first =
      hi && hi < lo ? undefined : expandWallClock(ruleSpan(t), lo, endOfDay(hi ?? lo.plus({ years: 10 })), 1)[0];
    if (!first || (hi && first > endOfDay(hi))) return undefined;
    timing = { ...t, ...common, from: first.startOf('day'), ...(hi ? { until: hi } : {}) };
  }
  return { ...window, timing };
}

/** The last day a COUNT rule may reach: far enough for any count the parser accepts. */
function lastDay(t: Recurring): WallClock {
  return t.from.plus({ years: 100 });
}
