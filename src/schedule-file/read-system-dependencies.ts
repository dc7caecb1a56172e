import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import type { System } from '../schedule/schedule.js';
import { closest } from '../text/closest.js';
import { otherNameOf } from './system-names.js';
import { readSeq, readText, type YamlSource } from './yaml-source.js';

/**
 * Reads `systems.<id>.depends-on: [ids]` into `System.dependsOn`. Unknown ids and cycles are
 * refused at the entry that names them: a cycle would put every window of its systems into
 * every one of their feeds, which nobody means.
 */
export function readDependencies(src: YamlSource, systemsNode: Node | null, systems: System[]): void {
  if (!isMap(systemsNode)) return;
  const byId = new Map(systems.map((s) => [s.id, s]));
  const nodes = new Map<string, Map<string, Node>>();
  for (const pair of (systemsNode as YAMLMap<Node, Node | null>).items) {
    const system = isScalar(pair.key) ? byId.get(String(pair.key.value)) : undefined;
    const fields = pair.value;
    if (!system || !isMap(fields)) continue;
    const entry = (fields as YAMLMap<Node, Node | null>).items.find(
      (p) => isScalar(p.key) && p.key.value === 'depends-on',
    );
    if (!entry) continue;
    const items = readSeq(src, entry.value ?? null, `system '${system.id}' depends-on (a list of system ids)`);
    if (!items) continue;
    const ids: string[] = [];
    const at = new Map<string, Node>();
    for (const n of items) {
      const id = readText(src, n, 'depends-on');
      if (!id) continue;
      if (id === system.id) src.problem(n, `system '${id}' can not depend on itself`);
      else if (!byId.has(id) && otherNameOf(id, systems)) src.problem(n, otherNameOf(id, systems)!);
      else if (!byId.has(id)) {
        const guess = closest(id, [...byId.keys()]);
        src.problem(
          n,
          `system '${system.id}' depends on unknown system '${id}'${guess ? `; did you mean '${guess}'?` : ''} (known: ${[...byId.keys()].join(', ')})`,
        );
      } else if (ids.includes(id)) src.problem(n, `depends-on lists '${id}' twice`);
      else {
        ids.push(id);
        at.set(id, n);
      }
    }
    if (ids.length > 0) system.dependsOn = ids;
    nodes.set(system.id, at);
  }
  reportCycles(src, systems, nodes);
}

/** Depth-first search; each cycle is reported once, at the depends-on entry that closes it. */
function reportCycles(src: YamlSource, systems: System[], nodes: Map<string, Map<string, Node>>): void {
  const byId = new Map(systems.map((s) => [s.id, s]));
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string) => {
    state.set(id, 'open');
    path.push(id);
    for (const next of byId.get(id)?.dependsOn ?? []) {
      if (state.get(next) === 'open') {
        const cycle = [...path.slice(path.indexOf(next)), next];
        src.problem(
          nodes.get(id)?.get(next),
          `depends-on makes a cycle: ${cycle.join(' → ')}; remove one of these entries`,
        );
      } else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(id, 'done');
  };
  for (const s of systems) if (!state.has(s.id)) visit(s.id);
}
