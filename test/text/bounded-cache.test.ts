import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BoundedCache } from '../../src/text/bounded-cache.js';

describe('BoundedCache', () => {
  describe('getOrMake()', () => {
    it('makes a value once per text and gives the kept one after', () => {
      const cache = new BoundedCache<number>(10);
      const made: string[] = [];
      const length = (text: string) => (made.push(text), text.length);
      assert.equal(cache.getOrMake('PT1H', length), 4);
      assert.equal(cache.getOrMake('PT1H', length), 4);
      assert.equal(cache.getOrMake('PT30M', length), 5);
      assert.deepEqual(made, ['PT1H', 'PT30M']);
    });

    it('keeps null (a text that means nothing) as a value, not as "not kept"', () => {
      const cache = new BoundedCache<number | null>(10);
      let calls = 0;
      const never = () => (calls++, null);
      assert.equal(cache.getOrMake('P1Y', never), null);
      assert.equal(cache.getOrMake('P1Y', never), null);
      assert.equal(calls, 1);
    });
  });

  describe('set()', () => {
    it('empties the cache whole when it is full and a new text comes, then keeps that one', () => {
      const cache = new BoundedCache<string>(3);
      for (const k of ['a', 'b', 'c']) cache.set(k, k.toUpperCase());
      assert.equal(cache.size, 3);
      cache.set('b', 'B2');
      assert.equal(cache.size, 3, 'a text already kept is replaced, nothing dropped');
      assert.equal(cache.get('a'), 'A');
      cache.set('d', 'D');
      assert.equal(cache.size, 1);
      assert.equal(cache.get('a'), undefined);
      assert.equal(cache.get('d'), 'D');
    });

    it('never holds more than its limit, and gives what make gives for any sequence of texts', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 8 }),
          fc.array(fc.string({ maxLength: 3 }), { maxLength: 60 }),
          (limit, keys) => {
            const cache = new BoundedCache<string>(limit);
            for (const k of keys) {
              assert.equal(
                cache.getOrMake(k, (t) => `<${t}>`),
                `<${k}>`,
              );
              assert.ok(cache.size <= limit, `${cache.size} entries, limit ${limit}`);
            }
          },
        ),
        { numRuns: 200 },
      );
    });
  });

  it('refuses a limit below one', () => {
    assert.throws(() => new BoundedCache<number>(0), /at least 1 entry/);
  });
});
