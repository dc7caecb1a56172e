import type { ClockIn } from '../time/clock.js';
import { parseSchedule, type ParsedSchedule } from './parse-schedule.js';
import { readScheduleFile } from './read-schedule-file.js';
import { fileProblem, ScheduleError } from './schedule-error.js';
import { MAX_SCHEDULE_BYTES } from './schedule-limits.js';

/** Reads and parses a schedule file (see parseSchedule); refuses one that can not be read at 1:1. */
export async function loadSchedule(file: string, options: { clock?: ClockIn } = {}): Promise<ParsedSchedule> {
  const read = await readScheduleFile(file, MAX_SCHEDULE_BYTES);
  if (!read.ok) throw fileProblem(file, read.message);
  return parseSchedule(decodeUtf8(read.bytes, file), file, options);
}

/**
 * The file as text, or a positioned error at the first byte that is not UTF-8: a decoder that
 * replaces such bytes with U+FFFD would publish "Visma �konomi" from a Latin-1 file.
 */
export function decodeUtf8(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidByte(bytes);
    const lineStart = bytes.lastIndexOf(0x0a, bad - 1) + 1;
    const line = bytes.subarray(0, lineStart).filter((b) => b === 0x0a).length + 1;
    const col = new TextDecoder().decode(bytes.subarray(lineStart, bad)).length + 1;
    const hex = bytes[bad]!.toString(16).toUpperCase().padStart(2, '0');
    throw new ScheduleError([
      {
        file,
        line,
        col,
        message: `byte 0x${hex} is not UTF-8 (is the file Latin-1 or Windows-1252?); save the file as UTF-8`,
        severity: 'error',
      },
    ]);
  }
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629). */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const [n, lo, hi] =
      b < 0x80
        ? [0, 0, 0]
        : b >= 0xc2 && b <= 0xdf
          ? [1, 0x80, 0xbf]
          : b === 0xe0
            ? [2, 0xa0, 0xbf]
            : b === 0xed
              ? [2, 0x80, 0x9f]
              : b >= 0xe1 && b <= 0xef
                ? [2, 0x80, 0xbf]
                : b === 0xf0
                  ? [3, 0x90, 0xbf]
                  : b >= 0xf1 && b <= 0xf3
                    ? [3, 0x80, 0xbf]
                    : b === 0xf4
                      ? [3, 0x80, 0x8f]
                      : [-1, 0, 0];
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      // The second byte has the narrower range; later ones are plain continuation bytes.
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return i;
}
