import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';

/** What --fix writes into one window: its new sequence and, as LAST-MODIFIED, when. */
export interface SequenceFix {
  windowId: string;
  sequence: number;
  /** Local date and time, e.g. 2026-11-27T09:30. */
  updated: string;
}

interface Edit {
  at: number;
  end: number;
  text: string;
}

/**
 * Sets `sequence:` and `updated:` of windows, and `calendar.updated` (the page's "Sist endret" and
 * every DTSTAMP) to `calendarUpdated`, in schedule text by positioned edits: the values are
 * replaced where they are, or the keys added on the line after the mapping's first key with its
 * indentation, so comments, quoting and the order of everything else stay as the editor wrote them.
 */
export function raiseSequences(text: string, fixes: SequenceFix[], calendarUpdated?: string): string {
  const doc = parseDocument(text);
  const top = isMap(doc.contents) ? doc.contents : null;
  const windows = top?.get('windows', true);
  if (!isSeq(windows)) throw new Error('internal: the schedule has no windows list');
  const edits: Edit[] = [];
  for (const fix of fixes) {
    const item = windows.items.find(
      (i): i is YAMLMap<Node, Node> => isMap(i) && isScalar(i.get('id', true)) && i.get('id') === fix.windowId,
    );
    if (!item) throw new Error(`internal: window '${fix.windowId}' is not in the schedule text`);
    const values: [string, string][] = [
      ['sequence', String(fix.sequence)],
      ['updated', fix.updated],
    ];
    edits.push(...setKeys(text, item, 'id', values));
  }
  if (calendarUpdated !== undefined) {
    const calendar = top?.get('calendar', true);
    if (!isMap(calendar)) throw new Error('internal: the schedule has no calendar mapping');
    const first = (calendar.items[0] as Pair<Node, Node> | undefined)?.key;
    if (!isScalar(first)) throw new Error('internal: the calendar mapping is empty');
    edits.push(...setKeys(text, calendar as YAMLMap<Node, Node>, String(first.value), [['updated', calendarUpdated]]));
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.text + out.slice(e.end);
  return out;
}

/** Edits that give `map` these values: replaced where the key is, else added after the `after` key's line. */
function setKeys(text: string, map: YAMLMap<Node, Node>, after: string, values: [string, string][]): Edit[] {
  const edits: Edit[] = [];
  const inserted: string[] = [];
  for (const [key, value] of values) {
    const pair = map.items.find((p: Pair<Node, Node>) => isScalar(p.key) && p.key.value === key);
    const range = pair?.value?.range;
    if (range) edits.push({ at: range[0], end: range[1], text: value });
    else inserted.push(`${key}: ${value}`);
  }
  if (inserted.length === 0) return edits;
  const anchor = map.items.find((p) => isScalar(p.key) && p.key.value === after)!;
  const anchorEnd = (anchor.value as Node).range![1];
  if (map.flow === true) {
    edits.push({ at: anchorEnd, end: anchorEnd, text: inserted.map((l) => `, ${l}`).join('') });
    return edits;
  }
  const keyStart = anchor.key.range![0];
  const indent = keyStart - text.lastIndexOf('\n', keyStart - 1) - 1;
  // At the end of the anchor's line (after any comment); after `- id: x` the keys line up under `id`.
  const lineEnd = text.indexOf('\n', anchorEnd) === -1 ? text.length : text.indexOf('\n', anchorEnd);
  edits.push({ at: lineEnd, end: lineEnd, text: inserted.map((l) => `\n${' '.repeat(indent)}${l}`).join('') });
  return edits;
}
