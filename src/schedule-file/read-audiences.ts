import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import type { Audience } from '../schedule/schedule.js';
import { readMap, readText, type YamlSource } from './yaml-source.js';

/** How the schedule's own readers check an id and read a list of system ids (parse-schedule.ts). */
export interface AudienceReaders {
  idProblem: (id: string) => string | undefined;
  readSystems: (node: Node | null) => { ids: string[] } | null;
}

/**
 * `audiences:`: id → { name, description?, systems }. System ids are read as a window's are
 * (unknown ids and aliases refused at their position); an audience id that is also a system id
 * is refused naming both positions, since `?audience=` and `?system=` must not mean one word two ways.
 */
export function readAudiences(
  src: YamlSource,
  node: Node | null,
  systemsNode: Node | null,
  readers: AudienceReaders,
): Audience[] {
  const m = readMap(src, node, 'audiences', []);
  if (!m) return [];
  const systemKeys = new Map<string, Node>();
  if (isMap(systemsNode))
    for (const pair of (systemsNode as YAMLMap<Node, unknown>).items)
      if (isScalar(pair.key)) systemKeys.set(String(pair.key.value), pair.key);
  const out: Audience[] = [];
  for (const [id, e] of m) {
    const idProblem = readers.idProblem(id);
    if (idProblem) src.problem(e.key, `audience id '${id}' must be ${idProblem}`);
    const system = systemKeys.get(id);
    if (system)
      src.problem(
        e.key,
        `audience id '${id}' is also a system id (${src.where(system)}); an audience and a system may not share an id: rename the audience, such as '${id}-kommune'`,
      );
    const fields = readMap(src, e.value, `audience '${id}'`, ['name', 'description', 'systems']);
    if (!fields) continue;
    const need = (key: string) => {
      const entry = fields.get(key);
      if (!entry) src.problem(e.value, `audience '${id}' is missing \`${key}:\``);
      return entry;
    };
    const nameEntry = need('name');
    const systemsEntry = need('systems');
    const name = nameEntry ? readText(src, nameEntry.value, `audience '${id}' name`) : null;
    const systems = systemsEntry ? readers.readSystems(systemsEntry.value) : null;
    const descriptionEntry = fields.get('description');
    const description = descriptionEntry
      ? readText(src, descriptionEntry.value, `audience '${id}' description`)
      : undefined;
    if (!name || !systems || idProblem || system || description === null) continue;
    out.push({ id, name, systems: systems.ids, ...(description ? { description } : {}) });
  }
  return out;
}
