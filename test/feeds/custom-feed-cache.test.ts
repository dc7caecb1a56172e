import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateSchedule } from '../../bench/generate-schedule.js';
import { CUSTOM_CACHE_BYTES, CUSTOM_CACHE_ENTRIES, FeedSet } from '../../src/feeds/feed-set.js';
import { compressedEncodings } from '../../src/http/send-feed.js';
import { parseSchedule } from '../../src/schedule-file/parse-schedule.js';
import { testApp } from '../helpers/app.js';
import { fixedClock } from '../../src/time/clock.js';

const NOW = fixedClock(new Date('2026-01-01T00:00:00Z'));

function feedSet(windows: number, systems: number): FeedSet {
  const text = generateSchedule({ windows, systems });
  return new FeedSet(parseSchedule(text, 'generated.yaml').schedule, undefined, NOW);
}

/** The `n`-th set of systems: the binary digits of n + 1 pick from the ids. */
function nthSet(ids: readonly string[], n: number): string[] {
  return ids.filter((_, i) => ((n + 1) >> i) & 1);
}

describe('FeedSet custom feeds', () => {
  it('keeps no digest per set of systems asked for (FeedSet.digests grew with every new set bug)', () => {
    const feeds = feedSet(120, 40);
    const ids = feeds.schedule.systems.map((s) => s.id);
    for (let n = 0; n < 3_000; n++) feeds.customFeed(nthSet(ids, n * 7919));
    const use = feeds.cacheUse();
    assert.ok(
      use.digests <= feeds.schedule.windows.length,
      `${use.digests} digests for ${feeds.schedule.windows.length} windows`,
    );
    assert.ok(use.customFeeds <= CUSTOM_CACHE_ENTRIES);
  });

  it('bounds the custom-feed cache in bytes, not only entries (300 large sets took RSS from 198 to 505 MB bug)', () => {
    const feeds = feedSet(1_500, 12);
    const ids = feeds.schedule.systems.map((s) => s.id);
    const combined = feeds.get('feeds/all.ics')!.body.length;
    // 100 distinct large sets (all systems but those the bits of n leave out): together far past the budget.
    const sets = Array.from({ length: 100 }, (_, n) => ids.filter((_, i) => (((n + 1) >> i) & 1) === 0));
    assert.equal(new Set(sets.map((set) => set.join())).size, sets.length);
    for (const [asked, set] of sets.entries()) {
      feeds.customFeed(set);
      const { customBytes } = feeds.cacheUse();
      assert.ok(customBytes <= CUSTOM_CACHE_BYTES, `after ${asked + 1} sets: ${customBytes} bytes`);
    }
    assert.ok(combined * sets.length > 2 * CUSTOM_CACHE_BYTES, `the test needs large feeds (${combined} bytes)`);
    assert.ok(feeds.cacheUse().customFeeds < sets.length, 'sets were evicted by bytes, below the entry cap');
  });

  it('gives the same bytes and ETag for a set asked for again after it was evicted', () => {
    const feeds = feedSet(60, 20);
    const ids = feeds.schedule.systems.map((s) => s.id);
    const first = feeds.customFeed(['s1', 's2'].filter((id) => ids.includes(id)));
    const bytes = Buffer.from(first.body);
    for (let n = 0; n < CUSTOM_CACHE_ENTRIES + 10; n++) feeds.customFeed(nthSet(ids, n + 100));
    const again = feeds.customFeed(['s2', 's1'].filter((id) => ids.includes(id)));
    assert.notEqual(again, first, 'the first feed was evicted');
    assert.equal(again.etag, first.etag);
    assert.ok(again.body.equals(bytes));
  });
});

describe('sendFeed compression of custom feeds', () => {
  it('compresses a large custom feed only when it is asked for again (a brotli job per new set bug)', async (t) => {
    const feeds = feedSet(400, 20);
    const { app } = testApp(t, { feeds });
    const ids = feeds.schedule.systems.map((s) => s.id).slice(0, 15);
    const url = `/feeds/custom.ics?systems=${ids.join(',')}`;
    const ask = () => app.inject({ url, headers: { 'accept-encoding': 'br' } });
    const first = await ask();
    assert.equal(first.statusCode, 200);
    const feed = feeds.customFeed(ids);
    assert.ok(feed.body.length > 64 * 1024, `the custom feed is ${feed.body.length} bytes`);
    assert.equal(first.headers['content-encoding'], undefined);
    assert.deepEqual(compressedEncodings(feed), []);
    await ask();
    assert.deepEqual(compressedEncodings(feed), ['br']);
  });
});
