import { fixedClock } from '../../src/time/clock.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { FeedSet } from '../../src/feeds/feed-set.js';
import { lintFeedText } from '../../src/ical/lint-feed.js';
import { expandSelected } from '../../src/occurrences/expand-window.js';
import { parseSchedule } from '../../src/schedule-file/parse-schedule.js';
import { PARSERS } from '../conformance/parsers.js';
import { shortUid } from '../fixtures/expected-occurrences.js';
import { testApp } from '../helpers/app.js';
import { outlookExpand } from '../helpers/outlook-model.js';
import { runCli } from '../helpers/run-cli.js';
import { editedFixture, problemsOf, replaced, SELECTION } from './selection-helpers.js';

const zone = 'Europe/Oslo';
const at = (iso: string) => DateTime.fromISO(iso, { zone });
const fixture = readFileSync(SELECTION, 'utf8');
const RENDERED = new Date('2026-11-27T12:00:00Z');

/** Before: Acos Websak is not on the patch night. After: it joins it with `from: 2026-06-01`. */
const before = replaced(fixture, 'systems: [visma, acos-websak]', 'systems: [visma]');
const after = replaced(fixture, '    aliases: [websak]\n', '    aliases: [websak]\n    from: 2026-06-01\n');
const feedsOf = (text: string) =>
  new FeedSet(parseSchedule(text, 'schedule.yaml').schedule, undefined, fixedClock(RENDERED));

/** The lines of a feed that carry dates. */
const dateLines = (ics: string) =>
  ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter((l) => /^(DTSTART|DTEND|RRULE|EXDATE|RECURRENCE-ID|UID)[:;]/.test(l));

