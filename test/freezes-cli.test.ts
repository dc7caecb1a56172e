import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { diffSchedules } from '../src/diff/schedule-diff.js';
import { changeLines } from '../src/notify/change-message.js';
import { parseSchedule } from '../src/schedule-file/parse-schedule.js';
import { ROOT, SHIPPED } from './helpers/load.js';
import { runCli } from './helpers/run-cli.js';

const FIXTURE = `${ROOT}test/fixtures/freezes.yaml`;
const REASON = 'Sikkerhetshull i Visma, godkjent av IKT-sjefen 20.12.2026';

/** The shipped schedule with one more window: Visma patched on 28 December 2026, in the Christmas freeze. */
function withChristmasWork(policy: string): string {
  const text = readFileSync(SHIPPED, 'utf8').replace(
    '\n# Announced work without a date yet',
    [
      '',
      '  - id: visma-hastepatch',
      '    title: Hastepatch av Visma',
      '    provider: visma',
      '    systems: [visma]',
      '    start: 2026-12-28T08:00',
      '    end: 2026-12-28T10:00',
      ...policy.split('\n').filter(Boolean),
      '',
      '# Announced work without a date yet',
    ].join('\n'),
  );
  const file = join(mkdtempSync(join(tmpdir(), 'nedetid-freeze-')), 'schedule.yaml');
  writeFileSync(file, text);
  return file;
}

const ALLOWED = `    on-freeze: allow\n    freeze-reason: ${REASON}`;

describe('freezes in the CLI', () => {
  test('check: a window in the Christmas freeze is an error with both positions, the date and what to do', async () => {
    const file = withChristmasWork('');
    const r = await runCli(['check', file, '--from', '2026-12-01']);
    assert.equal(r.code, 1);
    assert.equal(
      r.err.split('\n')[0],
      `${file}:110:5: window 'visma-hastepatch' falls in freeze 'jul' (${file}:140:5) on Visma økonomi: 2026-12-28 08:00; move it out of the freeze, or set \`on-freeze: allow\` with \`freeze-reason:\` for approved emergency work`,
    );
  });

  test('diff: a NEW schedule with a window in a freeze is refused with the position', async () => {
    const file = withChristmasWork('');
    const r = await runCli(['diff', SHIPPED, file, '--from', '2026-12-01']);
    assert.equal(r.code, 1);
    assert.match(r.err, new RegExp(`^${file}:110:5: window 'visma-hastepatch' falls in freeze 'jul'`));
  });

  test('diff: approved work in a freeze shows the freeze and the reason', async () => {
    const file = withChristmasWork(ALLOWED);
    const r = await runCli(['diff', SHIPPED, file, '--from', '2026-12-01']);
    assert.equal(r.code, 0, r.err);
    assert.ok(
      r.out
        .split('\n')
        .includes(
          `| added | Mon 2026-12-28 08:00–10:00 |  | Hastepatch av Visma (\`visma-hastepatch\`) | visma | in freeze jul, allowed: ${REASON} |`,
        ),
      r.out,
    );
    const json = await runCli(['diff', SHIPPED, file, '--from', '2026-12-01', '--json']);
    const added = (JSON.parse(json.out) as { changes: { window: string; freeze?: unknown }[] }).changes.find(
      (c) => c.window === 'visma-hastepatch',
    );
    assert.deepEqual(added?.freeze, { id: 'jul', title: 'Julefrys – ingen planlagt nedetid', reason: REASON });
  });

  test('notify: the message of approved work in a freeze names the freeze and the reason', () => {
    const before = parseSchedule(readFileSync(SHIPPED, 'utf8'), SHIPPED);
    const file = withChristmasWork(ALLOWED);
    const after = parseSchedule(readFileSync(file, 'utf8'), file);
    const from = DateTime.fromISO('2026-12-01', { zone: 'Europe/Oslo' });
    const lines = changeLines(diffSchedules(before, after, from, 60), after.schedule);
    assert.deepEqual(lines, [
      `Ny: Hastepatch av Visma – man. 28. des 2026 08:00–10:00. I frysperioden «Julefrys – ingen planlagt nedetid», godkjent: ${REASON}. Berører: Visma økonomi.`,
    ]);
  });

  test('upcoming --freezes lists the freeze periods ahead, filtered by system', async () => {
    const r = await runCli(['upcoming', '--freezes', '--config', FIXTURE, '--days', '800', '--system', 'skole'], {
      NEDETID_NOW: '2026-12-01T10:00',
    });
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(r.out.trimEnd().split('\n'), [
      'Freeze periods 2026-12-01 + 800 days (Europe/Oslo)',
      'Fri 2027-03-26  all day to 2027-03-28  Varetelling  all systems  telling',
      'Sun 2027-08-15  06:00–18:00            Skolestart   skole        skolestart',
      'Tue 2028-08-15  06:00–18:00            Skolestart   skole        skolestart',
    ]);
  });

  test('upcoming --freezes --json gives each period with its start and end, a year ahead by default', async () => {
    const r = await runCli(['upcoming', '--freezes', '--json'], { NEDETID_NOW: '2026-12-01T10:00' });
    assert.equal(r.code, 0, r.err);
    assert.deepEqual((JSON.parse(r.out) as { freezes: unknown[] }).freezes, [
      {
        uid: 'jul@nedetid.example.no',
        freeze: 'jul',
        title: 'Julefrys – ingen planlagt nedetid',
        start: '2026-12-23T00:00:00+01:00',
        end: '2027-01-03T00:00:00+01:00',
        allDay: false,
        systems: ['visma', 'gat', 'servere', 'internett', 'ip-telefoni'],
      },
    ]);
  });

  test('build writes feeds/freezes.ics beside the staff feeds', async () => {
    const out = mkdtempSync(join(tmpdir(), 'nedetid-build-'));
    const r = await runCli(['build', '--config', FIXTURE, '--out', out]);
    assert.equal(r.code, 0, r.err);
    const planners = readFileSync(join(out, 'feeds/freezes.ics'), 'utf8');
    assert.match(planners, /^UID:valg@frys\.example\.no\r$/m);
    assert.doesNotMatch(readFileSync(join(out, 'feeds/all.ics'), 'utf8'), /UID:valg@/);
  });
});
