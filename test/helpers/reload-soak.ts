// `node --expose-gc --import tsx test/helpers/reload-soak.ts RELOADS`: reloads the shipped schedule
// RELOADS times, alternating two versions, through the service's own path on the main thread
// (ScheduleReloader over a real file, the revived schedule, FeedSet, FeedStore, and requests that
// fill the per-set caches), and prints the heap after a full GC at reload 200 and at the end as JSON.
//
// The load itself is what the load worker would send back: the worker's heap ends with the
// worker, so what can leak across reloads is what the main thread keeps. The two versions are
// loaded once; each reload revives its schedule text and copies its feed bodies, so every reload
// makes new objects, as a worker load does.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FeedStore } from '../../src/feeds/feed-store.js';
import { FeedSet } from '../../src/feeds/feed-set.js';
import { loadText, type LoadText } from '../../src/feeds/load-feeds.js';
import { ScheduleReloader } from '../../src/feeds/schedule-reloader.js';
import { buildApp } from '../../src/http/app.js';
import { NO_PRESSURE_GUARD } from './app.js';
import { encodeSchedule, reviveSchedule } from '../../src/feeds/schedule-transfer.js';
import { SHIPPED } from './load.js';
import { fixedClock } from '../../src/time/clock.js';
import { DateTime } from 'luxon';

const reloads = Number(process.argv[2] ?? 2000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const good = readFileSync(SHIPPED, 'utf8');
const versions = [good, good.replace('title: Systemvedlikehold IST', 'title: Systemvedlikehold IST (endret)')].map(
  (text) => {
    const bytes = Buffer.from(text);
    const { schedule, rendered, warnings } = loadText(bytes, 'schedule.yaml', new Date('2026-01-01T00:00:00Z'));
    return { bytes, text: encodeSchedule(schedule), rendered, warnings };
  },
);
const load: LoadText = async (bytes) => {
  const v = versions.find((v) => v.bytes.equals(bytes))!;
  return {
    schedule: await reviveSchedule(v.text),
    rendered: { ...v.rendered, feeds: v.rendered.feeds.map((f) => ({ ...f })), windowText: [...v.rendered.windowText] },
    warnings: v.warnings,
  };
};

const file = join(mkdtempSync(join(tmpdir(), 'nedetid-soak-')), 'schedule.yaml');
writeFileSync(file, versions[0]!.bytes);
const first = await load(versions[0]!.bytes, 'schedule.yaml', new Date('2026-01-01T00:00:00Z'));
const store = new FeedStore(
  new FeedSet(first.schedule, undefined, fixedClock(new Date('2026-01-01T00:00:00Z')), first.rendered),
  new Date('2026-01-01T00:00:00Z'),
);
const silent = { info() {}, warn() {}, error() {} };
const reloader = new ScheduleReloader(file, store, silent, {
  settleMs: 0,
  load,
  clock: fixedClock(new Date('2026-01-01T00:00:00Z')),
});
// The reloads run on this thread, holding its event loop: the overload guard would answer 503.
const app = buildApp({ store, logger: false, pressure: NO_PRESSURE_GUARD, now: () => DateTime.now() });
const urls = [
  '/feeds/all.ics',
  '/feeds/systems/visma.ics',
  '/feeds/custom.ics?systems=visma,gat',
  '/feeds/all.atom',
  '/',
  '/api/occurrences',
  '/api/feeds',
];

const heap = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers };
};
const started = performance.now();
let at200 = heap();
for (let i = 1; i <= reloads; i++) {
  const v = versions[i % 2]!;
  writeFileSync(file, v.bytes);
  await reloader.reload('soak');
  if (store.current.schedule.windows[0]!.title !== (i % 2 ? 'Systemvedlikehold IST (endret)' : 'Systemvedlikehold IST'))
    throw new Error(`reload ${i} did not replace the schedule`);
  for (const url of urls) {
    const res = await app.inject({ url, headers: { 'accept-encoding': i % 3 === 0 ? 'gzip' : 'identity' } });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
  }
  if (i === 200) at200 = heap();
}
const end = heap();
await app.close();
process.stdout.write(
  JSON.stringify({ reloads: store.reloads, at200, end, seconds: (performance.now() - started) / 1000 }) + '\n',
);
