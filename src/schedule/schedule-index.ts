import type { Audience, Provider, Schedule, System, Work } from './schedule.js';
import { dependentsBySystem } from './system-dependencies.js';

/**
 * Lookups by id over one schedule. The parser has resolved every reference, so a window's
 * provider and systems are always found; the index turns the linear `find`s of large
 * schedules (1,000 systems × 10,000 windows) into Map lookups. Built once per schedule.
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

  /**
   * Whether a window or announcement affects any of `ids` (all windows when `ids` is empty),
   * itself or through a system that depends on one of its systems: what the feeds, the page
   * filter, the embed and /api/occurrences all select by.
   */
  affectsAny(work: Work, ids: readonly string[]): boolean {
    return ids.length === 0 || this.reachedBy(work).some((s) => ids.includes(s));
  }
}

const indexes = new WeakMap<Schedule, ScheduleIndex>();

/** The index of a schedule, built on first use and kept as long as the schedule is. */
export function scheduleIndex(schedule: Schedule): ScheduleIndex {
  let index = indexes.get(schedule);
  if (!index) indexes.set(schedule, (index = new ScheduleIndex(schedule)));
  return index;
}

/** What a reader is told when they ask for systems that do not exist. */
export function unknownSystemsMessage(unknown: readonly string[], schedule: Schedule): string {
  const known = schedule.systems.map((s) => s.id);
  return `unknown system${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')}; known systems: ${known.join(', ')}`;
}

function internal(kind: string, id: string): never {
  throw new Error(`internal: ${kind} '${id}' is not in the schedule`);
}
