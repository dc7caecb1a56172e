import { isMap, isNode, isScalar, isSeq } from 'yaml';
import type { YamlSource } from './yaml-source.js';
import type { ScheduleProblem } from './schedule-error.js';

/**
 * Where windows and announcements (and some of their keys) are in the schedule file, so checks
 * that run after parsing (holidays, clashes, expired announcements) can point at them with
 * FILE:LINE:COL like the parser's own problems. Keys: `<id>` for the item, `<id>.<key>` for a value.
 */
export class SchedulePositions {
  private readonly map = new Map<string, { line: number; col: number }>();

  constructor(readonly file: string) {}

  /** Records "LINE:COL" (as YamlSource.where gives it) under a key. */
  set(key: string, where: string): void {
    const [line, col] = where.split(':').map(Number);
    this.map.set(key, { line: line!, col: col! });
  }

  /** "FILE:LINE:COL" of a window or announcement, for messages that point at a second place. */
  where(id: string): string {
    const at = this.map.get(id) ?? { line: 1, col: 1 };
    return `${this.file}:${at.line}:${at.col}`;
  }

  /** A problem at `<id>.<key>`, else at the item `<id>`, else at the file start. */
  problem(id: string, key: string | null, message: string, severity: 'error' | 'warning' = 'warning'): ScheduleProblem {
    const at = (key !== null ? this.map.get(`${id}.${key}`) : undefined) ?? this.map.get(id) ?? { line: 1, col: 1 };
    return { file: this.file, ...at, message, severity };
  }
}

/** Positions of every window and announcement with an id, and of their keys' values. */
export function positionsOf(src: YamlSource): SchedulePositions {
  const positions = new SchedulePositions(src.file);
  if (!isMap(src.root)) return positions;
  for (const list of ['windows', 'announcements']) {
    const seq = src.root.get(list, true);
    if (!isSeq(seq)) continue;
    for (const item of seq.items) {
      if (!isMap(item)) continue;
      const id = item.get('id', true);
      if (!isScalar(id) || typeof id.value !== 'string' || !item.range) continue;
      positions.set(id.value, src.where(item));
      for (const pair of item.items) {
        if (isScalar(pair.key) && typeof pair.key.value === 'string' && isNode(pair.value))
          positions.set(`${id.value}.${pair.key.value}`, src.where(pair.value));
      }
    }
  }
  return positions;
}
