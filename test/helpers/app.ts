import type { TestContext } from 'node:test';
import { DateTime } from 'luxon';
import { FeedSet } from '../../src/feeds/feed-set.js';
import { FeedStore } from '../../src/feeds/feed-store.js';
import { buildApp, type AppOptions } from '../../src/http/app.js';
import { feedsFrom, SHIPPED } from './load.js';

/**
 * The app as tests use it: over a store of the given feeds (the shipped schedule by default),
 * closed when the test ends. Other options pass through to buildApp.
 *
 * The overload guard is off unless a test sets `pressure`: it measures the machine, not the
 * code, and a test that held the event loop for a second (a big load on a busy machine) got 503
 * for the requests after it. app.test.ts tests the guard with a heap limit it always exceeds.
 */
/** under-pressure registers no hook when every limit is 0. */
export const NO_PRESSURE_GUARD = { maxEventLoopDelay: 0 };

export function testApp(
  t: Pick<TestContext, 'after'>,
  options: Partial<AppOptions> & { feeds?: FeedSet; store?: FeedStore } = {},
) {
  const {
    feeds = feedsFrom(SHIPPED),
    store = new FeedStore(feeds, new Date('2026-01-01T00:00:00Z')),
    // The real time unless a test fixes it, as the service runs without NEDETID_NOW.
    now = () => DateTime.now(),
    ...rest
  } = options;
  const app = buildApp({ store, pressure: NO_PRESSURE_GUARD, now, ...rest });
  t.after(() => app.close());
  return { app, feeds: store.current, store };
}