describe('systems that join and leave (issue 19 point 7)', () => {
  test('a system added with from: changes no date in any other feed', () => {
    const [old, now] = [feedsOf(before), feedsOf(after)];
    for (const feed of old.feeds) {
      const path = feed.definition.path;
      const next = now.get(path)!;
      if (path === 'feeds/systems/acos-websak.ics' || path === 'feeds/audiences/skole.ics') continue;
      assert.deepEqual(dateLines(next.body.toString()), dateLines(feed.body.toString()), path);
      // Feeds that do not hold the patch night are the same bytes.
      if (!feed.definition.windows.some((w) => w.id === 'patch')) assert.ok(next.body.equals(feed.body), path);
    }
  });

  test('the new system takes part from its from: date only, in its feed and every surface', async (t) => {
    const feeds = feedsOf(after);
    const ics = feeds.get('feeds/systems/acos-websak.ics')!.body.toString();
    assert.deepEqual(lintFeedText(ics), []);
    assert.match(
      ics,
      /DTSTART;TZID=Europe\/Oslo:20260617T160000\r\nDTEND;TZID=Europe\/Oslo:20260617T190000\r\nRRULE:FREQ=MONTHLY;BYDAY=3WE/,
    );
    // The March cancellation lies before it joined: not in its feed.
    assert.doesNotMatch(ics, /20260318/);
    const { app } = testApp(t, { feeds, now: () => at('2026-04-15T17:00') });
    const status = (await app.inject('/api/status')).json<{ down: string[] }>();
    assert.deepEqual(status.down, ['visma']);
    const api = (await app.inject('/api/occurrences?systems=websak&from=2026-01-01&to=2026-08-01')).json<{
      occurrences: { start: string }[];
    }>();
    assert.deepEqual(
      api.occurrences.map((o) => o.start),
      ['2026-06-17T16:00:00+02:00', '2026-07-15T16:00:00+02:00'],
    );
    const file = editedFixture(() => after);
    const upcoming = await runCli([
      'upcoming',
      '--config',
      file,
      '--system',
      'websak',
      '--from',
      '2026-01-01',
      '--days',
      '200',
      '--json',
    ]);
    assert.equal((JSON.parse(upcoming.out) as { occurrences: unknown[] }).occurrences.length, 2);
  });

  test('systems: all includes a system only while it exists', () => {
    const text = replaced(after, 'systems: [internett]', 'systems: all');
    const feeds = feedsOf(text);
    assert.ok(!feeds.get('feeds/systems/acos-websak.ics')!.definition.windows.some((w) => w.id === 'brannmur'));
    assert.ok(feeds.get('feeds/systems/visma.ics')!.definition.windows.some((w) => w.id === 'brannmur'));
    const left = replaced(text, '    from: 2026-06-01\n', '    until: 2026-01-31\n');
    const feed = feedsOf(left).get('feeds/systems/acos-websak.ics')!;
    assert.deepEqual(
      feed.definition.windows.map((w) => w.id),
      ['patch'],
    );
    // Only the January patch night: the series ends before February.
    const starts = dateLines(feed.body.toString()).filter((l) => l.startsWith('DTSTART;'));
    assert.deepEqual(starts, ['DTSTART;TZID=Europe/Oslo:20260121T160000']);
    assert.doesNotMatch(feed.body.toString(), /20260218/);
  });

  test('the cut feed reads the same in every parser installed and the Outlook model as the service expands it', () => {
    const feeds = feedsOf(after);
    const path = join(mkdtempSync(join(tmpdir(), 'nedetid-lifetimes-')), 'websak.ics');
    const ics = feeds.get('feeds/systems/acos-websak.ics')!.body;
    writeFileSync(path, ics);
    const [from, to] = ['2026-01-01', '2028-01-01'];
    const expected = expandSelected(feeds.index, at(from), at(to), ['acos-websak'])
      .map(
        (o) =>
          `${o.start.setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm")} ${o.end.setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm")} ${o.window.id}`,
      )
      .sort();
    assert.equal(expected.length, 19);
    assert.equal(expected[0], '2026-06-17T16:00 2026-06-17T19:00 patch');
    for (const parser of PARSERS.filter((p) => p.missing === null)) {
      const [r] = parser.run([{ file: path, from, to }]);
      assert.deepEqual(r!.errors, [], parser.name);
      assert.deepEqual(r!.occurrences.map(shortUid).sort(), expected, parser.name);
    }
    const outlook = outlookExpand(ics.toString(), new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`));
    assert.deepEqual(outlook.dropped, []);
    assert.deepEqual(outlook.occurrences.map((o) => `${o.start} ${o.end} ${shortUid(o.uid)}`).sort(), expected);
  });

  test('from: and until: must be dates in order, refused at their positions', () => {
    assert.deepEqual(problemsOf(replaced(after, 'from: 2026-06-01', 'from: juni 2026')), [
      "schedule.yaml:19:11: system 'acos-websak' from 'juni 2026' must be a date such as 2027-01-01 (the first day it takes part in windows)",
    ]);
    assert.deepEqual(problemsOf(replaced(after, 'from: 2026-06-01', 'from: 2026-06-01\n    until: 2026-05-01')), [
      "schedule.yaml:20:12: system 'acos-websak' until 2026-05-01 is before its from 2026-06-01",
    ]);
  });
});

describe('diff reports a system that joins as one change (issue 19 point 7)', () => {
  const withoutWebsak = replaced(
    replaced(before, '  acos-websak:\n    name: Acos Websak\n    aliases: [websak]\n', ''),
    'systems: [ist-tjenester, acos-websak]',
    'systems: [ist-tjenester]',
  );

  interface DiffJson {
    changes: { kind: string; window: string; fields?: string[] }[];
    systems: { kind: string; system: string; from?: string; windows: string[] }[];
  }
  const diffOf = async (old: string, now: string, ...extra: string[]) => {
    const r = await runCli([
      'diff',
      editedFixture(() => old),
      editedFixture(() => now),
      '--from',
      '2026-01-01',
      '--days',
      '365',
      ...extra,
    ]);
    return r;
  };

  test('adding a system with from: to the patch night is one row, not one per occurrence', async () => {
    const r = await diffOf(withoutWebsak, after, '--json');
    const json = JSON.parse(r.out) as DiffJson;
    assert.deepEqual(json.changes, []);
    assert.deepEqual(json.systems, [
      { kind: 'added', system: 'acos-websak', name: 'Acos Websak', from: '2026-06-01', windows: ['patch'] },
    ]);
    const table = await diffOf(withoutWebsak, after);
    const rows = table.out
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| Change') && !l.startsWith('| ---'));
    assert.deepEqual(rows, ['| system added | from 2026-06-01 |  |  | Acos Websak (`acos-websak`) | joins patch |']);
  });

  test('other system changes of a window are still listed per occurrence', async () => {
    const moved = replaced(after, 'systems: [visma, acos-websak]', 'systems: [gat, acos-websak]');
    const json = JSON.parse((await diffOf(after, moved, '--json')).out) as DiffJson;
    assert.equal(json.systems.length, 0);
    assert.equal(json.changes.length, 12);
    assert.ok(json.changes.every((c) => c.kind === 'changed' && c.fields?.join() === 'systems'));
  });
});
