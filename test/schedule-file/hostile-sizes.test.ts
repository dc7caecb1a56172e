import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSchedule } from '../../src/schedule-file/parse-schedule.js';
import { MAX_REPORTED_PROBLEMS, ScheduleError } from '../../src/schedule-file/schedule-error.js';
import { MAX_YAML_VALUES } from '../../src/schedule-file/schedule-limits.js';

const HEAD = `calendar:
  name: Test
  timezone: Europe/Oslo
  domain: test.example
providers:
  drift:
    name: Drift
`;

function refusal(text: string): ScheduleError {
  try {
    parseSchedule(text, 'schedule.yaml');
  } catch (err) {
    assert.ok(err instanceof ScheduleError, `expected a ScheduleError, got ${String(err)}`);
    return err;
  }
  assert.fail('the schedule was accepted');
}

describe('schedule problems', () => {
  it('reports the first problems and a count, not one line per empty alias (390,000 empty aliases bug)', () => {
    const empties = 5_000;
    const text = `${HEAD}systems:\n  visma:\n    name: Visma\n    aliases:\n${'      - ""\n'.repeat(empties)}windows: []\n`;
    const err = refusal(text);
    assert.equal(err.problems.length, MAX_REPORTED_PROBLEMS);
    assert.equal(err.total, empties);
    assert.equal(err.problems[0]!.line, 12);
    assert.match(err.problems[0]!.message, /alias of system 'visma' must be a non-empty text/);
    const lines = err.lines();
    assert.equal(lines.length, MAX_REPORTED_PROBLEMS + 1);
    assert.equal(
      lines.at(-1),
      `… and ${empties - MAX_REPORTED_PROBLEMS} more problems; fix these first and check again`,
    );
    assert.equal(err.summary(), `${empties} problems; the schedule was not loaded`);
    assert.equal(err.message.split('\n').length, MAX_REPORTED_PROBLEMS + 1);
  });

  it('says nothing about more problems when all are shown', () => {
    const err = refusal(`${HEAD}systems:\n  visma:\n    name: ""\nwindows: []\n`);
    assert.equal(err.total, 1);
    assert.deepEqual(err.lines(), ["schedule.yaml:10:11: system 'visma' name must be a non-empty text"]);
    assert.equal(err.summary(), '1 problem; the schedule was not loaded');
  });
});

describe('YAML aliases', () => {
  it('refuses an alias at its position and says what to write instead', () => {
    const text = `${HEAD}systems:\n  visma:\n    name: &n Visma\n  gat:\n    name: *n\nwindows: []\n`;
    const err = refusal(text);
    assert.deepEqual(err.lines(), [
      'schedule.yaml:12:11: YAML aliases (*n) are not read in a schedule; write the value itself (a list of systems can be repeated, or use systems: all)',
    ]);
  });

  it('counts aliases towards the value limit (450,000 aliases took 8.7 s and 1.1 GB bug)', () => {
    // Aliases alone, past the limit: refused by the scan, before the parser builds a node for each.
    const text = `${HEAD}base: &b x\nlist:\n${'  - *b\n'.repeat(MAX_YAML_VALUES)}`;
    const err = refusal(text);
    assert.equal(err.total, 1);
    assert.match(err.problems[0]!.message, /more than \d+ YAML values \(keys, texts, lists, aliases\)/);
  });
});
