import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WORKER_HEAP_MB } from '../src/feeds/worker-loader.js';
import { ScheduleError } from '../src/schedule-file/schedule-error.js';
import { startServer } from '../src/server.js';
import { readSettings, SettingsError } from '../src/settings.js';
import { slowSchedule } from './helpers/slow-schedule.js';

describe('settings', () => {
  describe('NEDETID_WORKER_HEAP_MB', () => {
    it('defaults to the worker heap the loader had hard-coded, and takes a whole number of MB', () => {
      assert.equal(readSettings({}).workerHeapMb, WORKER_HEAP_MB);
      assert.equal(WORKER_HEAP_MB, 1024);
      assert.equal(readSettings({ NEDETID_WORKER_HEAP_MB: '512' }).workerHeapMb, 512);
    });

    for (const value of ['0', '15', '1.5', 'lots', '']) {
      it(`refuses '${value}' and says what would be right`, () => {
        assert.throws(
          () => readSettings({ NEDETID_WORKER_HEAP_MB: value }),
          new SettingsError(`NEDETID_WORKER_HEAP_MB '${value}' must be a whole number of megabytes, at least 16`),
        );
      });
    }

    it('is the heap the server gives its load worker: a schedule that needs more is refused at start', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'nedetid-heap-'));
      const config = join(dir, 'schedule.yaml');
      writeFileSync(config, slowSchedule(1500)); // needs more than 16 MB (worker-loader.test.ts)
      const settings = readSettings({
        NEDETID_CONFIG: config,
        NEDETID_WORKER_HEAP_MB: '16',
        NEDETID_SETTLE_MS: '0',
        PORT: '0',
        HOST: '127.0.0.1',
      });
      // Were the setting not passed on, the server would start (the default heap is enough): close it.
      const err = await startServer(settings).then(
        async (app) => (await app.close(), 'started'),
        (err: unknown) => err,
      );
      assert.ok(err instanceof ScheduleError, String(err));
      assert.match(err.problems[0]!.message, /^loading the schedule needed more than 16 MB of memory and was stopped/);
    });
  });
});
