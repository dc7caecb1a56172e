import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FeedSet } from '../../src/feeds/feed-set.js';
import { FeedStore } from '../../src/feeds/feed-store.js';
import { loadFeeds, type LoadText } from '../../src/feeds/load-feeds.js';
import { ScheduleReloader, type ReloaderOptions } from '../../src/feeds/schedule-reloader.js';
import { workerLoader } from '../../src/feeds/worker-loader.js';
import { MAX_SCHEDULE_BYTES } from '../../src/schedule-file/schedule-limits.js';
import { readScheduleFile } from '../../src/schedule-file/read-schedule-file.js';
import { SHIPPED } from '../helpers/load.js';
import { testApp } from '../helpers/app.js';
import { heldLoads } from '../helpers/held-load.js';
import { fixedClock, REAL_TIME } from '../../src/time/clock.js';

type Line = { level: string; obj: Record<string, unknown>; msg: string };

/** The reloader's log lines, and `logged(msg)`: a promise of the next line with that message. */
function recordingLog() {
  const lines: Line[] = [];
  const waiting: { msg: string; resolve: (line: Line) => void }[] = [];
  const at = (level: string) => (obj: Record<string, unknown>, msg: string) => {
    const line = { level, obj, msg };
    lines.push(line);
    for (const w of waiting.filter((w) => w.msg === msg)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve(line);
    }
  };
  const logged = (msg: string) => new Promise<Line>((resolve) => waiting.push({ msg, resolve }));
  return { lines, logged, log: { info: at('info'), warn: at('warn'), error: at('error') } as never };
}

async function setup(t: { after: (fn: () => unknown) => void }, options: Omit<ReloaderOptions, 'clock'> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'nedetid-reload-'));
  const file = join(dir, 'schedule.yaml');
  copyFileSync(SHIPPED, file);
  const loaded = await readScheduleFile(file, MAX_SCHEDULE_BYTES);
  assert.ok(loaded.ok);
  const { feeds, ms } = await loadFeeds(file, { clock: () => REAL_TIME });
  const store = new FeedStore(feeds, new Date(), ms);
  const { lines, logged, log } = recordingLog();
  const reloader = new ScheduleReloader(file, store, log, { ...options, clock: REAL_TIME });
  reloader.markLoaded(loaded);
  const { app } = testApp(t, { store });
  return { file, store, reloader, app, lines, logged };
}

const good = readFileSync(SHIPPED, 'utf8');
const edited = good.replace('title: Systemvedlikehold IST', 'title: Systemvedlikehold IST (endret)');
const broken = good.replace(
  '    provider: visma\n    systems: [visma]\n    date: 2022-06-13',
  '    provider: vsima\n    systems: [visma]\n    date: 2022-06-13',
);

