import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml';
import { isScalar, Pair, Scalar, Schema, YAMLMap, YAMLSeq, type Node } from 'yaml';
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
const coreTag = (s: string) => CORE.find((t) => t.test.test(s));
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
  return { root: data === undefined ? null : toNode(data, 1, size), ...size };
}

export interface PlainTree {
  root: Node | null;
  /** Nesting of the deepest node (the root is 1) and the number of scalars, keys included. */
  depth: number;
  scalars: number;
}

function toNode(data: unknown, depth: number, size: { depth: number; scalars: number }): Node {
  if (depth > size.depth) size.depth = depth;
  if (data === null || typeof data !== 'object' || data instanceof PlainValue) size.scalars++;
  if (data === null) return new Scalar(null);
  if (typeof data === 'string') {
    // Control characters written as escapes are reported by the reader with positions.
    if (CONTROL.test(data)) throw new PositionsNeeded();
    const scalar = new Scalar(data);
    scalar.source = data;
    return scalar;
  }
  if (data instanceof PlainValue) {
    const scalar = new Scalar(data.value);
    scalar.source = data.source;
    return scalar;
  }
  if (Array.isArray(data)) {
    const seq = new YAMLSeq();
    for (const item of data) seq.items.push(toNode(item, depth + 1, size));
    return seq;
  }
  const map = new YAMLMap();
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    // A key that is not plain text in `yaml` (a number, true, null, a list) is an error there;
    // js-yaml makes it a string. Digit-only keys also come first in a JavaScript object, out of
    // file order. Both are read with positions.
    if (/^\d+$/.test(key) || coreTag(key) || key === '[object Object]' || CONTROL.test(key))
      throw new PositionsNeeded();
    const k = toNode(key, depth + 1, size);
    if (!isScalar(k)) throw new PositionsNeeded();
    map.items.push(new Pair(k, toNode(value, depth + 1, size)));
  }
  return map;
}
