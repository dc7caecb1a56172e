import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FeedSet } from '../../src/feeds/feed-set.js';
import { parseSchedule } from '../../src/schedule-file/parse-schedule.js';
import { feedsFrom, feedText, ROOT, SHIPPED } from '../helpers/load.js';
import { fixedClock } from '../../src/time/clock.js';

const FIXTURE = `${ROOT}test/planning/fixtures/planning.yaml`;

/** DESCRIPTION of one VEVENT (by UID) in a feed, unfolded and unescaped. */
function description(ics: string, uid: string): string {
  const unfolded = ics.replace(/\r\n[ \t]/g, '');
  const event = unfolded.split('BEGIN:VEVENT').find((e) => e.includes(`\r\nUID:${uid}\r\n`));
  assert.ok(event, `no event ${uid}`);
  return /\r\nDESCRIPTION:(.*)\r\n/.exec(event)![1]!.replace(/\\n/g, '\n').replace(/\\(.)/g, '$1');
}

describe('feeds of systems with depends-on', () => {
  test('a window on a system is in the feeds of every system that depends on it, directly or transitively', () => {
    const feeds = feedsFrom(FIXTURE);
    const windows = (path: string) => feeds.get(path)!.definition.windows.map((w) => w.id);
    // ist depends on internett, skole on ist: an internett window reaches both.
    assert.deepEqual(windows('feeds/systems/internett.ics'), ['patch-skip', 'flytting']);
    assert.deepEqual(windows('feeds/systems/ist.ics'), ['patch-skip', 'flytting', 'oppgradering', 'pinse']);
    assert.deepEqual(windows('feeds/systems/skole.ics'), ['patch-skip', 'flytting', 'oppgradering', 'pinse']);
    // Nothing depends on gat, and gat depends on nothing.
    assert.deepEqual(windows('feeds/systems/gat.ics'), ['patch', 'backup', 'rapport']);
    assert.deepEqual(
      feeds.customFeed(['skole']).definition.windows.map((w) => w.id),
      ['patch-skip', 'flytting', 'oppgradering', 'pinse'],
    );
    const skole = feeds.get('feeds/systems/skole.ics')!.definition;
    assert.ok(skole.includes(feeds.schedule.windows.find((w) => w.id === 'flytting')!));
    assert.ok(!skole.includes(feeds.schedule.windows.find((w) => w.id === 'patch')!));
  });

  test('the shared description says why a window is in a dependent feed, the same in every feed', () => {
    const feeds = feedsFrom(FIXTURE);
    const text =
      'Berørte systemer: Internett\nUtføres av: Drift\n\nBerører Internett, som IST-tjenester og Skoleportal er avhengig av.';
    for (const path of ['feeds/all.ics', 'feeds/systems/internett.ics', 'feeds/systems/skole.ics'])
      assert.equal(description(feedText(feeds, path), 'flytting@test.example.no'), text, path);
    // A window whose systems nothing depends on has no such line.
    assert.equal(
      description(feedText(feeds, 'feeds/all.ics'), 'patch@test.example.no'),
      'Berørte systemer: GAT\nUtføres av: Drift',
    );
  });

  test('shipped schedule: an internet window appears in the IST feed, saying why', () => {
    const text = readFileSync(SHIPPED, 'utf8').replace(
      'announcements:',
      [
        '  - id: internett-2027-03-06',
        '    title: Bytte av brannmur',
        '    provider: ikt-gjovikregionen',
        '    systems: [internett]',
        '    start: 2027-03-06T08:00',
        '    end: 2027-03-06T12:00',
        '',
        'announcements:',
      ].join('\n'),
    );
    const feeds = new FeedSet(
      parseSchedule(text, 'schedule.yaml').schedule,
      undefined,
      fixedClock(new Date('2026-01-01T00:00:00Z')),
    );
    const ist = feedText(feeds, 'feeds/systems/ist-tjenester.ics');
    assert.equal(
      description(ist, 'internett-2027-03-06@nedetid.example.no'),
      'Berørte systemer: Internett\nUtføres av: IKT Gjøvikregionen\n\nBerører Internett, som IST-tjenester er avhengig av.',
    );
    assert.doesNotMatch(feedText(feeds, 'feeds/systems/visma.ics'), /internett-2027-03-06/);
  });
});
