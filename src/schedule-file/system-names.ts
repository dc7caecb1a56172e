import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { System } from '../schedule/schedule.js';
import type { YamlSource } from './yaml-source.js';

/**
 * When `text` is not a system id but another name of one (an alias or its name, in any case):
 * "websak is an alias of acos-websak". The schedule names systems by id only, so the feeds, the
 * UIDs' systems and `diff` never depend on which name an editor typed; readers may use any name.
 */
export function otherNameOf(text: string, systems: readonly System[]): string | undefined {
  const wanted = text.toLowerCase();
  for (const s of systems) {
    const what = s.aliases?.some((a) => a.toLowerCase() === wanted)
      ? 'an alias'
      : s.name.toLowerCase() === wanted
        ? 'the name'
        : undefined;
    if (what) return `${text} is ${what} of ${s.id}; the schedule names systems by id: write ${s.id}`;
  }
  return undefined;
}

/**
 * Refuses aliases a reader's word could not be resolved by (issue 21 item 8): an alias equal to
 * another system's id or name, or the same alias (case-insensitively) on two systems. Each is
 * reported at the later alias, naming where the other one is.
 */
export function checkAliasCollisions(src: YamlSource, systemsNode: Node | null, systems: readonly System[]): void {
  if (!isMap(systemsNode)) return;
  const keyNodes = new Map<string, Node>();
  const aliasNodes = new Map<string, Node[]>();
  for (const pair of (systemsNode as YAMLMap<Node, Node | null>).items) {
    if (!isScalar(pair.key)) continue;
    const id = String(pair.key.value);
    keyNodes.set(id, pair.key);
    const aliases = isMap(pair.value)
      ? (pair.value as YAMLMap<Node, Node | null>).items.find((p) => isScalar(p.key) && p.key.value === 'aliases')
      : undefined;
    if (aliases && isSeq(aliases.value)) aliasNodes.set(id, aliases.value.items as Node[]);
  }
  // Every id and name first, then aliases in file order: the first owner of a word keeps it.
  const owner = new Map<string, { id: string; what: string; node: Node | undefined }>();
  for (const s of systems) owner.set(s.id.toLowerCase(), { id: s.id, what: 'the id', node: keyNodes.get(s.id) });
  for (const s of systems)
    if (!owner.has(s.name.toLowerCase()))
      owner.set(s.name.toLowerCase(), { id: s.id, what: 'the name', node: keyNodes.get(s.id) });
  for (const s of systems) {
    (s.aliases ?? []).forEach((alias, i) => {
      const node = aliasNodes.get(s.id)?.[i];
      const word = alias.toLowerCase();
      const first = owner.get(word);
      if (first && first.id !== s.id) {
        const at = first.node ? ` (${src.where(first.node)})` : '';
        const kind =
          first.what === 'the alias'
            ? `also an alias of system '${first.id}'`
            : `${first.what} of system '${first.id}'`;
        src.problem(
          node,
          `alias '${alias}' of system '${s.id}' is ${kind}${at}; a reader's '${alias}' must find one system, so remove or rename one of them`,
        );
      } else if (!first) owner.set(word, { id: s.id, what: 'the alias', node });
    });
  }
}
