import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readArgs } from '../../bench/generate-schedule.js';

const run = async (args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'bench/generate-schedule.ts', ...args],
      { encoding: 'utf8' },
    );
    return { code: 0, out: stdout, err: stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
};

describe('bench/generate-schedule.ts command line', () => {
  it('prints its usage and exits 0 for --help (generate-schedule --help crashed bug)', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    assert.match(r.out, /^usage: node --import tsx bench\/generate-schedule\.ts \[--windows N\]/);
    assert.match(r.out, /--all SHARE +share of windows with `systems: all`/);
  });

  it('refuses an unknown option in one line with exit 2, no stack trace', async () => {
    const r = await run(['--bogus']);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(r.err, "generate-schedule: Unknown option '--bogus' (--help for usage)\n");
  });

  it('says which value is wrong, in one line', () => {
    assert.deepEqual(readArgs(['--windows', 'x']), { error: "--windows 'x' must be a whole number, at least 1" });
    assert.deepEqual(readArgs(['--systems', '0']), { error: "--systems '0' must be a whole number, at least 1" });
    assert.deepEqual(readArgs(['--all', '1.5']), { error: "--all '1.5' must be a share from 0 to 1, e.g. 0.1" });
    assert.deepEqual(readArgs(['--all', '0x1']), { error: "--all '0x1' must be a share from 0 to 1, e.g. 0.1" });
    assert.deepEqual(readArgs(['a.yaml', 'b.yaml']), { error: 'one FILE at most, got 2: a.yaml b.yaml' });
    assert.deepEqual(readArgs(['--all', '-1']), { error: "Option '--all' argument is ambiguous" });
  });

  it('reads the shape and file it is given, and the defaults', () => {
    assert.deepEqual(readArgs(['--windows', '20', '--systems=5', '--all', '.1', '--seed', '0', 'out.yaml']), {
      shape: { windows: 20, systems: 5, seed: 0, allShare: 0.1 },
      file: 'out.yaml',
    });
    assert.deepEqual(readArgs([]), { shape: { windows: 1000, systems: 1000, seed: 1, allShare: 0 } });
  });
});
