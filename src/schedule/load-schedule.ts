import { readFile, stat } from 'node:fs/promises';
import { parseSchedule, type ParsedSchedule } from './parse-schedule.js';
import { ScheduleError } from './schedule-error.js';

/** A schedule is a hand-edited text file; anything larger is a mistake (or an attack on the parser). */
export const MAX_SCHEDULE_BYTES = 2 * 1024 * 1024;

export async function loadSchedule(file: string): Promise<ParsedSchedule> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (err) {
    throw fileProblem(
      file,
      `can not read the schedule: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; set NEDETID_CONFIG or pass the path of a schedule file`,
    );
  }
  if (size > MAX_SCHEDULE_BYTES) {
    throw fileProblem(file, `the schedule is ${size} bytes; the limit is ${MAX_SCHEDULE_BYTES} bytes`);
  }
  const text = await readFile(file, 'utf8');
  return parseSchedule(text, file);
}

function fileProblem(file: string, message: string): ScheduleError {
  return new ScheduleError([{ file, line: 1, col: 1, message, severity: 'error' }]);
}
