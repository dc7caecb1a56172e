import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSchedule } from '../../src/schedule-file/parse-schedule.js';
import { formatProblem, ScheduleError } from '../../src/schedule-file/schedule-error.js';
import { ROOT } from '../helpers/load.js';

export const SELECTION = `${ROOT}test/selection/fixtures/selection.yaml`;

/** The selection fixture with `edit` applied to its text, written to a new file; returns the path. */
export function editedFixture(edit: (text: string) => string, from = SELECTION): string {
  const file = join(mkdtempSync(join(tmpdir(), 'nedetid-selection-')), 'schedule.yaml');
  writeFileSync(file, edit(readFileSync(from, 'utf8')));
  return file;
}

/** The problems (FILE:LINE:COL: message) a schedule text is refused with; fails when it is accepted. */
export function problemsOf(text: string, file = 'schedule.yaml'): string[] {
  try {
    parseSchedule(text, file);
  } catch (err) {
    assert.ok(err instanceof ScheduleError, `expected a ScheduleError, got ${String(err)}`);
    return err.problems.map(formatProblem);
  }
  assert.fail('the schedule was accepted');
}

/** Replaces `from` in `text`, failing when it is not there (so an edit can not silently do nothing). */
export function replaced(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the text has no ${JSON.stringify(from)}`);
  return text.replace(from, to);
}
