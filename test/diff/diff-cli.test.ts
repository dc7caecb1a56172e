import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSchedule } from '../../src/schedule-file/parse-schedule.js';
import { SHIPPED } from '../helpers/load.js';
import { runCli } from '../helpers/run-cli.js';
import { realisticEdit } from './realistic-edit.js';

const FROM = ['--from', '2026-12-01'];

function edited(text = realisticEdit()): string {
  const dir = mkdtempSync(join(tmpdir(), 'nedetid-diff-'));
  const file = join(dir, 'schedule.yaml');
  writeFileSync(file, text);
  return file;
}

const TABLE = [
  '#### Planned downtime changes, 2026-12-01 – 2027-03-01 (Europe/Oslo)',
  '',
  '| Change | When | Before | Window | Systems | Detail |',
  '| --- | --- | --- | --- | --- | --- |',
  '| cancelled | Tue 2027-01-26 17:00–18:00 |  | Systemvedlikehold IST (`ist-manedlig`) | ist-tjenester | IST utsetter vedlikeholdet |',
  '| moved | Wed 2027-01-27 16:00–19:00 | Wed 2027-01-20 16:00–19:00 | Månedlig vedlikehold av IKT-systemer i Gjøvikregionen (`gjovikregionen-manedlig`) | visma, gat, servere | Flyttet etter ønske fra økonomi |',
  '| added | Sat 2027-02-13 08:00–12:00 |  | Bytte av brannmur – internett nede (`brannmur-2027-02-13`) | internett |  |',
];

