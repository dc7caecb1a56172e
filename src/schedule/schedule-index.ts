import type { Provider, Schedule, System, Work } from './schedule.js';
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

  /**
   * The system a reader means by `text`: its id, or its name or one of its aliases in any case
   * (`easycruit` finds Visma økonomi). Undefined when none matches.
   */
  findSystem(text: string): System | undefined {
    const wanted = text.trim().toLowerCase();
    return (
      this.systems.get(wanted) ??
      this.schedule.systems.find((s) => [s.name, ...(s.aliases ?? [])].some((n) => n.toLowerCase() === wanted))
    );
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
