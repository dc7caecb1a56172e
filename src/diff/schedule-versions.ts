import { execFile } from 'node:child_process';
import { basename, dirname } from 'node:path';
import { promisify } from 'node:util';
import { loadSchedule } from '../schedule-file/load-schedule.js';
import { fileProblem } from '../schedule-file/schedule-error.js';
import type { ClockIn } from '../time/clock.js';
import { parseSchedule, type ParsedSchedule } from '../schedule-file/parse-schedule.js';
import { MAX_SCHEDULE_BYTES } from '../schedule-file/schedule-limits.js';

/** The two schedules `diff` and `notify` compare, and the new one's file (what --fix edits). */
export interface ScheduleVersions {
  before: ParsedSchedule;
  after: ParsedSchedule;
  afterFile: string;
}

/**
 * `OLD NEW` (two files) or `REV` (the schedule file as committed at a git revision, against the
 * file as it is now). The old version is named `REV:FILE` in messages.
 */
export async function loadVersions(
  positionals: string[],
  defaultFile: string,
  clock: ClockIn,
): Promise<ScheduleVersions> {
  const options = { clock };
  if (positionals.length === 2) {
    const [oldFile, newFile] = positionals as [string, string];
    return {
      before: await loadSchedule(oldFile, options),
      after: await loadSchedule(newFile, options),
      afterFile: newFile,
    };
  }
  const [rev] = positionals as [string];
  const after = await loadSchedule(defaultFile, options);
  return {
    before: parseSchedule(await gitShow(rev, defaultFile), `${rev}:${defaultFile}`, options),
    after,
    afterFile: defaultFile,
  };
}

/**
 * `git show REV:./FILE`, run in the file's folder so the path is the file's own in that revision.
 * The output may be as large as a schedule may be (a 4 MiB buffer refused valid files, issue 21).
 */
async function gitShow(rev: string, file: string): Promise<string> {
  if (rev.startsWith('-')) throw fileProblem(`${rev}:${file}`, `'${rev}' is not a git revision`);
  try {
    const { stdout } = await promisify(execFile)('git', ['show', `${rev}:./${basename(file)}`], {
      cwd: dirname(file),
      maxBuffer: MAX_SCHEDULE_BYTES,
      encoding: 'utf8',
    });
    return stdout;
  } catch (err) {
    throw fileProblem(`${rev}:${file}`, `git show could not read the schedule at ${rev}: ${gitShowFailure(err)}`);
  }
}

/** Why `git show` failed, in one line: git's own first line, or what went wrong around it. */
function gitShowFailure(err: unknown): string {
  const e = err as { code?: unknown; stderr?: string };
  if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
    return `the file there is larger than ${MAX_SCHEDULE_BYTES} bytes, the limit for a schedule`;
  if (e.code === 'ENOENT') return 'git is not installed or not on PATH';
  const stderr = e.stderr?.trim().split('\n')[0];
  if (stderr) return stderr;
  if (typeof e.code === 'number') return `git exited with status ${e.code} and said nothing`;
  return String((err as Error).message ?? err).split('\n')[0]!;
}
