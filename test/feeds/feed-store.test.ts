import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FeedStore } from '../../src/feeds/feed-store.js';
import { feedsFrom, SHIPPED } from '../helpers/load.js';

describe('FeedStore', () => {
  test('a loading store has no feeds until start gives the first ones; start is not a reload', () => {
    const store = FeedStore.loading();
    assert.throws(() => store.current, /before the first load/);
    const feeds = feedsFrom(SHIPPED);
    const at = new Date('2026-12-07T10:00:00Z');
    store.start(feeds, at, 42);
    assert.equal(store.current, feeds);
    assert.equal(store.loadedAt, at);
    assert.equal(store.lastLoadMs, 42);
    assert.deepEqual(store.reloads, { ok: 0, failed: 0 });
    assert.equal(store.health.status, 'ok');
    assert.throws(() => store.start(feeds, at, 1), /first feeds already/);
  });

  test('replace swaps the set whole and counts a reload; refuse keeps the set and says why', () => {
    const first = feedsFrom(SHIPPED);
    const store = new FeedStore(first, new Date('2026-01-01T00:00:00Z'));
    store.refuse(['schedule.yaml:3:5: broken']);
    assert.equal(store.current, first);
    assert.deepEqual(store.health, { status: 'degraded', error: ['schedule.yaml:3:5: broken'] });
    const next = feedsFrom(SHIPPED);
    store.replace(next, 7, new Date('2026-01-02T00:00:00Z'));
    assert.equal(store.current, next);
    assert.deepEqual(store.reloads, { ok: 1, failed: 1 });
    assert.equal(store.health.status, 'ok');
  });
});
