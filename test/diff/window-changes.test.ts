import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { diffMarkdown, diffJson } from '../../src/diff/diff-report.js';
import { diffSchedules } from '../../src/diff/schedule-diff.js';
import { parseSchedule } from '../../src/schedule-file/parse-schedule.js';
import { SHIPPED } from '../helpers/load.js';

const ZONE = 'Europe/Oslo';
const NOW = DateTime.fromISO('2026-12-07T10:00', { zone: ZONE });
const shipped = readFileSync(SHIPPED, 'utf8');

function diffOf(text: string) {
  const before = parseSchedule(shipped, 'before.yaml');
  const after = parseSchedule(text, 'after.yaml');
  return diffSchedules(before, after, NOW, 90, NOW);
}

/** The shipped schedule with a window added before the announcements. */
function withWindow(lines: string[]): string {
  return shipped.replace('# Announced work', [...lines, '', '# Announced work'].join('\n'));
}

describe('diffSchedules windows outside the range', () => {
  it('shows a new window dated in the past, marked so (a window dated 2023, meant 2027, passed review bug)', () => {
    const diff = diffOf(
      withWindow([
        '  - id: san-flytting',
        '    title: Flytting til ny SAN',
        '    provider: ikt-gjovikregionen',
        '    systems: all',
        '    start: 2023-03-06T18:00',
        '    end: 2023-03-06T23:00',
      ]),
    );
    assert.deepEqual(diff.changes, []);
    assert.deepEqual(diff.outside, [
      {
        kind: 'added',
        windowId: 'san-flytting',
        title: 'Flytting til ny SAN',
        dates: '2023-03-06',
        inPast: true,
        wasAnnounced: false,
      },
    ]);
    const report = diffMarkdown(diff);
    assert.match(report, /No occurrence changes in this period\./);
    assert.match(
      report,
      /\*\*Windows with no occurrence in these dates\*\* \(check the year\):\n\n\| Change \| Window \| Dates \| Note \|\n\| --- \| --- \| --- \| --- \|\n\| added \| Flytting til ny SAN \(`san-flytting`\) \| 2023-03-06 \| \*\*in the past\*\* \|\n/,
    );
    assert.equal(diffJson(diff).windowsOutside[0]!.inPast, true);
  });

  it('shows a new window beyond the range without "in the past"', () => {
    const diff = diffOf(
      withWindow([
        '  - id: visma-2028',
        '    title: Visma 2028.1',
        '    provider: visma',
        '    systems: [visma]',
        '    date: 2028-06-12',
        '    days: 2',
      ]),
    );
    assert.deepEqual(
      diff.outside.map((w) => [w.kind, w.windowId, w.dates, w.inPast]),
      [['added', 'visma-2028', '2028-06-12 – 2028-06-13', false]],
    );
  });

  it('shows a change to a window whose dates are all past (a changed past window was invisible bug)', () => {
    const diff = diffOf(
      shipped.replace('title: Visma oppgraderes til 2022.1 – Visma er nede', 'title: Visma oppgraderes til 2022.2'),
    );
    assert.deepEqual(
      diff.outside.map((w) => [w.kind, w.windowId, w.dates, w.inPast]),
      [['changed', 'visma-2022-1', '2022-06-13', true]],
    );
  });

  it('shows a removed window', () => {
    const diff = diffOf(shipped.replace(/ {2}- id: visma-2022-1-dag-2\n(?: {4}.*\n)+/, ''));
    assert.deepEqual(
      diff.outside.map((w) => [w.kind, w.windowId, w.inPast]),
      [['removed', 'visma-2022-1-dag-2', true]],
    );
  });

  it('says that an announcement became a window, in the table and outside it', () => {
    const window = (date: string) =>
      shipped
        .replace(/announcements:\n(?:(?: {2,}.*|\s*#.*)?\n)+/, 'announcements: []\n')
        .replace(
          '# Announced work',
          [
            '  - id: ny-san-2022',
            '    title: Flytting til ny SAN',
            '    provider: ikt-gjovikregionen',
            '    systems: all',
            `    start: ${date}T18:00`,
            `    end: ${date}T23:00`,
            '',
            '# Announced work',
          ].join('\n'),
        );
    const inRange = diffOf(window('2027-01-11'));
    assert.deepEqual(inRange.announced, ['ny-san-2022']);
    assert.match(
      diffMarkdown(inRange),
      /\| added \| Mon 2027-01-11 18:00–23:00 \| .* \| was announced, now has a date \|/,
    );
    const later = diffOf(window('2027-09-06'));
    assert.deepEqual(
      later.outside.map((w) => [w.windowId, w.wasAnnounced]),
      [['ny-san-2022', true]],
    );
    assert.match(diffMarkdown(later), /\| 2027-09-06 \| was announced, now has a date \|/);
  });
});
