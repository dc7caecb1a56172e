import { parseSchedule, type ParsedSchedule } from './parse-schedule.js';
import { readScheduleFile } from './read-schedule-file.js';
import { ScheduleError } from './schedule-error.js';

/** A schedule is a hand-edited text file; anything larger is a mistake (or an attack on the parser). */
export const MAX_SCHEDULE_BYTES = 2 * 1024 * 1024;

export async function loadSchedule(file: string): Promise<ParsedSchedule> {
  const read = await readScheduleFile(file, MAX_SCHEDULE_BYTES);
  if (!read.ok) throw fileProblem(file, read.message);
  return parseSchedule(read.text, file);
}

/** A problem with the file as a whole (not readable, too large, not a file), at 1:1. */
export function fileProblem(file: string, message: string): ScheduleError {
  return new ScheduleError([{ file, line: 1, col: 1, message, severity: 'error' }]);
}
