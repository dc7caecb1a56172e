import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import { parseWallDate, type WallClock } from '../time/wall-clock.js';
import type { System } from '../schedule/schedule.js';
import { readText, type YamlSource } from './yaml-source.js';

/**
 * `systems.<id>.from:` and `until:`: the first and last day a system exists (issue 19 point 7).
 * A system takes part in windows only on those days, `systems: all` included, so one added with
 * `from:` does not inherit the whole history of the windows it joins.
 */
export function readLifetimes(src: YamlSource, systemsNode: Node | null, systems: System[]): void {
  if (!isMap(systemsNode)) return;
  const byId = new Map(systems.map((s) => [s.id, s]));
  for (const pair of (systemsNode as YAMLMap<Node, Node | null>).items) {
    const system = isScalar(pair.key) ? byId.get(String(pair.key.value)) : undefined;
    if (!system || !isMap(pair.value)) continue;
    const dates: { from?: WallClock; until?: WallClock } = {};
    const nodes: { from?: Node; until?: Node } = {};
    for (const entry of (pair.value as YAMLMap<Node, Node | null>).items) {
      const key = isScalar(entry.key) ? entry.key.value : undefined;
      if (key !== 'from' && key !== 'until') continue;
      const text = readText(src, entry.value ?? null, `system '${system.id}' ${key}`);
      const date = text ? parseWallDate(text) : null;
      if (text && !date)
        src.problem(
          entry.value,
          `system '${system.id}' ${key} '${text}' must be a date such as 2027-01-01 (the ${key === 'from' ? 'first' : 'last'} day it takes part in windows)`,
        );
      if (date) dates[key] = date;
      if (entry.value) nodes[key] = entry.value;
    }
    if (dates.from && dates.until && dates.until < dates.from) {
      src.problem(
        nodes.until,
        `system '${system.id}' until ${dates.until.toISODate()} is before its from ${dates.from.toISODate()}`,
      );
      continue;
    }
    if (dates.from) system.from = dates.from;
    if (dates.until) system.until = dates.until;
  }
}
