import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { contentLines, escapeText, foldLine } from '../../src/ical/content-line.js';

describe('content lines (foldLine, escapeText, contentLines)', () => {
  test('folds at 75 octets without splitting a multi-byte character', () => {
    const line = `SUMMARY:${'æøå🚧'.repeat(30)}`;
    const folded = foldLine(line);
    const physical = folded.split('\r\n');
    assert.ok(physical.length > 1);
    for (const p of physical) {
      assert.ok(Buffer.byteLength(p) <= 75, `${Buffer.byteLength(p)} octets: ${p}`);
      assert.ok(!p.includes('\uFFFD'));
      // Each physical line is valid UTF-8 on its own: no character was cut in half.
      assert.equal(Buffer.from(p, 'utf8').toString('utf8'), p);
    }
    assert.equal(physical.map((p, i) => (i === 0 ? p : p.slice(1))).join(''), line);
  });

  test('a line of exactly 75 octets is not folded, 76 is', () => {
    assert.equal(foldLine('X'.repeat(75)), 'X'.repeat(75));
    assert.equal(foldLine('X'.repeat(76)), `${'X'.repeat(75)}\r\n X`);
  });

  test('escapes backslash, semicolon, comma and newlines in text values', () => {
    assert.equal(escapeText('a\\b;c,d\ne\r\nf'), 'a\\\\b\\;c\\,d\\ne\\nf');
  });

  test('content lines end in CRLF', () => {
    assert.equal(contentLines(['A:1', 'B:2']), 'A:1\r\nB:2\r\n');
  });

  /** The fold as first written: Buffer.byteLength per character (slow, plainly right). */
  function referenceFold(line: string): string {
    if (Buffer.byteLength(line, 'utf8') <= 75) return line;
    let out = '';
    let octets = 0;
    for (const ch of line) {
      const size = Buffer.byteLength(ch, 'utf8');
      if (octets + size > 75) {
        out += '\r\n ';
        octets = 1;
      }
      out += ch;
      octets += size;
    }
    return out;
  }

  test('the fast fold counts octets as Buffer does: multi-byte, astral and lone surrogates', () => {
    // Lone surrogates can come from a YAML "\ud800" escape; Buffer writes each as 3 octets (U+FFFD).
    const pieces = ['a', ' ', 'æ', 'ø', '€', '中', '🚧', '\ud800', '\udc00', '\udbff', '\udfff', 'x'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 400 }), (chars) => {
        const line = `DESCRIPTION:${chars.join('')}`;
        assert.equal(foldLine(line), referenceFold(line));
      }),
      { numRuns: 2000 },
    );
  });
});