describe('ScheduleReloader', () => {
  test('a good edit replaces the feeds; a broken one is refused with FILE:LINE:COL and the last good feeds stay', async (t) => {
    const { file, store, reloader, app, lines } = await setup(t);
    const original = (await app.inject('/feeds/all.ics')).body;

    writeFileSync(file, edited);
    await reloader.reload('test');
    const afterEdit = (await app.inject('/feeds/all.ics')).body;
    assert.match(afterEdit, /SUMMARY:Systemvedlikehold IST \(endret\)/);
    assert.deepEqual((await app.inject('/healthz')).json().status, 'ok');

    writeFileSync(file, broken);
    await reloader.reload('test');
    assert.equal((await app.inject('/feeds/all.ics')).body, afterEdit, 'the last good feeds are still served');
    const health = (await app.inject('/healthz')).json();
    assert.equal(health.status, 'degraded');
    assert.deepEqual(health.error, [
      `schedule.yaml:98:15: unknown provider 'vsima'; did you mean 'visma'? (known: ist, ikt-gjovikregionen, visma)`,
    ]);
    assert.ok(lines.some((l) => l.level === 'error' && (l.obj.problems as string[])[0]!.includes(':98:15:')));

    writeFileSync(file, good);
    await reloader.reload('test');
    assert.equal((await app.inject('/feeds/all.ics')).body, original);
    assert.equal((await app.inject('/healthz')).json().status, 'ok');
    assert.deepEqual(store.reloads, { ok: 2, failed: 1 });
    const metrics = (await app.inject('/metrics')).body;
    assert.match(metrics, /nedetid_schedule_reloads_total\{result="failed"\} 1\n/);
    assert.match(metrics, /nedetid_schedule_degraded 0\n/);
  });

  test('the file watcher picks up an edit by itself, even one made before it started', async (t) => {
    const { file, reloader, app, logged } = await setup(t);
    // Regression: fs.watchFile took an edit made before its first (asynchronous) stat as its
    // baseline and never reloaded it. The edit here comes before the watcher starts.
    writeFileSync(file, edited);
    const reloaded = logged('schedule reloaded');
    const stop = reloader.watch(50);
    t.after(stop);
    // The watcher's timer is unref'd (it does not keep the service alive); this handle keeps the
    // test's event loop alive until the reload is logged.
    const alive = setInterval(() => {}, 60_000);
    t.after(() => clearInterval(alive));
    assert.equal((await reloaded).obj.reason, 'file changed');
    assert.match((await app.inject('/feeds/all.ics')).body, /\(endret\)/);
  });

  test('under load, edits to broken, good and broken again never fail a request or mix two schedules', async (t) => {
    const { file, reloader, app } = await setup(t);
    const statuses = new Map<number, number>();
    const bodies = new Set<string>();
    let stop = false;
    const load = (async () => {
      while (!stop) {
        const res = await Promise.all(Array.from({ length: 20 }, () => app.inject('/feeds/systems/ist-tjenester.ics')));
        for (const r of res) {
          statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
          bodies.add(r.body);
        }
        await new Promise((r) => setImmediate(r));
      }
    })();
    for (const text of [broken, edited, broken, good, edited]) {
      writeFileSync(file, text);
      await reloader.reload('test');
    }
    stop = true;
    await load;
    assert.deepEqual([...statuses.keys()], [200]);
    assert.ok(statuses.get(200)! > 100);
    // Only the two good versions of this feed were ever served, each whole.
    assert.ok(bodies.size <= 2);
    for (const b of bodies) assert.ok(b.startsWith('BEGIN:VCALENDAR') && b.endsWith('END:VCALENDAR\r\n'));
  });

  test('overlapping reload requests are serialised and the newest file wins', async (t) => {
    const { file, reloader, app } = await setup(t);
    writeFileSync(file, edited);
    const a = reloader.reload('one');
    writeFileSync(file, good);
    const b = reloader.reload('two');
    await Promise.all([a, b]);
    assert.doesNotMatch((await app.inject('/feeds/all.ics')).body, /\(endret\)/);
  });

  test('a new month renders the served schedule again, even while the file on disk is broken', async (t) => {
    const { file, store, reloader, app } = await setup(t);
    writeFileSync(file, broken);
    await reloader.reload('test');
    assert.equal(store.health.status, 'degraded');
    const before = store.current;
    await reloader.rollMonth(new Date(`${before.month.plus({ months: 1 }).toISODate()}T12:00:00Z`));
    assert.notEqual(store.current, before, 'a new FeedSet for the new month');
    assert.equal(+store.current.month, +before.month.plus({ months: 1 }));
    assert.equal(store.current.schedule, before.schedule, 'the last good schedule, not the broken file');
    assert.equal(store.health.status, 'degraded', 'the broken file is still reported');
    const gat = (await app.inject('/feeds/systems/gat.ics')).body;
    assert.notEqual(gat, before.get('feeds/systems/gat.ics')!.body.toString(), 'the rolling end moved');
    const same = store.current;
    await reloader.rollMonth(new Date(`${before.month.plus({ months: 1 }).toISODate()}T13:00:00Z`));
    assert.equal(store.current, same, 'the same month renders nothing again');
  });

  test('a new month is rendered in the load worker, like a reload, with the same bytes as on the main thread', async (t) => {
    const { store, reloader, lines } = await setup(t, { load: workerLoader() });
    const before = store.current;
    const next = new Date(`${before.month.plus({ months: 1 }).toISODate()}T12:00:00Z`);
    await reloader.rollMonth(next);
    assert.equal(+store.current.month, +before.month.plus({ months: 1 }));
    assert.equal(store.current.schedule, before.schedule, 'the served Schedule object stays');
    const here = new FeedSet(before.schedule, undefined, fixedClock(next));
    for (const feed of here.feeds)
      assert.ok(store.current.get(feed.definition.path)!.body.equals(feed.body), feed.definition.path);
    assert.ok(lines.some((l) => l.msg === 'feeds rendered for a new month'));
  });

  test('regression: a load over the time budget (NEDETID_LOAD_BUDGET_MS) is stopped and reported; the last good feeds stay', async (t) => {
    // The first load never ends by itself (its worker spins), so only the budget stops it.
    // Later loads get the default budget (a real load of the shipped schedule must not race 100 ms).
    const { start, held } = heldLoads();
    const [tight, normal] = [workerLoader({ budgetMs: 100, start }), workerLoader()];
    let loads = 0;
    const load: LoadText = (...args) => (loads++ === 0 ? tight : normal)(...args);
    const { file, reloader, app, lines } = await setup(t, { settleMs: 0, load });
    const before = (await app.inject('/feeds/all.ics')).body;
    writeFileSync(file, edited);
    await reloader.reload('test');
    await held[0]!.exited;
    const { loadedAt, ...refused } = (await app.inject('/healthz')).json();
    assert.ok(loadedAt);
    assert.deepEqual(refused, {
      status: 'degraded',
      error: [
        'schedule.yaml:1:1: loading the schedule took longer than 100 ms (NEDETID_LOAD_BUDGET_MS) and was stopped; make it cheaper (fewer windows, shorter rules, fewer far-off dates)',
      ],
      windows: 5,
      feeds: 16,
    });
    assert.equal((await app.inject('/feeds/all.ics')).body, before);
    assert.ok(lines.some((l) => l.msg === 'schedule refused; still serving the last good one'));
    // The reloader is not stuck behind the stopped load: the next one (a real worker) is loaded.
    await reloader.reload('test');
    assert.equal((await app.inject('/healthz')).json().status, 'ok');
    assert.match((await app.inject('/feeds/all.ics')).body, /\(endret\)/);
  });

  test('regression: a reload of an expensive schedule held every request, /healthz included, for seconds', async (t) => {
    // The load runs in its worker for as long as the test holds it (the worker spins); before the
    // worker, a load ran on the main thread and no request was answered until it ended.
    const { start, held, firstStarted } = heldLoads();
    const { file, reloader, app } = await setup(t, { settleMs: 0, load: workerLoader({ start }) });
    const before = (await app.inject('/feeds/all.ics')).body;
    writeFileSync(file, edited);
    let reloading = true;
    const reload = reloader.reload('test').then(() => (reloading = false));
    await firstStarted;
    for (let i = 0; i < 20; i++) {
      const [health, feed] = await Promise.all([app.inject('/healthz'), app.inject('/feeds/all.ics')]);
      assert.equal(health.json().status, 'ok');
      assert.equal(feed.statusCode, 200);
      assert.equal(feed.body, before);
    }
    assert.ok(reloading, 'the load was still running while the 40 requests were answered');
    await held[0]!.worker.terminate();
    await reload;
    // Ended from outside, the load is refused like a worker that died; the last good feeds stay.
    const health = (await app.inject('/healthz')).json();
    assert.equal(health.status, 'degraded');
    assert.match(health.error[0], /^schedule\.yaml:1:1: the load worker exited with code \d+$/);
    assert.equal((await app.inject('/feeds/all.ics')).body, before);
  });
});
