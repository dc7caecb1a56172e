import type { System } from './schedule.js';

/**
 * For every system, the systems that depend on it directly or through others, in schedule
 * order: where a window on that system must also appear.
 */
export function dependentsBySystem(systems: System[]): Map<string, string[]> {
  const direct = new Map<string, string[]>(systems.map((s) => [s.id, []]));
  for (const s of systems) for (const d of s.dependsOn ?? []) direct.get(d)?.push(s.id);
  const order = new Map(systems.map((s, i) => [s.id, i]));
  const out = new Map<string, string[]>();
  for (const s of systems) {
    const seen = new Set<string>();
    const stack = [...direct.get(s.id)!];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (id === s.id || seen.has(id)) continue;
      seen.add(id);
      stack.push(...(direct.get(id) ?? []));
    }
    out.set(
      s.id,
      [...seen].sort((a, b) => order.get(a)! - order.get(b)!),
    );
  }
  return out;
}
