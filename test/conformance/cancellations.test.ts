import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shortUid } from '../fixtures/expected-occurrences.js';
import { expandWithIcalJs } from '../helpers/icaljs-expand.js';
import { feedsFrom, ROOT } from '../helpers/load.js';
import { ownFeedExpansion } from '../helpers/own-expansion.js';
import { PARSERS, pythonRecurring } from './parsers.js';

/**
 * Cancellations and holiday skips, read by parsers we did not write: a cancelled occurrence is
 * no longer an occurrence of the series (EXDATE) but a stand-alone STATUS:CANCELLED event
 * titled AVLYST at its old time; a skipped holiday is simply not there.
 */
const FIXTURE = `${ROOT}test/planning/fixtures/planning.yaml`;
const FROM = '2027-01-01';
const TO = '2029-01-01';
const feeds = feedsFrom(FIXTURE);
const dir = mkdtempSync(join(tmpdir(), 'nedetid-cancel-'));
const files = feeds.feeds.map((f) => {
  const path = join(dir, f.definition.path);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, f.body);
  return { path, feed: f };
});
const all = files.find((f) => f.feed.definition.id === 'all')!.path;
const inCI = process.env.CI === 'true';

/** What every parser must show for the called-off and skipped dates, as "START UID STATUS SUMMARY". */
const EXPECTED_CANCELLED = [
  '2027-02-17T16:00 patch-skip-20270217@test.example.no CANCELLED AVLYST: Patching uten helligdager',
  '2027-03-17T16:00 patch-skip-20270317@test.example.no CANCELLED AVLYST: Patching uten helligdager',
  '2027-05-17T08:00 oppgradering@test.example.no CANCELLED AVLYST: Oppgradering',
];

function onCancelledOrSkippedDates(lines: string[]): string[] {
  return lines.filter(
    (l) => /^(2027-02-17|2027-03-17|2027-05-17T08|2028-05-17)/.test(l) && !/ patch@| backup@/.test(l),
  );
}

describe('cancellations read by parsers we did not write', () => {
  test('ical.js: cancelled occurrences are cancelled events titled AVLYST, and the skipped holiday is gone', () => {
    const got = expandWithIcalJs(readFeed(all), FROM, TO).map((o) => `${o.start} ${o.uid} ${o.status} ${o.summary}`);
    assert.deepEqual(onCancelledOrSkippedDates(got), EXPECTED_CANCELLED);
    // Every other patch-skip occurrence is an ordinary confirmed one.
    const series = got.filter((l) => l.includes(' patch-skip@'));
    assert.equal(series.length, 24 - 3);
    assert.ok(series.every((l) => l.endsWith('CONFIRMED Patching uten helligdager')));
  });

  const pythonMissing = pythonRecurring.missing && !inCI ? `not installed: ${pythonRecurring.missing}` : false;
  test(
    'Python icalendar + recurring-ical-events: the same cancelled events and the same gap',
    { skip: pythonMissing },
    () => {
      const out = JSON.parse(
        execFileSync('/usr/bin/python3', [`${ROOT}test/conformance/parsers/python_status.py`, all, FROM, TO], {
          encoding: 'utf8',
        }),
      ) as string[][];
      const got = out.map((r) => r.join(' '));
      assert.deepEqual(onCancelledOrSkippedDates(got), EXPECTED_CANCELLED);
      assert.equal(got.filter((l) => l.includes(' patch-skip@')).length, 24 - 3);
    },
  );

  for (const parser of PARSERS) {
    const skip =
      parser.missing && !inCI ? `${parser.name} is not installed here: apt-get install ${parser.missing}` : false;
    test(`${parser.name} reads every feed of the planning fixture as the service expands it`, { skip }, () => {
      const results = parser.run(files.map((f) => ({ file: f.path, from: FROM, to: TO })));
      files.forEach((f, i) => {
        const r = results[i]!;
        assert.deepEqual(r.errors, [], `${parser.name} ${f.feed.definition.path}`);
        assert.deepEqual(
          r.occurrences.map(shortUid).sort(),
          ownFeedExpansion(feeds.schedule, FROM, TO, f.feed.definition),
          `${parser.name} ${f.feed.definition.path}`,
        );
      });
    });
  }
});

function readFeed(path: string): string {
  return files.find((f) => f.path === path)!.feed.body.toString('utf8');
}
