import { CST, Lexer } from 'yaml';
import { MAX_DEPTH, MAX_WINDOWS, MAX_YAML_VALUES } from './schedule-limits.js';

/** A problem found in the raw text, at a UTF-16 offset (as the YAML parser counts). */
export interface TextProblem {
  offset: number;
  message: string;
}

/**
 * Control characters other than tab and line breaks (LF, CR): C0, DEL and C1. libical refuses a calendar
 * holding one and XML (the Atom feed) is not well-formed with one (RFC 5545 §3.3.11 TSAFE-CHAR).
 * Also half a surrogate pair, which only an escape can write (`"\uD83D"`): it is no character,
 * and UTF-8 has no bytes for it (a feed would carry U+FFFD).
 */
export const CONTROL =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const NAMES: Record<number, string> = {
  0: 'NUL',
  7: 'BEL',
  8: 'BS',
  0x0b: 'VT',
  0x0c: 'FF',
  0x1b: 'ESC',
  0x7f: 'DEL',
};

export function controlMessage(ch: string): string {
  const code = ch.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code >= 0xd800 && code <= 0xdfff)
    return `${hex} is half of a surrogate pair, not a character: calendar clients would get U+FFFD; write the whole character, as itself or as one escape such as "\\U0001F527"`;
  const name = NAMES[code] ?? (code < 0x80 ? 'a C0 control' : 'a C1 control');
  return `control character ${hex} (${name}) is not allowed: calendar clients and XML refuse it; delete it (tabs and line breaks are fine)`;
}

/**
 * Checks the text before the YAML parser sees it: control characters, nesting depth and the
 * number of values. The parser needs memory and time in proportion to depth and values
 * (500,000 nested `[` took 600 MB), while this scan is linear and keeps nothing.
 */
export function scanText(text: string): TextProblem | null {
  const control = CONTROL.exec(text);
  if (control) return { offset: control.index, message: controlMessage(control[0]) };
  let offset = 0;
  let flow = 0;
  const indents: number[] = [];
  let indent: number | null = 0;
  let onLine = 0;
  let values = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    // Lexer control tokens (document start, scalar marker, flow error) are not source text.
    const source = type !== 'doc-mode' && type !== 'scalar' && type !== 'flow-error-end';
    if (type === 'newline') {
      indent = 0;
      onLine = 0;
    } else if (type === 'space' && indent !== null) indent = token.length;
    else if (source && type !== 'comment' && type !== 'space') {
      // Block nesting: one level per indentation deeper than the content lines around it.
      if (indent !== null && flow === 0) {
        // indents rises strictly, so dropping those at or past this one drops a tail.
        while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
        indents.push(indent);
      }
      indent = null;
      if (type === 'flow-seq-start' || type === 'flow-map-start') {
        flow++;
        values++;
      } else if (type === 'flow-seq-end' || type === 'flow-map-end') flow = Math.max(0, flow - 1);
      else if (flow === 0 && (type === 'seq-item-ind' || type === 'explicit-key-ind')) onLine++;
      // An alias (`*name`) counts as the value it stands for would: 450,000 of them, never
      // counted, made `check` take 8.7 s and 1.1 GB.
      else if (type === null || type?.endsWith('-scalar') || type === 'block-scalar-header' || type === 'alias')
        values++;
      if (flow + indents.length + onLine > MAX_DEPTH)
        return {
          offset,
          message: `lists and mappings are nested more than ${MAX_DEPTH} deep here; a schedule needs about 5 (check the indentation and brackets)`,
        };
      if (values > MAX_YAML_VALUES)
        return {
          offset,
          message: `the file has more than ${MAX_YAML_VALUES} YAML values (keys, texts, lists, aliases); ${MAX_WINDOWS} windows need fewer: split the schedule`,
        };
    }
    if (source) offset += token.length;
  }
  return null;
}
