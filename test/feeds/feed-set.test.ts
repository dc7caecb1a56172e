import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FeedSet, renderFeeds, renderTexts } from '../../src/feeds/feed-set.js';
import { parseWallDate } from '../../src/time/wall-clock.js';
import { EDGE_CASES, feedsFrom, feedText, scheduleFrom, SHIPPED } from '../helpers/load.js';
import { fixedClock } from '../../src/time/clock.js';

const uids = (ics: string) => [...new Set([...ics.matchAll(/^UID:(.*)\r$/gm)].map((m) => m[1]))];

describe('FeedSet', () => {
  test('publishes a combined feed, one per system, one per provider, one per audience and the freezes feed', () => {
    const feeds = feedsFrom(SHIPPED);
    assert.deepEqual(
      feeds.feeds.map((f) => f.definition.path),
      [
        'feeds/all.ics',
        'feeds/systems/visma.ics',
        'feeds/systems/gat.ics',
        'feeds/systems/ist-tjenester.ics',
        'feeds/systems/servere.ics',
        'feeds/systems/internett.ics',
        'feeds/systems/ip-telefoni.ics',
        'feeds/providers/ist.ics',
        'feeds/providers/ikt-gjovikregionen.ics',
        'feeds/providers/visma.ics',
        'feeds/audiences/gjovik.ics',
        'feeds/audiences/ostre-toten.ics',
        'feeds/audiences/vestre-toten.ics',
        'feeds/audiences/sondre-land.ics',
        'feeds/audiences/nordre-land.ics',
        'feeds/freezes.ics',
      ],
    );
  });

  test('systems: all appears in every system feed; other windows only where they belong', () => {
    const feeds = feedsFrom(SHIPPED);
    assert.deepEqual(uids(feedText(feeds, 'feeds/systems/internett.ics')), ['servere-2022-03-26@nedetid.example.no']);
    assert.deepEqual(uids(feedText(feeds, 'feeds/systems/visma.ics')), [
      'gjovikregionen-manedlig@nedetid.example.no',
      'servere-2022-03-26@nedetid.example.no',
      'visma-2022-1@nedetid.example.no',
      'visma-2022-1-dag-2@nedetid.example.no',
    ]);
    assert.deepEqual(uids(feedText(feeds, 'feeds/providers/ist.ics')), ['ist-manedlig@nedetid.example.no']);
  });

  test('a custom feed of two systems holds the windows of either, once, in any order of ids', () => {
    const feeds = feedsFrom(SHIPPED);
    const a = feeds.customFeed(['ist-tjenester', 'gat']);
    const b = feeds.customFeed(['gat', 'ist-tjenester', 'gat']);
    assert.equal(a, b, 'cached under the sorted ids');
    assert.deepEqual(uids(a.body.toString()), [
      'ist-manedlig@nedetid.example.no',
      'gjovikregionen-manedlig@nedetid.example.no',
      'servere-2022-03-26@nedetid.example.no',
    ]);
    assert.match(a.body.toString(), /\r\nX-WR-CALNAME:Planlagt nedetid IKT: GAT\\, IST-tjenester\r\n/);
  });

  test('unknown systems in a custom feed are named, and no feed is made of them', () => {
    const feeds = feedsFrom(SHIPPED);
    assert.deepEqual(feeds.unknownSystems(['visma', 'vsima', 'gat', 'vsima']), ['vsima']);
    assert.deepEqual(feeds.unknownSystems(['visma', 'gat']), []);
    assert.throws(() => feeds.customFeed(['visma', 'vsima']), /custom feed of unknown systems vsima/);
  });

  test('the same schedule gives the same bytes and ETags; Last-Modified survives a reload that changes nothing', () => {
    const first = new FeedSet(scheduleFrom(SHIPPED), undefined, fixedClock(new Date('2026-01-01T00:00:00Z')));
    const again = new FeedSet(scheduleFrom(SHIPPED), first, fixedClock(new Date('2026-01-31T22:59:59Z')));
    for (const f of first.feeds) {
      const g = again.get(f.definition.path)!;
      assert.ok(f.body.equals(g.body));
      assert.equal(f.etag, g.etag);
      assert.match(f.etag, /^"[A-Za-z0-9_-]{43}"$/);
      assert.equal(g.lastModified.toISOString(), '2026-01-01T00:00:00.000Z');
    }
  });

  test('a new month reaches a month further only in feeds with a rule published up to a rolling end', () => {
    const january = new FeedSet(scheduleFrom(SHIPPED), undefined, fixedClock(new Date('2026-01-31T22:59:59Z')));
    // 1 February 00:00 in Oslo is the last hour of 31 January in UTC: the month is the calendar's.
    const february = new FeedSet(scheduleFrom(SHIPPED), january, fixedClock(new Date('2026-01-31T23:00:00Z')));
    assert.equal(january.month.toISODate(), '2026-01-01');
    assert.equal(february.month.toISODate(), '2026-02-01');
    const until = (f: FeedSet, path: string) => /UNTIL=(\d{8})/.exec(f.get(path)!.body.toString())?.[1];
    // IST's 4th Tuesday is a template rule: written as it is, no end, the same bytes.
    assert.ok(
      january
        .get('feeds/systems/ist-tjenester.ics')!
        .body.equals(february.get('feeds/systems/ist-tjenester.ics')!.body),
    );
    // The patch night (8 days after Patch Tuesday) is anchored on the 3rd Wednesday up to 61 months ahead.
    assert.equal(until(january, 'feeds/systems/gat.ics'), '20310115');
    assert.equal(until(february, 'feeds/systems/gat.ics'), '20310219');
  });

  test('regression: every FeedSet kept the previous one, so each reload leaked the last set; now the previous set can be collected', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const schedule = scheduleFrom(SHIPPED);
    // The first set is reachable only from this function's frame, which is gone when it returns.
    const reload = () => {
      const first = new FeedSet(schedule, undefined, fixedClock(new Date('2026-01-01T00:00:00Z')));
      first.customFeed(['gat', 'visma']);
      return {
        gone: new WeakRef(first),
        next: new FeedSet(schedule, first, fixedClock(new Date('2026-01-20T00:00:00Z'))),
      };
    };
    const { gone, next } = reload();
    for (let i = 0; i < 10 && gone.deref(); i++) {
      await new Promise((r) => setImmediate(r));
      gc();
    }
    assert.equal(gone.deref(), undefined, 'the previous FeedSet is still reachable from the next one');
    // What was carried over still works: unchanged feeds, custom ones included, keep Last-Modified.
    assert.equal(next.get('feeds/all.ics')!.lastModified.toISOString(), '2026-01-01T00:00:00.000Z');
    assert.equal(next.customFeed(['visma', 'gat']).lastModified.toISOString(), '2026-01-01T00:00:00.000Z');
  });

  test('feeds rendered without ETags (build, check) compute on first use the same ETags as the load worker', () => {
    for (const file of [SHIPPED, EDGE_CASES]) {
      const schedule = scheduleFrom(file);
      const month = parseWallDate('2026-01-01')!;
      const eager = new FeedSet(
        schedule,
        undefined,
        fixedClock(new Date('2026-01-01T00:00:00Z')),
        renderFeeds(schedule, month),
      );
      const lazy = new FeedSet(
        schedule,
        undefined,
        fixedClock(new Date('2026-01-01T00:00:00Z')),
        renderTexts(schedule, month),
      );
      assert.ok(eager.feeds.length >= 3, `${file}: ${eager.feeds.length} feeds`);
      for (const f of eager.feeds) {
        const l = lazy.get(f.definition.path)!;
        assert.equal(l.etag, f.etag, f.definition.path);
        assert.ok(l.body.equals(f.body), f.definition.path);
      }
      // Feeds with other bytes have other ETags (the lazy one hashes the parts, not a constant).
      const bodies = new Set(lazy.feeds.map((f) => f.body.toString('base64')));
      assert.equal(new Set(lazy.feeds.map((f) => f.etag)).size, bodies.size);
    }
  });
});
