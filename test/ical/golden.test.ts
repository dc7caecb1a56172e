import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { EDGE_CASES, feedsFrom, feedText, SHIPPED } from '../helpers/load.js';

// Golden feeds: any change to the bytes clients receive shows up in review.
// Refresh deliberately with UPDATE_GOLDEN=1 npm test, then read the diff.
const cases = [
  { file: SHIPPED, feed: 'feeds/all.ics', golden: 'test/ical/golden/schedule.all.ics' },
  { file: SHIPPED, feed: 'feeds/systems/visma.ics', golden: 'test/ical/golden/schedule.visma.ics' },
  { file: EDGE_CASES, feed: 'feeds/all.ics', golden: 'test/ical/golden/edge-cases.all.ics' },
];

describe('golden feeds', () => {
  for (const c of cases) {
    test(`${c.golden} matches what the service renders`, () => {
      const actual = feedText(feedsFrom(c.file), c.feed);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(c.golden, actual);
      assert.equal(actual, readFileSync(c.golden, 'utf8'));
    });
  }
});
