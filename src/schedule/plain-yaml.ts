import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml';
import { isMap, isPair, isScalar, isSeq, Schema, type Node } from 'yaml';
import { CONTROL } from './scan-text.js';

/**
 * Thrown while reading a schedule without positions as soon as anything is to be reported (an
 * error, a warning, or YAML the fast reader does not read exactly as `yaml` does): the caller
 * reads the file again with positions, so every message keeps its FILE:LINE:COL.
 */
export class PositionsNeeded extends Error {}

/** A plain (unquoted) scalar that the YAML 1.2 core schema resolves to null, a boolean or a number. */
class PlainValue {
  constructor(
    readonly value: unknown,
    readonly source: string,
  ) {}
}

/** The implicit tags of `yaml`'s core schema, tried in its order: plain scalars resolve exactly as there. */
const CORE = new Schema({ schema: 'core' }).tags.filter(
  (t): t is typeof t & { test: RegExp; resolve: (s: string, onError: () => void, o: object) => unknown } =>
    t.default === true && 'test' in t && t.test instanceof RegExp,
);
/**
 * The first characters a core-schema null, boolean or number can start with (the empty text is
 * null): other plain scalars, such as every title, skip the eight patterns. A test checks the
 * patterns of the installed `yaml` against this.
 */
export const CORE_FIRST = /^[~nNtTfF0-9+\-.]/;
const coreTag = (s: string) => {
  if (s !== '' && !CORE_FIRST.test(s)) return undefined;
  // Dates (2026-06-13) and numbers repeat: each text is tried against the patterns once.
  let tag = coreTags.get(s);
  if (tag === undefined) {
    if (coreTags.size >= 10_000) coreTags.clear();
    coreTags.set(s, (tag = CORE.find((t) => t.test.test(s)) ?? null));
  }
  return tag ?? undefined;
};
const coreTags = new Map<string, (typeof CORE)[number] | null>();
/** The implicit tags of yaml's core schema, for the test of CORE_FIRST. */
export const CORE_PATTERNS = CORE.map((t) => t.test);
const PLAIN = new Type('tag:nedetid,2025:plain', {
  kind: 'scalar',
  resolve: (s: string) => coreTag(s) !== undefined,
  construct: (s: string) =>
    new PlainValue(
      coreTag(s)!.resolve(s, () => undefined, { intAsBigInt: false }),
      s,
    ),
});
/** Strings, lists and mappings only, plus PLAIN: no timestamps, merge keys or binary as js-yaml's default has. */
const SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: [PLAIN] });

/**
 * Anchors, aliases, tags and directives are read differently by the two parsers (an alias to a
 * text is a copy in js-yaml, a node that is not text in `yaml`): a file that may hold one is read
 * with positions. Checked loosely, as any such character where one could start.
 */
const NOT_PLAIN = /(?:^|[\s,[\]{}])[&*!]|^%/m;

/**
 * The schedule's YAML as `yaml` nodes without positions, parsed by js-yaml (about a seventh of
 * the time and memory of `yaml`'s syntax tree for 10,000 windows). Throws PositionsNeeded for
 * anything the two parsers could read differently and for any YAML error.
 */
export function readWithoutPositions(text: string): PlainTree {
  if (NOT_PLAIN.test(text)) throw new PositionsNeeded();
  let data: unknown;
  try {
    data = load(text, { schema: SCHEMA });
  } catch {
    throw new PositionsNeeded();
  }
  const size = { depth: 0, scalars: 0 };
  if (data !== undefined) measure(data, 1, size);
  return { root: data === undefined ? null : nodeOf(data), ...size };
}

export interface PlainTree {
  root: Node | null;
  /** Nesting of the deepest node (the root is 1) and the number of scalars, keys included. */
  depth: number;
  scalars: number;
}

/**
 * Nodes that `yaml`'s isScalar, isMap, isSeq and isPair recognise, without what its own
 * constructors cost (each defines its type with Object.defineProperty: a tenth of reading 10,000
 * windows, and slow objects after). The type is on the prototype, under the same registered
 * symbols `yaml` reads; the check below the classes fails the first load if that ever changes.
 */
