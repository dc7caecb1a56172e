import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';

/** What --fix writes into one window: its new sequence and, as LAST-MODIFIED, when. */
export interface SequenceFix {
  windowId: string;
  sequence: number;
  /** Local date and time, e.g. 2026-11-27T09:30. */
  updated: string;
}

/**
 * Sets `sequence:` and `updated:` of windows in schedule text by positioned edits: the values are
 * replaced where they are, or the keys added on the line after `id:` with its indentation, so
 * comments, quoting and the order of everything else stay as the editor wrote them.
 */
export function raiseSequences(text: string, fixes: SequenceFix[]): string {
  const doc = parseDocument(text);
  const windows = isMap(doc.contents) ? doc.contents.get('windows', true) : null;
  if (!isSeq(windows)) throw new Error('internal: the schedule has no windows list');
  const edits: { at: number; end: number; text: string }[] = [];
  for (const fix of fixes) {
    const item = windows.items.find(
      (i): i is YAMLMap<Node, Node> => isMap(i) && isScalar(i.get('id', true)) && i.get('id') === fix.windowId,
    );
    if (!item) throw new Error(`internal: window '${fix.windowId}' is not in the schedule text`);
    const idPair = item.items.find((p) => isScalar(p.key) && p.key.value === 'id')!;
    const flow = item.flow === true;
    const inserted: string[] = [];
    for (const [key, value] of [
      ['sequence', String(fix.sequence)],
      ['updated', fix.updated],
    ] as const) {
      const pair = item.items.find((p: Pair<Node, Node>) => isScalar(p.key) && p.key.value === key);
      const range = pair?.value?.range;
      if (range) edits.push({ at: range[0], end: range[1], text: value });
      else inserted.push(`${key}: ${value}`);
    }
    if (inserted.length === 0) continue;
    const idEnd = (idPair.value as Node).range![1];
    if (flow) edits.push({ at: idEnd, end: idEnd, text: inserted.map((l) => `, ${l}`).join('') });
    else {
      const keyStart = idPair.key.range![0];
      const indent = keyStart - text.lastIndexOf('\n', keyStart - 1) - 1;
      // At the end of the id line (after any comment); after `- id: x` the keys line up under `id`.
      const lineEnd = text.indexOf('\n', idEnd) === -1 ? text.length : text.indexOf('\n', idEnd);
      const lines = inserted.map((l) => `\n${' '.repeat(indent)}${l}`).join('');
      edits.push({ at: lineEnd, end: lineEnd, text: lines });
    }
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.text + out.slice(e.end);
  return out;
}
