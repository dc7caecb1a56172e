import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FeedSet } from '../../src/feeds/feed-set.js';
import { loadText } from '../../src/feeds/load-feeds.js';
import { workerLoader } from '../../src/feeds/worker-loader.js';
import { ScheduleError } from '../../src/schedule-file/schedule-error.js';
import { EDGE_CASES, ROOT, SHIPPED } from '../helpers/load.js';
import { heldLoads } from '../helpers/held-load.js';
import { slowSchedule } from '../helpers/slow-schedule.js';
import { fixedClock } from '../../src/time/clock.js';

const now = new Date('2026-11-27T12:00:00Z');

describe('workerLoader: loads in a worker thread', () => {
  for (const [name, file] of Object.entries({ shipped: SHIPPED, 'edge cases': EDGE_CASES })) {
    test(`the load worker gives the same schedule and the same feed bytes as a load on the main thread (${name})`, async () => {
      const bytes = readFileSync(file);
      const inWorker = await workerLoader()(bytes, 'schedule.yaml', now);
      const here = loadText(bytes, 'schedule.yaml', now);
      assert.deepStrictEqual(inWorker.schedule, here.schedule);
      assert.deepStrictEqual(inWorker.warnings, here.warnings);
      assert.deepStrictEqual(inWorker.rendered, here.rendered);
      // And the feeds made from them have the same bytes.
      const a = new FeedSet(inWorker.schedule, undefined, fixedClock(now), inWorker.rendered);
      const b = new FeedSet(here.schedule, undefined, fixedClock(now), here.rendered);
      for (const f of a.feeds) assert.ok(f.body.equals(b.get(f.definition.path)!.body), f.definition.path);
    });
  }

  test('a schedule the worker refuses is refused with the same FILE:LINE:COL problems as on the main thread', async () => {
    const bytes = readFileSync(`${ROOT}test/schedule-file/fixtures/unknown-references.yaml`);
    const here = (() => {
      try {
        loadText(bytes, 'schedule.yaml', now);
      } catch (err) {
        return err;
      }
    })();
    assert.ok(here instanceof ScheduleError);
    await assert.rejects(workerLoader()(bytes, 'schedule.yaml', now), (err) => {
      assert.ok(err instanceof ScheduleError);
      assert.deepEqual(err.problems, here.problems);
      return true;
    });
  });

  test('a load over its time budget is stopped at the budget, and its worker ended, not left running', async () => {
    // The worker never answers: only the budget can end this load, however fast or busy the machine.
    const { start, held } = heldLoads();
    const bytes = readFileSync(SHIPPED);
    await assert.rejects(workerLoader({ budgetMs: 100, start })(bytes, 'schedule.yaml', now), (err) => {
      assert.ok(err instanceof ScheduleError);
      assert.equal(
        err.problems[0]!.message,
        'loading the schedule took longer than 100 ms (NEDETID_LOAD_BUDGET_MS) and was stopped; make it cheaper (fewer windows, shorter rules, fewer far-off dates)',
      );
      return true;
    });
    assert.equal(held.length, 1);
    // Terminated: a spinning worker that was left running would never exit.
    await held[0]!.exited;
  });

  test('regression: the load worker had no memory limit; a load that needs more than its heap is refused, not the process', async () => {
    const bytes = Buffer.from(slowSchedule(1500));
    await assert.rejects(workerLoader({ heapMb: 16 })(bytes, 'schedule.yaml', now), (err) => {
      assert.ok(err instanceof ScheduleError, String(err));
      assert.equal(
        err.problems[0]!.message,
        'loading the schedule needed more than 16 MB of memory and was stopped; make it smaller (fewer windows, shorter rules, fewer far-off dates)',
      );
      return true;
    });
    // The same bytes load within the default heap.
    const loaded = await workerLoader()(bytes, 'schedule.yaml', now);
    assert.equal(loaded.schedule.windows.length, 1500);
  });
});
