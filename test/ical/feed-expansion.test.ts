import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EDGE_CASES_2022, SHIPPED_2022 } from '../fixtures/expected-occurrences.js';
import { expandWithIcalJs } from '../helpers/icaljs-expand.js';
import { ownExpansion } from '../helpers/own-expansion.js';
import { EDGE_CASES, feedsFrom, feedText, scheduleFrom, SHIPPED } from '../helpers/load.js';

// What ical.js reads from every feed is compared in conformance/four-parsers.test.ts (with three
// more parsers); here, only what that test does not check.
describe('feed expansion: the oracles of the conformance test', () => {
  test("the service's own expansion gives the hand-written 2022 occurrences of both schedules (the expectation four-parsers uses for every other feed)", () => {
    const all = () => true;
    assert.deepEqual(ownExpansion(scheduleFrom(SHIPPED), '2022-01-01', '2023-01-02', all), [...SHIPPED_2022].sort());
    assert.deepEqual(
      ownExpansion(scheduleFrom(EDGE_CASES), '2022-01-01', '2023-01-02', all),
      [...EDGE_CASES_2022].sort(),
    );
  });

  test('ical.js reads the shipped Visma windows as CONFIRMED and TENTATIVE', () => {
    const all = expandWithIcalJs(feedText(feedsFrom(SHIPPED), 'feeds/all.ics'), '2022-01-01', '2023-01-01');
    assert.deepEqual(
      all.filter((o) => o.uid.startsWith('visma-')).map((o) => o.status),
      ['CONFIRMED', 'TENTATIVE'],
    );
  });
});
