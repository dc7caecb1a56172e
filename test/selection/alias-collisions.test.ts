import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSchedule } from '../../src/schedule-file/parse-schedule.js';
import { problemsOf, replaced, SELECTION } from './selection-helpers.js';

const fixture = readFileSync(SELECTION, 'utf8');

describe('aliases may not collide (issue 21 item 8)', () => {
  test('an alias equal to another system id is refused, naming both positions', () => {
    const text = replaced(fixture, 'aliases: [websak]', 'aliases: [websak, GAT]');
    assert.deepEqual(problemsOf(text), [
      "schedule.yaml:18:23: alias 'GAT' of system 'acos-websak' is the id of system 'gat' (24:3); a reader's 'GAT' must find one system, so remove or rename one of them",
    ]);
  });

  test('the same alias on two systems, in any case, is refused at the second, naming the first', () => {
    const text = replaced(fixture, 'aliases: [websak]', 'aliases: [websak, easycruit]');
    assert.deepEqual(problemsOf(text), [
      "schedule.yaml:18:23: alias 'easycruit' of system 'acos-websak' is also an alias of system 'visma' (15:25); a reader's 'easycruit' must find one system, so remove or rename one of them",
    ]);
  });

  test("an alias equal to another system's name is refused", () => {
    const text = replaced(fixture, 'aliases: [websak]', 'aliases: [websak, internett]');
    assert.match(
      problemsOf(text).join('\n'),
      /alias 'internett' of system 'acos-websak' is the id of system 'internett'/,
    );
    const named = replaced(fixture, 'aliases: [websak]', 'aliases: [websak, Visma Økonomi]');
    assert.match(
      problemsOf(named).join('\n'),
      /alias 'Visma Økonomi' of system 'acos-websak' is the name of system 'visma'/,
    );
  });

  test('an alias repeating its own system id or name is no collision', () => {
    const text = replaced(fixture, 'aliases: [websak]', 'aliases: [websak, Acos-Websak, acos websak]');
    assert.equal(parseSchedule(text, 'schedule.yaml').schedule.systems[1]!.aliases!.length, 3);
  });
});
