import type { WallClock } from '../time/wall-clock.js';
import type { Audience, Provider, Schedule, System, Window, Work } from './schedule.js';
import { existsOn } from './system-lifetimes.js';
import { windowInSpan, type DaySpan } from './window-span.js';
import { dependentsBySystem } from './system-dependencies.js';
import { scheduleYears } from './schedule-years.js';

/**
 * What follows from one schedule, made with it (by the parser and when a FeedSet is made from a
 * schedule the load worker sent) and passed along with it: lookups by id, the systems each
 * window reaches, its years. The parser has resolved every reference, so a window's provider and
 * systems are always found; the index turns the linear `find`s of large schedules (1,000 systems
 * × 10,000 windows) into Map lookups. What costs work is computed on first use and kept here, so
 * it goes when the schedule does. A schedule is not changed once read.
 */
export class ScheduleIndex {
  private readonly systems: ReadonlyMap<string, System>;
  private readonly providers: ReadonlyMap<string, Provider>;

  constructor(readonly schedule: Schedule) {
    this.systems = new Map(schedule.systems.map((s) => [s.id, s]));
    this.providers = new Map(schedule.providers.map((p) => [p.id, p]));
  }

  system(id: string): System {
    return this.systems.get(id) ?? internal('system', id);
  }

  provider(id: string): Provider {
    return this.providers.get(id) ?? internal('provider', id);
  }

  private byName?: Map<string, System>;

  /**
   * The system a reader means by `text`: its id, or its name or one of its aliases in any case
   * (`easycruit` finds Visma økonomi). Undefined when none matches. The parser refuses aliases
   * that collide, so each name finds one system.
   */
  findSystem(text: string): System | undefined {
    const wanted = text.trim().toLowerCase();
    const byId = this.systems.get(wanted);
    if (byId) return byId;
    if (!this.byName) {
      this.byName = new Map();
      for (const s of this.schedule.systems)
        for (const n of [s.name, ...(s.aliases ?? [])])
          if (!this.byName.has(n.toLowerCase())) this.byName.set(n.toLowerCase(), s);
    }
    return this.byName.get(wanted);
  }

  /**
   * The systems a reader (a URL, the command line) named by id, name or alias, as every surface
   * resolves them: their ids, each once, in the order first named (customFeed sorts them, so
   * `websak` and `acos-websak,websak` give the same custom feed, bytes and ETag); and what
   * matched none.
   */
  resolveSystems(asked: readonly string[]): { ids: string[]; unknown: string[] } {
    const ids = new Set<string>();
    const unknown: string[] = [];
    for (const text of asked) {
      const id = this.findSystem(text)?.id;
      if (id === undefined) {
        if (!unknown.includes(text)) unknown.push(text);
      } else ids.add(id);
    }
    return { ids: [...ids], unknown };
  }

  /** The audience a reader means by `text`: its id, or its name, in any case. */
  findAudience(text: string): Audience | undefined {
    const wanted = text.trim().toLowerCase();
    return this.schedule.audiences.find((a) => a.id === wanted || a.name.toLowerCase() === wanted);
  }

  /** The ids among `ids` that are not systems of this schedule, each once, in the order given. */
  unknownSystems(ids: readonly string[]): string[] {
    return [...new Set(ids.filter((id) => !this.systems.has(id)))];
  }

  private dependents?: Map<string, string[]>;

  /** The systems that depend on `id`, directly or through others (systems.<id>.depends-on), in schedule order. */
  dependentsOf(id: string): string[] {
    this.dependents ??= dependentsBySystem(this.schedule.systems);
    return this.dependents.get(id) ?? [];
  }

  private readonly reached = new WeakMap<Work, readonly string[]>();

  /** The systems a window reaches: its own, then those that depend on them, each once (kept per window). */
  reachedBy(work: Work): readonly string[] {
    let ids = this.reached.get(work);
    // `systems: all` already names every system, so every dependent is among them.
    if (!ids && work.allSystems) this.reached.set(work, (ids = work.systems));
    if (!ids) {
      const dependents = work.systems.flatMap((s) => this.dependentsOf(s));
      ids = dependents.length === 0 ? work.systems : [...new Set([...work.systems, ...dependents])];
      this.reached.set(work, ids);
    }
    return ids;
  }

  private windows?: Set<Window>;

  /** Whether `window` is one of the schedule's own (not a copy cut to its systems' days). */
  isScheduleWindow(window: Window): boolean {
    return (this.windows ??= new Set(this.schedule.windows)).has(window);
  }

  private readonly spans = new WeakMap<Window, Map<string, Window | undefined>>();

