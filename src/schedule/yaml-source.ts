import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { ScheduleProblem } from './schedule-error.js';

/** The parsed YAML tree of one schedule file, and the problems found in it with positions. */
export class YamlSource {
  readonly problems: ScheduleProblem[] = [];
  readonly root: Node | null;
  private readonly lines = new LineCounter();

  constructor(
    readonly file: string,
    text: string,
  ) {
    const doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    // A tab in the indentation confuses the parser about every line after it; its other
    // errors there are consequences, so report the tab alone.
    const tabs = doc.errors.filter((e) => e.code === 'TAB_AS_INDENT');
    for (const e of tabs.length ? tabs : [...doc.errors, ...doc.warnings]) {
      let at = e.pos[0];
      // The parser notices an unclosed quote only where the text ends; point at where it opens.
      if (e.code === 'MISSING_CHAR' && /quote/.test(e.message))
        at = Math.max(text.lastIndexOf('"', at - 1), text.lastIndexOf("'", at - 1), 0);
      this.problemAt(at, yamlMessage(e.code, e.message), doc.errors.includes(e) ? 'error' : 'warning');
    }
    this.root = doc.errors.length > 0 ? null : doc.contents;
  }

  problemAt(offset: number, message: string, severity: 'error' | 'warning' = 'error'): void {
    const { line, col } = this.lines.linePos(offset);
    this.problems.push({ file: this.file, line, col, message, severity });
  }

  /** Reports at the node's first character (or at the file start for a missing node). */
  problem(node: Node | null | undefined, message: string, severity: 'error' | 'warning' = 'error'): void {
    this.problemAt(node?.range?.[0] ?? 0, message, severity);
  }

  /** "LINE:COL" of a node, for messages that point back at an earlier place. */
  where(node: Node): string {
    const { line, col } = this.lines.linePos(node.range?.[0] ?? 0);
    return `${line}:${col}`;
  }

  /** Offset of character `index` of a scalar's value in the file (past an opening quote). */
  offsetInScalar(node: Scalar, index: number): number {
    const start = node.range?.[0] ?? 0;
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    return start + (quoted ? 1 : 0) + index;
  }

  get hasErrors(): boolean {
    return this.problems.some((p) => p.severity === 'error');
  }
}

function yamlMessage(code: string, message: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'DUPLICATE_KEY') return `${first}: each key may appear once; remove or rename the second one`;
  if (code === 'TAB_AS_INDENT')
    return 'YAML syntax: a tab in the indentation; YAML indents with spaces only, so replace it with spaces';
  return `YAML syntax: ${first}`;
}

export interface Entry {
  key: Scalar;
  value: Node | null;
}

/**
 * The entries of a mapping by key. Unknown keys are reported with the allowed ones and the
 * likely intended one, since a misspelt optional key would otherwise be silently ignored.
 */
export function readMap(
  src: YamlSource,
  node: Node | null,
  what: string,
  allowed: readonly string[],
): Map<string, Entry> | null {
  if (!isMap(node)) {
    src.problem(node, `${what} must be a mapping of keys to values`);
    return null;
  }
  const out = new Map<string, Entry>();
  for (const pair of (node as YAMLMap<Scalar, Node | null>).items) {
    const key = pair.key;
    if (!isScalar(key) || typeof key.value !== 'string') {
      src.problem(key, `keys in ${what} must be plain words`);
      continue;
    }
    if (allowed.length > 0 && !allowed.includes(key.value)) {
      const guess = closest(key.value, allowed);
      src.problem(
        key,
        `unknown key '${key.value}' in ${what}${guess ? `; did you mean '${guess}'?` : ''} (allowed: ${allowed.join(', ')})`,
      );
      continue;
    }
    out.set(key.value, { key, value: pair.value ?? null });
  }
  return out;
}

export function readSeq(src: YamlSource, node: Node | null, what: string): Node[] | null {
  if (!isSeq(node)) {
    src.problem(node, `${what} must be a list`);
    return null;
  }
  return node.items as Node[];
}

/** A scalar written as text (numbers are accepted as their source text, e.g. a title "2022"). */
export function readText(src: YamlSource, node: Node | null, what: string): string | null {
  if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) {
    const text = String(node.source ?? node.value).trim();
    if (text !== '') return text;
  }
  src.problem(node, `${what} must be a non-empty text`);
  return null;
}

/** Levenshtein-closest candidate within distance 2, for "did you mean" hints. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
