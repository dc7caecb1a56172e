import type { DateTime } from 'luxon';
import { expandSchedule } from '../occurrences/expand-window.js';
import type { ParsedSchedule } from '../schedule-file/parse-schedule.js';
import type { ScheduleProblem } from '../schedule-file/schedule-error.js';
import { expiredAnnouncementWarnings } from './expired-announcements.js';
import { holidayWarnings } from './holiday-warnings.js';
import { clashWarnings } from './window-clashes.js';

/** How many years ahead `check` looks for holidays and clashes unless told. */
export const PLANNING_YEARS = 5;

/**
 * What `check` warns about beyond the file's validity, looking `years` ahead of `from`: occurrences
 * on public holidays, windows that clash on a shared system, and announcements past their time.
 * Sorted by position, so the lines read top to bottom like the file.
 */
export function planningWarnings(parsed: ParsedSchedule, from: DateTime, years = PLANNING_YEARS): ScheduleProblem[] {
  const { schedule, index, positions } = parsed;
  // One expansion of the span for both checks (it is most of their cost).
  const occurrences = expandSchedule(schedule, from, from.plus({ years }));
  return [
    ...holidayWarnings(schedule, positions, occurrences),
    ...clashWarnings(index, positions, occurrences),
    ...expiredAnnouncementWarnings(schedule, positions, from),
  ].sort((a, b) => a.line - b.line || a.col - b.col);
}
