import { fixedClock } from '../../src/time/clock.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FeedStore } from '../../src/feeds/feed-store.js';
import { loadFeeds } from '../../src/feeds/load-feeds.js';
import { ScheduleReloader } from '../../src/feeds/schedule-reloader.js';
import { MAX_SCHEDULE_BYTES } from '../../src/schedule-file/schedule-limits.js';
import { readScheduleFile } from '../../src/schedule-file/read-schedule-file.js';
import { SHIPPED } from '../helpers/load.js';
import { testApp } from '../helpers/app.js';

const silent = { info() {}, warn() {}, error() {} } as never;

describe('ScheduleReloader and freezes', () => {
  test('a reload with a window in a freeze is refused with both positions; the last good feeds stay', async (t) => {
    const file = join(mkdtempSync(join(tmpdir(), 'nedetid-freeze-reload-')), 'schedule.yaml');
    copyFileSync(SHIPPED, file);
    const loaded = await readScheduleFile(file, MAX_SCHEDULE_BYTES);
    assert.ok(loaded.ok);
    const clock = fixedClock(new Date('2026-12-07T10:00:00Z'));
    const { feeds, ms } = await loadFeeds(file, { clock: () => clock });
    const store = new FeedStore(feeds, clock.now(), ms);
    const reloader = new ScheduleReloader(file, store, silent, { clock });
    reloader.markLoaded(loaded);
    const { app } = testApp(t, { store });
    const before = (await app.inject('/feeds/all.ics')).body;

    // The December patch night moved into the Christmas freeze.
    writeFileSync(
      file,
      readFileSync(SHIPPED, 'utf8').replace(
        '      - { date: 2022-12-21, to: 2022-12-14, note: Før jul }',
        '      - { date: 2022-12-21, to: 2022-12-27, note: Etter jul }',
      ),
    );
    await reloader.reload('test');
    assert.equal((await app.inject('/feeds/all.ics')).body, before, 'the last good feeds are still served');
    const health = (await app.inject('/healthz')).json();
    assert.equal(health.status, 'degraded');
    assert.deepEqual(health.error, [
      "schedule.yaml:69:5: window 'gjovikregionen-manedlig' falls in freeze 'jul' (schedule.yaml:133:5) on Visma økonomi, GAT, Servere i regionen: 2022-12-27 16:00; move it out of the freeze, or set `on-freeze: allow` with `freeze-reason:` for approved emergency work",
    ]);
  });
});
