import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EDGE_CASES_2022, SHIPPED_2022, shortUid } from '../fixtures/expected-occurrences.js';
import { expandWithIcalJs } from '../helpers/icaljs-expand.js';
import { ownExpansion, ownFeedExpansion } from '../helpers/own-expansion.js';
import { EDGE_CASES, feedsFrom, feedText, scheduleFrom, SHIPPED } from '../helpers/load.js';

function parsed(ics: string, from: string, to: string) {
  return expandWithIcalJs(ics, from, to).map((o) => shortUid(`${o.start} ${o.end} ${o.uid}`));
}

test('the shipped schedule, expanded by ical.js for 2022, gives the source document dates and times', () => {
  const all = expandWithIcalJs(feedText(feedsFrom(SHIPPED), 'feeds/all.ics'), '2022-01-01', '2023-01-01');
  assert.deepEqual(all.map((o) => shortUid(`${o.start} ${o.end} ${o.uid}`)).sort(), SHIPPED_2022);
  assert.deepEqual(
    all.filter((o) => o.uid.startsWith('visma-')).map((o) => o.status),
    ['CONFIRMED', 'TENTATIVE'],
  );
});

test('edge cases expand in ical.js to the occurrences written out by hand, across both DST changes', () => {
  assert.deepEqual(
    parsed(feedText(feedsFrom(EDGE_CASES), 'feeds/all.ics'), '2022-01-01', '2023-01-02'),
    EDGE_CASES_2022,
  );
});

test('ical.js and the service expand every feed of both schedules identically', () => {
  for (const file of [SHIPPED, EDGE_CASES]) {
    const schedule = scheduleFrom(file);
    const feeds = feedsFrom(file);
    for (const feed of feeds.feeds) {
      const ids = new Set(schedule.windows.filter(feed.definition.includes).map((w) => w.id));
      for (const [from, to] of [
        ['2022-01-01', '2023-01-02'],
        ['2026-11-01', '2028-01-01'],
      ] as const) {
        assert.deepEqual(
          parsed(feed.body.toString(), from, to).sort(),
          feed.definition.freezes
            ? ownFeedExpansion(schedule, from, to, feed.definition)
            : ownExpansion(schedule, from, to, (w) => ids.has(w.id)),
          `${file} ${feed.definition.path} ${from}`,
        );
      }
    }
  }
});