describe('nedetid diff', () => {
  test('diff OLD NEW: a moved window, a cancelled occurrence and a new one-off, exactly; exit 1 for the forgotten sequence', async () => {
    const file = edited();
    const r = await runCli(['diff', SHIPPED, file, ...FROM]);
    assert.equal(r.code, 1);
    assert.deepEqual(r.out.trimEnd().split('\n'), [
      ...TABLE,
      '',
      '**Sequence not raised** (calendars keep their old copy of these windows):',
      '',
      `- \`${file}:52:5\`: window 'ist-manedlig' changed in the feeds but its sequence is 0 (was 0); raise it to 1 so calendars replace their copy (nedetid diff --fix does)`,
      `- \`${file}:71:5\`: window 'gjovikregionen-manedlig' changed in the feeds but its sequence is 0 (was 0); raise it to 1 so calendars replace their copy (nedetid diff --fix does)`,
    ]);
    assert.deepEqual(r.err.trimEnd().split('\n'), [
      `${file}:52:5: window 'ist-manedlig' changed in the feeds but its sequence is 0 (was 0); raise it to 1 so calendars replace their copy (nedetid diff --fix does)`,
      `${file}:71:5: window 'gjovikregionen-manedlig' changed in the feeds but its sequence is 0 (was 0); raise it to 1 so calendars replace their copy (nedetid diff --fix does)`,
    ]);
  });

  test('diff: the same edit with sequence raised exits 0; an unchanged schedule has nothing to list', async () => {
    const raised = realisticEdit()
      .replace('  - id: ist-manedlig\n', '  - id: ist-manedlig\n    sequence: 1\n')
      .replace('  - id: gjovikregionen-manedlig\n', '  - id: gjovikregionen-manedlig\n    sequence: 1\n');
    const r = await runCli(['diff', SHIPPED, edited(raised), ...FROM]);
    assert.equal(r.code, 0);
    assert.deepEqual(r.out.trimEnd().split('\n'), TABLE);
    assert.equal(r.err, '');
    const same = await runCli(['diff', SHIPPED, SHIPPED, ...FROM]);
    assert.equal(same.code, 0);
    assert.match(same.out, /No occurrence changes in this period\.\n$/);
  });

  test('diff --days limits the period: 30 days from 1 December see nothing of January', async () => {
    const r = await runCli(['diff', SHIPPED, edited(), ...FROM, '--days', '30']);
    assert.match(r.out, /No occurrence changes in this period/);
    assert.equal(r.code, 1, 'the sequence check covers the whole window, not only the period');
  });

  test('diff --json: kinds, ISO times with offset, notes and the sequence problems', async () => {
    const file = edited();
    const r = await runCli(['diff', SHIPPED, file, ...FROM, '--json']);
    assert.equal(r.code, 1);
    const json = JSON.parse(r.out) as {
      changes: { kind: string; window: string; after?: { start: string }; before?: { start: string }; note?: string }[];
      sequence: { window: string; line: number; col: number }[];
    };
    assert.deepEqual(
      json.changes.map((c) => [c.kind, c.window, c.after?.start, c.before?.start, c.note]),
      [
        [
          'cancelled',
          'ist-manedlig',
          '2027-01-26T17:00:00+01:00',
          '2027-01-26T17:00:00+01:00',
          'IST utsetter vedlikeholdet',
        ],
        ['moved', 'gjovikregionen-manedlig', '2027-01-27T16:00:00+01:00', '2027-01-20T16:00:00+01:00', undefined],
        ['added', 'brannmur-2027-02-13', '2027-02-13T08:00:00+01:00', undefined, undefined],
      ],
    );
    assert.deepEqual(
      json.sequence.map((s) => [s.window, s.line, s.col]),
      [
        ['ist-manedlig', 52, 5],
        ['gjovikregionen-manedlig', 71, 5],
      ],
    );
  });

  test('diff --fix raises sequence and sets updated in place, and calendar.updated to now, changing no other line; diff then passes', async () => {
    const file = edited();
    const before = readFileSync(file, 'utf8');
    const r = await runCli(['diff', SHIPPED, file, ...FROM, '--fix'], { NEDETID_NOW: '2026-12-07T15:04' });
    assert.equal(r.code, 0);
    assert.match(r.err, /window 'ist-manedlig': sequence raised to 1, updated 2026-12-07T15:04\n/);
    assert.match(r.err, /calendar.updated set to 2026-12-07T15:04/);
    const after = readFileSync(file, 'utf8').split('\n');
    assert.equal(after.length, before.split('\n').length + 4);
    assert.deepEqual(after.slice(51, 55), [
      '  - id: ist-manedlig',
      '    sequence: 1',
      '    updated: 2026-12-07T15:04',
      '    title: Systemvedlikehold IST',
    ]);
    // Remove the four new lines and put back calendar.updated, and the file is what it was, byte for byte.
    assert.equal(
      after
        .filter((l) => !/^ {4}(sequence: 1|updated: 2026-12-07T15:04)$/.test(l))
        .join('\n')
        .replace('  updated: 2026-12-07T15:04\n', '  updated: 2022-06-07T13:53\n'),
      before,
    );
    const again = await runCli(['diff', SHIPPED, file, ...FROM]);
    assert.equal(again.code, 0);
  });

  test('diff --fix says the sequence was raised, not "Sequence not raised" (--fix printed the problem it fixed bug)', async () => {
    const file = edited();
    const r = await runCli(['diff', SHIPPED, file, ...FROM, '--fix'], { NEDETID_NOW: '2026-12-07T15:04' });
    assert.equal(r.code, 0);
    assert.doesNotMatch(r.out, /Sequence not raised/);
    assert.match(
      r.out,
      /\*\*Sequence raised by --fix\*\*[^\n]*\n\n- `ist-manedlig`: 0 → 1\n- `gjovikregionen-manedlig`: 0 → 1\n/,
    );
  });

  test('diff --fix sets calendar.updated, so "Sist endret" and DTSTAMP move (calendar.updated stayed 7 June 2022 bug)', async () => {
    const file = edited();
    await runCli(['diff', SHIPPED, file, ...FROM, '--fix'], { NEDETID_NOW: '2026-12-07T15:04' });
    const { schedule } = parseSchedule(readFileSync(file, 'utf8'), file);
    assert.equal(
      schedule.calendar.updated?.setZone(schedule.calendar.timezone).toFormat("yyyy-MM-dd'T'HH:mm"),
      '2026-12-07T15:04',
    );
  });

  test('diff REV compares with the schedule as committed (git show REV:path)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nedetid-git-'));
    mkdirSync(join(dir, 'config'));
    const file = join(dir, 'config', 'schedule.yaml');
    writeFileSync(file, readFileSync(SHIPPED, 'utf8'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.no', ...args], { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'schedule');
    writeFileSync(file, realisticEdit());
    const r = await runCli(['diff', 'HEAD', '--config', file, ...FROM]);
    assert.equal(r.code, 1);
    assert.deepEqual(r.out.trimEnd().split('\n').slice(0, TABLE.length), TABLE);
    const bad = await runCli(['diff', 'no-such-rev', '--config', file]);
    assert.equal(bad.code, 1);
    assert.match(
      bad.err,
      new RegExp(`^no-such-rev:${file}:1:1: git show could not read the schedule at no-such-rev: `),
    );
  });

  test('diff lists changed texts, deleted windows and restored occurrences, and names the changed fields', async () => {
    const old = edited();
    const text = realisticEdit()
      .replace('title: Systemvedlikehold IST', 'title: Systemvedlikehold hos IST')
      .replace('    cancelled:\n      - { date: 2027-01-26, note: IST utsetter vedlikeholdet }\n', '')
      .replace(/ {2}- id: brannmur-2027-02-13\n( {4}.*\n)+/, '');
    const r = await runCli(['diff', old, edited(text), ...FROM, '--json']);
    const json = JSON.parse(r.out) as {
      changes: { kind: string; window: string; fields?: string[]; windowDeleted?: boolean }[];
    };
    assert.deepEqual(
      json.changes.map((c) => [c.kind, c.window, c.fields, c.windowDeleted]),
      [
        ['changed', 'ist-manedlig', ['title'], undefined],
        ['restored', 'ist-manedlig', undefined, undefined],
        ['removed', 'brannmur-2027-02-13', undefined, true],
        ['changed', 'ist-manedlig', ['title'], undefined],
      ],
    );
  });

  test('diff --format github: annotations on stdout, the table in the job summary', async () => {
    const file = edited();
    const summary = join(mkdtempSync(join(tmpdir(), 'nedetid-summary-')), 'summary.md');
    const r = await runCli(['diff', SHIPPED, file, ...FROM, '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
    assert.equal(r.code, 1);
    assert.deepEqual(r.out.trimEnd().split('\n'), [
      `::error file=${file},line=52,col=5::window 'ist-manedlig' changed in the feeds but its sequence is 0 (was 0); raise it to 1 so calendars replace their copy (nedetid diff --fix does)`,
      `::error file=${file},line=71,col=5::window 'gjovikregionen-manedlig' changed in the feeds but its sequence is 0 (was 0); raise it to 1 so calendars replace their copy (nedetid diff --fix does)`,
    ]);
    assert.deepEqual(readFileSync(summary, 'utf8').split('\n').slice(0, TABLE.length), TABLE);
  });

  test('diff and notify refuse each other’s options and a wrong number of schedules', async () => {
    const webhook = await runCli(['diff', SHIPPED, SHIPPED, '--webhook', 'http://127.0.0.1:9/x']);
    assert.equal(webhook.code, 2);
    assert.match(webhook.err, /^nedetid: --webhook is not an option of diff\n/);
    const fix = await runCli(['notify', SHIPPED, SHIPPED, '--fix']);
    assert.equal(fix.code, 2);
    assert.match(fix.err, /^nedetid: --fix is not an option of notify\n/);
    const three = await runCli(['diff', SHIPPED, SHIPPED, SHIPPED]);
    assert.equal(three.code, 2);
    assert.match(three.err, /diff needs OLD NEW \(two schedule files\) or REV \(a git revision of the schedule\)/);
  });
});
