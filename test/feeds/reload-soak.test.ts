import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT } from '../helpers/load.js';

const MB = 1024 * 1024;

describe('ScheduleReloader: memory over many reloads', () => {
  test('regression: every reload kept the previous FeedSet reachable, about 0.5 MB each; 2,000 reloads leave the heap flat', async (t) => {
    // In its own process, with --expose-gc, so the heap is measured after full collections only.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'test/helpers/reload-soak.ts', '2000'],
      { cwd: ROOT },
    );
    const soak = JSON.parse(stdout) as {
      reloads: { ok: number; failed: number };
      at200: { heapUsed: number; arrayBuffers: number };
      end: { heapUsed: number; arrayBuffers: number };
      seconds: number;
    };
    assert.deepEqual(soak.reloads, { ok: 2000, failed: 0 });
    const heap = (soak.end.heapUsed - soak.at200.heapUsed) / MB;
    const buffers = (soak.end.arrayBuffers - soak.at200.arrayBuffers) / MB;
    const seen = `from reload 200 to 2,000: heap ${heap.toFixed(2)} MB (${(soak.end.heapUsed / MB).toFixed(1)} MB at the end), feed buffers ${buffers.toFixed(2)} MB, in ${soak.seconds.toFixed(1)} s`;
    t.diagnostic(seen);
    // A chain of sets grows both by tens of megabytes over these 1,800 reloads.
    assert.ok(heap < 5, seen);
    assert.ok(buffers < 5, seen);
  });
});
