import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { brotliDecompressSync } from 'node:zlib';
import { generateSchedule } from '../../bench/generate-schedule.js';
import { FeedSet } from '../../src/feeds/feed-set.js';
import { parseSchedule } from '../../src/schedule-file/parse-schedule.js';
import { testApp } from '../helpers/app.js';
import { fixedClock } from '../../src/time/clock.js';

describe('sendFeed: compression off the request path', () => {
  test('a large feed is compressed off the request path: identity until its br body is ready, then br', async (t) => {
    const text = generateSchedule({ windows: 400, systems: 20 });
    const feeds = new FeedSet(
      parseSchedule(text, 'large.yaml').schedule,
      undefined,
      fixedClock(new Date('2026-01-01')),
    );
    const { app } = testApp(t, { feeds });
    const body = feeds.get('feeds/all.ics')!.body;
    assert.ok(body.length > 64 * 1024, `all.ics is ${body.length} bytes`);
    const ask = () => app.inject({ url: '/feeds/all.ics', headers: { 'accept-encoding': 'br' } });
    const first = await ask();
    assert.equal(first.headers['content-encoding'], undefined);
    assert.equal(first.headers.etag, feeds.get('feeds/all.ics')!.etag);
    assert.ok(first.rawPayload.equals(body));
    // The br body is ready when zlib's thread pool is done with it, which nothing announces: ask
    // until it is sent, as a client would, without a limit on how long a busy machine may take.
    let later = await ask();
    while (later.headers['content-encoding'] !== 'br') {
      assert.equal(later.headers['content-encoding'], undefined);
      assert.ok(later.rawPayload.equals(body));
      await sleep(10);
      later = await ask();
    }
    assert.ok(brotliDecompressSync(later.rawPayload).equals(body));
  });
});
