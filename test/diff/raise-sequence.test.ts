import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { raiseSequences } from '../../src/diff/raise-sequence.js';

describe('raiseSequences', () => {
  test('raiseSequences replaces existing values where they are and keeps comments and quoting', () => {
    const text = [
      'windows:',
      '  - id: a   # the first',
      '    title: "A"',
      '    sequence: 3 # raised by hand',
      "    updated: '2022-01-01T10:00'",
      '  - { id: b, title: B }',
      '',
    ].join('\n');
    const out = raiseSequences(text, [
      { windowId: 'a', sequence: 4, updated: '2026-12-01T09:00' },
      { windowId: 'b', sequence: 1, updated: '2026-12-01T09:00' },
    ]);
    assert.equal(
      out,
      [
        'windows:',
        '  - id: a   # the first',
        '    title: "A"',
        '    sequence: 4 # raised by hand',
        '    updated: 2026-12-01T09:00',
        '  - { id: b, sequence: 1, updated: 2026-12-01T09:00, title: B }',
        '',
      ].join('\n'),
    );
  });

  test('raiseSequences adds the keys after the id line, under id, after its comment', () => {
    const text = 'windows:\n  - id: a # keep me\n    title: A\n';
    assert.equal(
      raiseSequences(text, [{ windowId: 'a', sequence: 1, updated: '2026-12-01T09:00' }]),
      'windows:\n  - id: a # keep me\n    sequence: 1\n    updated: 2026-12-01T09:00\n    title: A\n',
    );
  });
});
