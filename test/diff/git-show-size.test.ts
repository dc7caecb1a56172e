import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_SCHEDULE_BYTES } from '../../src/schedule-file/schedule-limits.js';
import { SHIPPED } from '../helpers/load.js';
import { runCli } from '../helpers/run-cli.js';
import { realisticEdit } from './realistic-edit.js';

/** The schedule text padded with comment lines to `bytes` bytes: as valid as before, only larger. */
function padded(text: string, bytes: number): string {
  const line = `# ${'x'.repeat(97)}\n`;
  const lines = Math.ceil((bytes - Buffer.byteLength(text)) / line.length);
  return text + line.repeat(Math.max(0, lines));
}

/** A git repository holding `committed` as schedule.yaml, with the file now holding `now`. */
function repository(committed: string, now: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nedetid-git-size-'));
  const file = join(dir, 'schedule.yaml');
  writeFileSync(file, committed);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.no', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'schedule');
  writeFileSync(file, now);
  return file;
}

const FROM = ['--from', '2026-12-01'];

describe('diff REV (git show)', () => {
  it('regression: diff REV reads a valid schedule over 4 MiB (the git show buffer was 4 MiB, the file limit 8 MiB)', async () => {
    const big = padded(readFileSync(SHIPPED, 'utf8'), 4.2e6);
    assert.ok(Buffer.byteLength(big) > 4 * 1024 * 1024 && Buffer.byteLength(big) < MAX_SCHEDULE_BYTES);
    const file = repository(big, padded(realisticEdit(), 4.2e6));
    assert.equal((await runCli(['check', file])).code, 0);
    const r = await runCli(['diff', 'HEAD', '--config', file, ...FROM]);
    assert.equal(r.code, 1, r.err); // the edit forgets to raise sequence: diff ran to the end
    assert.match(r.out, /^\| moved \| Wed 2027-01-27 16:00–19:00 \| Wed 2027-01-20 16:00–19:00 \|/m);
  });

  it('regression: when git show fails, diff REV says why (a file over the limit, an unknown revision)', async () => {
    const huge = padded(readFileSync(SHIPPED, 'utf8'), MAX_SCHEDULE_BYTES + 1000);
    const file = repository(huge, readFileSync(SHIPPED, 'utf8'));
    const r = await runCli(['diff', 'HEAD', '--config', file, ...FROM]);
    assert.equal(r.code, 1);
    assert.equal(
      r.err.split('\n')[0],
      `HEAD:${file}:1:1: git show could not read the schedule at HEAD: the file there is larger than ${MAX_SCHEDULE_BYTES} bytes, the limit for a schedule`,
    );
    const unknown = await runCli(['diff', 'no-such-rev', '--config', file, ...FROM]);
    assert.equal(unknown.code, 1);
    assert.match(
      unknown.err.split('\n')[0]!,
      /^no-such-rev:.*:1:1: git show could not read the schedule at no-such-rev: fatal: invalid object name 'no-such-rev'\.$/,
    );
  });
});
