import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import { FeedSet } from '../../src/feeds/feed-set.js';
import { parseSchedule } from '../../src/schedule-file/parse-schedule.js';
import { fixedClock } from '../../src/time/clock.js';

const shipped = readFileSync('config/schedule.yaml', 'utf8');

function serverWork(text: string) {
  const feed = new FeedSet(
    parseSchedule(text, 'x.yaml').schedule,
    undefined,
    fixedClock(new Date('2026-01-01T00:00:00Z')),
  ).get('feeds/all.ics')!;
  const cal = new ICAL.Component(ICAL.parse(feed.body.toString()));
  const events = cal
    .getAllSubcomponents('vevent')
    .filter((e) => String(e.getFirstPropertyValue('uid')).startsWith('servere-'));
  return { feed, events };
}

describe('a changed window in the feeds', () => {
  test('a changed window reaches clients as an update of the same event, not a second one', () => {
    const before = serverWork(shipped);
    const changed = shipped.replace(
      '    start: 2022-03-26T12:00\n    end: 2022-03-26T18:00',
      '    start: 2022-03-26T10:00\n    end: 2022-03-26T18:00\n    sequence: 1\n    updated: 2022-03-20T09:00',
    );
    const after = serverWork(changed);
    assert.equal(before.events.length, 1);
    assert.equal(after.events.length, 1);
    const [b, a] = [before.events[0]!, after.events[0]!];
    // Same UID: clients replace the event they have; a higher SEQUENCE and newer LAST-MODIFIED tell them to.
    assert.equal(a.getFirstPropertyValue('uid'), b.getFirstPropertyValue('uid'));
    assert.equal(b.getFirstPropertyValue('sequence'), 0);
    assert.equal(a.getFirstPropertyValue('sequence'), 1);
    assert.equal(String(a.getFirstPropertyValue('last-modified')), '2022-03-20T08:00:00Z');
    assert.equal(String(a.getFirstPropertyValue('dtstart')), '2022-03-26T10:00:00');
    assert.notEqual(after.feed.etag, before.feed.etag);
  });

  test('only the changed window and the feeds that hold it change bytes', () => {
    const before = new FeedSet(
      parseSchedule(shipped, 'x.yaml').schedule,
      undefined,
      fixedClock(new Date('2026-01-01T00:00:00Z')),
    );
    const after = new FeedSet(
      parseSchedule(shipped.replace('duration: PT1H', 'duration: PT45M\n    sequence: 1'), 'x.yaml').schedule,
      undefined,
      fixedClock(new Date('2026-01-01T00:00:00Z')),
    );
    const changed = after.feeds
      .filter((f) => f.etag !== before.get(f.definition.path)!.etag)
      .map((f) => f.definition.path);
    // And the audiences that have IST-tjenester (Gjøvik, Vestre Toten, Søndre Land, Nordre Land).
    assert.deepEqual(changed, [
      'feeds/all.ics',
      'feeds/systems/ist-tjenester.ics',
      'feeds/providers/ist.ics',
      'feeds/audiences/gjovik.ics',
      'feeds/audiences/vestre-toten.ics',
      'feeds/audiences/sondre-land.ics',
      'feeds/audiences/nordre-land.ics',
    ]);
  });
});
