import { createHash } from 'node:crypto';
import { constants, type BigIntStats } from 'node:fs';
import { open } from 'node:fs/promises';
import { setTimeout } from 'node:timers/promises';

/**
 * One read of the schedule file: its text, or why it could not be read. `version` names what
 * was seen (a read error is a version too), so two reads can be compared: equal versions mean
 * the same file with the same bytes.
 */
export type ScheduleFileRead =
  { ok: true; bytes: Buffer; version: string } | { ok: false; message: string; version: string };

let changing = 0;

/**
 * Reads the schedule without trusting the file to hold still or to be a file at all:
 * - it opens with O_NONBLOCK and checks the type on the open descriptor, so a FIFO or a device
 *   at the path is refused instead of blocking a libuv thread (which also kept the process from
 *   exiting on SIGTERM, issue 9);
 * - it compares the descriptor's stat before and after reading: an in-place rewrite (truncate,
 *   then write) caught halfway is reported as changing, never returned as text.
 * Messages name no path (they are shown on /healthz); the caller adds its name for the file.
 */
export async function readScheduleFile(file: string, maxBytes: number): Promise<ScheduleFileRead> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return {
      ok: false,
      message: `can not read the schedule: ${code}; set NEDETID_CONFIG or pass the path of a schedule file`,
      version: `error:${code}`,
    };
  }
  try {
    const before = await handle.stat({ bigint: true });
    if (!before.isFile()) {
      const kind = fileKind(before);
      return {
        ok: false,
        message: `the schedule is ${kind}, not a regular file; point NEDETID_CONFIG at a file (or a symlink to one)`,
        version: `type:${kind}`,
      };
    }
    if (before.size > BigInt(maxBytes)) {
      return {
        ok: false,
        message: `the schedule is ${before.size} bytes; the limit is ${maxBytes} bytes`,
        version: `${stamp(before)}:too-large`,
      };
    }
    const bytes = await handle.readFile();
    const after = await handle.stat({ bigint: true });
    if (stamp(after) !== stamp(before) || BigInt(bytes.length) !== after.size) {
      return {
        ok: false,
        message: 'the schedule changed while it was read; it is read again when it holds still',
        version: `changing:${++changing}`,
      };
    }
    const hash = createHash('sha256').update(bytes).digest('base64url');
    return { ok: true, bytes, version: `${stamp(after)}:${hash}` };
  } finally {
    await handle.close();
  }
}

/** What changes when a file is replaced, written or has its mode changed (ctime: chmod, issue 9). */
function stamp(s: BigIntStats): string {
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

function fileKind(s: BigIntStats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a FIFO';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Reads the file until two reads `settleMs` apart see the same version: a file still being
 * written (an editor or `cp` writing in parts) is not taken halfway. Returns null when
 * `stopped()` turns true while waiting.
 */
export async function readSettledScheduleFile(
  file: string,
  maxBytes: number,
  settleMs: number,
  stopped: () => boolean = () => false,
): Promise<ScheduleFileRead | null> {
  let last = await readScheduleFile(file, maxBytes);
  for (;;) {
    await setTimeout(settleMs);
    if (stopped()) return null;
    const next = await readScheduleFile(file, maxBytes);
    if (next.version === last.version) return next;
    last = next;
  }
}