  /**
   * The one selection of every surface: the window as a selection of systems sees it (all
   * windows, whole, when `ids` is empty), or undefined when it affects none of them. A window
   * reaches a system through its own systems and those that depend on them (depends-on), on the
   * days both exist (systems' `from:`/`until:`): a system added with `from:` takes part only from
   * then, so the window is cut to those days (window-span.ts). Feeds, the page, the embed, the
   * API, the CLI and notify all select with this (or affectsAny, which it refines).
   */
  windowFor(window: Window, ids: readonly string[]): Window | undefined {
    if (ids.length === 0) return window;
    if (!this.affectsAny(window, ids)) return undefined;
    if (!this.hasLifetimes) return window;
    const span = this.daySpan(window, ids);
    if (!span) return undefined;
    if (!span.lo && !span.hi) return window;
    const key = `${span.lo?.toMillis() ?? ''} ${span.hi?.toMillis() ?? ''}`;
    let byKey = this.spans.get(window);
    if (!byKey) this.spans.set(window, (byKey = new Map<string, Window | undefined>()));
    if (!byKey.has(key)) byKey.set(key, windowInSpan(window, span));
    return byKey.get(key);
  }

  /** Whether any system has `from:` or `until:` (most schedules: none, and nothing is cut). */
  get hasLifetimes(): boolean {
    return (this.lifetimes ??= this.schedule.systems.some((s) => s.from || s.until));
  }
  private lifetimes?: boolean;

  /**
   * The days a window reaches any of `ids`: for each of its systems and each chosen system it
   * reaches, the days both exist; their hull (a gap between two systems' lives is not cut out).
   */
  private daySpan(window: Window, ids: readonly string[]): DaySpan | undefined {
    let found = false;
    let lo: WallClock | undefined;
    let hi: WallClock | undefined;
    const open = { lo: false, hi: false };
    for (const x of window.systems) {
      const reached = [x, ...this.dependentsOf(x)].filter((s) => ids.includes(s));
      for (const s of reached) {
        const [a, b] = [this.system(x), this.system(s)];
        const from = later(a.from, b.from);
        const until = earlier(a.until, b.until);
        if (from && until && until < from) continue;
        found = true;
        if (!from) open.lo = true;
        else if (!lo || from < lo) lo = from;
        if (!until) open.hi = true;
        else if (!hi || until > hi) hi = until;
      }
    }
    if (!found) return undefined;
    return { ...(lo && !open.lo ? { lo } : {}), ...(hi && !open.hi ? { hi } : {}) };
  }

  /** The systems a window reaches on a local date: reachedBy, less those that do not exist that day. */
  systemsOn(window: Work, day: WallClock): readonly string[] {
    const reached = this.reachedBy(window);
    if (!this.hasLifetimes) return reached;
    return reached.filter((s) => {
      if (!existsOn(this.system(s), day)) return false;
      // Reached through one of the window's own systems that exists that day.
      return window.systems.some((x) => existsOn(this.system(x), day) && (x === s || this.dependentsOf(x).includes(s)));
    });
  }

  /**
   * Whether a window or announcement affects any of `ids` (all windows when `ids` is empty),
   * itself or through a system that depends on one of its systems: what the feeds, the page
   * filter, the embed and /api/occurrences all select by.
   */
  affectsAny(work: Work, ids: readonly string[]): boolean {
    return ids.length === 0 || this.reachedBy(work).some((s) => ids.includes(s));
  }

  private readonly yearsByMonth = new Map<number, { first: number; last: number }>();

  /**
   * The years of all windows and freezes together (2000 alone for a schedule without either),
   * counted from the publishing `month` (see timingYears). Kept per month: a load asks twice
   * (the zone check and the VTIMEZONE).
   */
  years(month: WallClock | undefined): { first: number; last: number } {
    const key = month?.toMillis() ?? 0;
    let years = this.yearsByMonth.get(key);
    if (!years) this.yearsByMonth.set(key, (years = scheduleYears(this.schedule, month)));
    return years;
  }
}

/** What a reader is told when they ask for systems that do not exist. */
export function unknownSystemsMessage(unknown: readonly string[], schedule: Schedule): string {
  const known = schedule.systems.map((s) => s.id);
  return `unknown system${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')}; known systems: ${known.join(', ')}`;
}

function internal(kind: string, id: string): never {
  throw new Error(`internal: ${kind} '${id}' is not in the schedule`);
}

function later(a: WallClock | undefined, b: WallClock | undefined): WallClock | undefined {
  return !a ? b : !b ? a : a > b ? a : b;
}

function earlier(a: WallClock | undefined, b: WallClock | undefined): WallClock | undefined {
  return !a ? b : !b ? a : a < b ? a : b;
}