const NODE_TYPE = Symbol.for('yaml.node.type');
class PlainScalar {
  constructor(
    readonly value: unknown,
    readonly source: string | undefined,
  ) {}
}
/**
 * Lists and mappings make their items' nodes when asked, from js-yaml's values, and do not keep
 * them: the reader visits each once, and a tree of nodes kept beside js-yaml's values and the
 * schedule survived every young-generation collection of a large load (copied each time).
 */
class PlainSeq {
  constructor(private readonly data: readonly unknown[] = []) {}

  get items(): unknown[] {
    return this.data.map(nodeOf);
  }
}
class PlainMap {
  constructor(private readonly data: Readonly<Record<string, unknown>> = {}) {}

  get items(): PlainPair[] {
    return Object.keys(this.data).map((key) => new PlainPair(new PlainScalar(key, key), nodeOf(this.data[key])));
  }

  /** YAMLMap.get: the value of a text key (its node with keepScalar, else a scalar's value). */
  get(key: string, keepScalar = false): unknown {
    if (!Object.hasOwn(this.data, key)) return undefined;
    const node = nodeOf(this.data[key]);
    return (!keepScalar && node instanceof PlainScalar ? node.value : node) ?? undefined;
  }
}
class PlainPair {
  constructor(
    readonly key: unknown,
    readonly value: unknown,
  ) {}
}
for (const [kind, name] of [
  [PlainScalar, 'yaml.scalar'],
  [PlainSeq, 'yaml.seq'],
  [PlainMap, 'yaml.map'],
  [PlainPair, 'yaml.pair'],
] as const)
  Object.defineProperty(kind.prototype, NODE_TYPE, { value: Symbol.for(name) });
const asNode = (n: PlainScalar | PlainSeq | PlainMap) => n as unknown as Node;
if (
  !isScalar(new PlainScalar(1, '1')) ||
  !isSeq(new PlainSeq()) ||
  !isMap(new PlainMap()) ||
  !isPair(new PlainPair(0, 0))
)
  throw new Error("internal: this version of `yaml` does not recognise the plain reader's nodes");

/** Whether a mapping key, as js-yaml gives it, is read the same by `yaml` (keys repeat: asked once each). */
const keyIsPlainText = new Map<string, boolean>();

/** The node of one of js-yaml's values (measure has checked the whole tree first). */
function nodeOf(data: unknown): Node {
  if (data === null || data === undefined) return asNode(new PlainScalar(null, undefined));
  if (typeof data === 'string') return asNode(new PlainScalar(data, data));
  if (data instanceof PlainValue) return asNode(new PlainScalar(data.value, data.source));
  if (Array.isArray(data)) return asNode(new PlainSeq(data));
  return asNode(new PlainMap(data as Record<string, unknown>));
}

/**
 * Walks js-yaml's values once before any is read, without making nodes: the depth and number of
 * scalars for the limits, and whatever must be read with positions instead (control characters,
 * keys that are not plain text in `yaml`).
 */
function measure(data: unknown, depth: number, size: { depth: number; scalars: number }): void {
  if (depth > size.depth) size.depth = depth;
  if (data === null || typeof data !== 'object' || data instanceof PlainValue) {
    size.scalars++;
    // Control characters written as escapes are reported by the reader with positions.
    if (typeof data === 'string' && CONTROL.test(data)) throw new PositionsNeeded();
    return;
  }
  if (Array.isArray(data)) {
    for (const item of data) measure(item, depth + 1, size);
    return;
  }
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    let plain = keyIsPlainText.get(key);
    if (plain === undefined) {
      // A key that is not plain text in `yaml` (a number, true, null, a list) is an error there;
      // js-yaml makes it a string. Digit-only keys also come first in a JavaScript object, out of
      // file order. Both are read with positions.
      plain = !(/^\d+$/.test(key) || coreTag(key) || key === '[object Object]' || CONTROL.test(key));
      if (keyIsPlainText.size < 10_000) keyIsPlainText.set(key, plain);
    }
    if (!plain) throw new PositionsNeeded();
    size.scalars++;
    measure(record[key], depth + 1, size);
  }
}
