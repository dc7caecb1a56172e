import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { closest, MAX_SUGGEST_LENGTH } from '../../src/text/closest.js';

/** The plain full-matrix Levenshtein distance, as the reference. */
function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

/** The first candidate at the least distance, if that is at most 2. */
function reference(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = levenshtein(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

describe('closest', () => {
  it('suggests what the full Levenshtein distance suggests (property)', () => {
    const word = fc.stringMatching(/^[a-eA-E-]{0,9}$/);
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 12 }), (w, candidates) => {
        assert.equal(closest(w, candidates), reference(w, candidates));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 500) },
    );
  });

  it('finds a typo of an id', () => {
    assert.equal(closest('vsima', ['gat', 'visma', 'servere']), 'visma');
    assert.equal(closest('Europe/Olso', ['Europe/Oslo', 'Europe/Berlin']), 'Europe/Oslo');
    assert.equal(closest('internet', ['internett', 'intern']), 'internett');
  });

  it('gives no suggestion for a word longer than any id (did-you-mean cost seconds on the page bug)', () => {
    const long = 'a'.repeat(MAX_SUGGEST_LENGTH + 1);
    assert.equal(closest(long, [long]), undefined);
    assert.equal(closest(long.slice(1), [long.slice(1)]), long.slice(1));
  });
});
