import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeedSet } from '../../src/feeds/feed-set.js';
import { EDGE_CASES_2022, SHIPPED_2022, shortUid } from '../fixtures/expected-occurrences.js';
import { CLOCK_RULES, EDGE_CASES, feedsFrom, OUTLOOK_RULES, SHIPPED } from '../helpers/load.js';
import { ownFeedExpansion } from '../helpers/own-expansion.js';
import { PARSERS, type Job } from './parsers.js';

/**
 * Every feed, read by four parsers none of us wrote, must give exactly the expected
 * occurrences: the hand-written lists where we have them, else the service's own expansion
 * (which the hand-written cases tie to the source document).
 */
interface Case {
  name: string;
  job: Job;
  expected: string[];
}

const dir = mkdtempSync(join(tmpdir(), 'nedetid-conformance-'));
const RANGES = [
  ['2022-01-01', '2023-01-02'],
  ['2026-11-01', '2028-01-01'],
] as const;

/** The rules Outlook can not map as written are also read in a late year of their rolling end. */
const LATE = [...RANGES, ['2030-01-01', '2031-01-01']] as const;

/** Windows standing since 2005 (issue 19.1): read in their first year and around 2025 too. */
const SINCE_2005 = [...LATE, ['2005-01-01', '2006-01-01'], ['2025-01-01', '2026-01-01']] as const;

function casesFor(
  label: string,
  file: string,
  handWritten: string[],
  ranges: readonly (readonly [string, string])[] = RANGES,
): Case[] {
  const feeds: FeedSet = feedsFrom(file);
  const schedule = feeds.schedule;
  const custom = feeds.customFeed(schedule.systems.slice(0, 2).map((s) => s.id));
  const out: Case[] = [];
  for (const feed of [...feeds.feeds, custom]) {
    const path = join(dir, label, feed.definition.path.replace(/\?systems=/, '-'));
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, feed.body);
    for (const [from, to] of ranges) {
      const hand = handWritten.length > 0 && feed.definition.id === 'all' && from.startsWith('2022');
      out.push({
        name: `${label} ${feed.definition.path} ${from.slice(0, 4)}`,
        job: { file: path, from, to },
        expected: hand ? handWritten : ownFeedExpansion(schedule, from, to, feed.definition),
      });
    }
  }
  return out;
}

const cases = [
  ...casesFor('shipped', SHIPPED, SHIPPED_2022),
  ...casesFor('edge-cases', EDGE_CASES, EDGE_CASES_2022),
  ...casesFor('outlook-rules', OUTLOOK_RULES, [], LATE),
  ...casesFor('clock-rules', CLOCK_RULES, [], SINCE_2005),
];
const inCI = process.env.CI === 'true';
const table: string[][] = cases.map((c) => [c.name]);

describe('every feed read by four parsers', () => {
  for (const parser of PARSERS) {
    // Outside CI a missing Debian parser skips loudly; in CI it fails (.ci/run installs them).
    const skip =
      parser.missing && !inCI ? `${parser.name} is not installed here: apt-get install ${parser.missing}` : false;
    test(`${parser.name} reads every feed with no errors and the expected occurrences`, { skip }, () => {
      assert.equal(parser.missing, null, `${parser.name} is missing in CI: install ${parser.missing}`);
      const results = parser.run(cases.map((c) => c.job));
      const failures: string[] = [];
      cases.forEach((c, i) => {
        const r = results[i]!;
        const got = r.occurrences.map(shortUid).sort();
        const ok = r.errors.length === 0 && JSON.stringify(got) === JSON.stringify([...c.expected].sort());
        table[i]!.push(ok ? 'ok' : 'FAIL');
        if (!ok) {
          const missing = c.expected.filter((e) => !got.includes(e));
          const extra = got.filter((g) => !c.expected.includes(g));
          failures.push(
            `${c.name}: errors ${JSON.stringify(r.errors)}; missing ${JSON.stringify(missing)}; unexpected ${JSON.stringify(extra)}`,
          );
        }
      });
      assert.deepEqual(failures, []);
    });
  }

  test(
    'conformance table',
    { skip: PARSERS.some((p) => p.missing) && !inCI ? 'not every parser is installed' : false },
    (t) => {
      const header = ['case', ...PARSERS.map((p) => p.name)];
      const lines = [header, header.map(() => '---'), ...table].map((r) => `| ${r.join(' | ')} |`);
      mkdirSync('test-output', { recursive: true });
      writeFileSync('test-output/conformance.md', lines.join('\n') + '\n');
      t.diagnostic(`cases × parsers written to test-output/conformance.md (${cases.length} cases)`);
      assert.ok(table.every((r) => r.length === PARSERS.length + 1 && r.slice(1).every((c) => c === 'ok')));
    },
  );
});
