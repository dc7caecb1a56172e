import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node, type Scalar, type YAMLMap } from 'yaml';
import { ProblemList, type ScheduleError } from './schedule-error.js';
import { closest } from '../text/closest.js';
import { CONTROL, controlMessage, scanText } from './scan-text.js';

/** The parsed YAML tree of one schedule file, and the problems found in it with positions. */
export class YamlSource {
  private readonly list = new ProblemList();
  readonly root: Node | null = null;
  private readonly lines = new LineCounter();

  constructor(
    readonly file: string,
    text: string,
  ) {
    const scanned = scanText(text);
    if (scanned) {
      // Refused before parsing: the parser's cost grows with exactly what the scan limits.
      this.lines.addNewLine(0);
      for (let i = text.indexOf('\n'); i >= 0 && i < scanned.offset; i = text.indexOf('\n', i + 1))
        this.lines.addNewLine(i + 1);
      this.problemAt(scanned.offset, scanned.message);
      this.root = null;
      return;
    }
    // The parser's own duplicate-key check compares every pair of keys (a 20,000-key mapping
    // took 7 s); checkNodes does it with a Set per mapping.
    const doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: false });
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
    const aliases = doc.errors.length === 0 && this.checkNodes(doc.contents, text);
    // An alias is not read as the value it names (readers see an Alias node), so a file with one
    // is refused at each alias alone, not again by every reader that expected a value there.
    this.root = doc.errors.length > 0 || aliases ? null : doc.contents;
  }

  /**
   * Duplicate keys, control characters written as escapes ("\a", "\x1b") in quoted text, and
   * aliases (`*name`); returns whether there was an alias.
   */
  private checkNodes(root: Node | null, text: string): boolean {
    let aliases = false;
    visit(root, {
      Alias: (_, node) => {
        aliases = true;
        this.problem(
          node,
          `YAML aliases (*${node.source}) are not read in a schedule; write the value itself (a list of systems can be repeated, or use systems: all)`,
        );
      },
      Map: (_, map) => {
        const seen = new Set<string>();
        for (const { key } of map.items) {
          if (!isScalar(key)) continue;
          const id = `${typeof key.value}:${String(key.value)}`;
          if (seen.has(id)) this.problem(key, yamlMessage('DUPLICATE_KEY', 'Map keys must be unique'));
          seen.add(id);
        }
      },
      Scalar: (_, node) => {
        const found = typeof node.value === 'string' ? CONTROL.exec(node.value) : null;
        if (found) this.problemAt(escapeOffset(text, node) ?? node.range?.[0] ?? 0, controlMessage(found[0]));
      },
    });
    return aliases;
  }

  problemAt(offset: number, message: string, severity: 'error' | 'warning' = 'error'): void {
    const { line, col } = this.lines.linePos(offset);
    this.list.add({ file: this.file, line, col, message, severity });
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
    return this.list.errorCount > 0;
  }

  get warnings(): ScheduleError['problems'] {
    return this.list.warningList;
  }

  /** The errors found, as the exception that refuses the schedule (the first ones, and their count). */
  error(): ScheduleError {
    return this.list.toError();
  }
}

/**
 * Where in a double-quoted scalar's source the first escape that gives a control character
 * starts (raw control characters never get this far: scanText refuses them).
 */
function escapeOffset(text: string, node: Scalar): number | undefined {
  if (node.type !== 'QUOTE_DOUBLE' || !node.range) return undefined;
  const simple: Record<string, string> = { '0': '\0', a: '\x07', b: '\b', v: '\v', f: '\f', e: '\x1b', N: '\x85' };
  const hex: Record<string, number> = { x: 2, u: 4, U: 8 };
  for (let i = node.range[0] + 1; i < node.range[1]; i++) {
    if (text[i] !== '\\') continue;
    const c = text[i + 1] ?? '';
    const digits = hex[c];
    const ch = digits ? String.fromCodePoint(parseInt(text.slice(i + 2, i + 2 + digits), 16) || 0x20) : simple[c];
    if (ch && CONTROL.test(ch)) return i;
    i++;
  }
  return undefined;
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
