import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSchedule } from '../../src/schedule-file/parse-schedule.js';
import { ScheduleError } from '../../src/schedule-file/schedule-error.js';
import { datesWalked } from '../helpers/rrule-walk.js';

// The cost of refusing an expensive schedule, counted in dates walked rather than timed (the time
// of `check` on these files is in `npm run bench`).
describe('parseSchedule: what refusing an expensive schedule costs', () => {
  test('regression: years below 100, 1900 next to 2022, 9999 and COUNT=10000 yearly are refused before their rules are walked', async () => {
    const text = readFileSync('test/schedule-file/fixtures/expensive-rules.yaml', 'utf8');
    let problems = 0;
    const walked = await datesWalked(() => {
      try {
        parseSchedule(text, 'expensive-rules.yaml');
      } catch (err) {
        assert.ok(err instanceof ScheduleError);
        problems = err.problems.length;
      }
    });
    assert.equal(problems, 7);
    // The window over the occurrence limit is walked up to the limit (20,001 dates) and no
    // further; the far years are refused from their text, not walked (from year 1, every day to
    // 2022 alone is 738,000 dates).
    assert.ok(walked < 25_000, `rrule.js walked ${walked} dates`);
  });
});
