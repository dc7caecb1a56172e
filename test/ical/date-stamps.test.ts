import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { dateStamp, localStamp, utcStamp } from '../../src/ical/date-stamps.js';

describe('date stamps (dateStamp, localStamp, utcStamp)', () => {
  test('stamps written by hand equal Luxon toFormat over the years a schedule may use', () => {
    const first = Date.UTC(2000, 0, 1);
    const last = Date.UTC(2200, 0, 1) - 1;
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), (ms) => {
        const d = DateTime.fromMillis(ms, { zone: 'utc' });
        assert.equal(dateStamp(ms), d.toFormat('yyyyMMdd'));
        assert.equal(localStamp(ms), d.toFormat("yyyyMMdd'T'HHmmss"));
        assert.equal(utcStamp(ms), d.toFormat("yyyyMMdd'T'HHmmss'Z'"));
      }),
      { numRuns: 5000 },
    );
  });
});
