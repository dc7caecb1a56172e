import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { loadFeeds } from '../src/feeds/load-feeds.js';

/**
 * `npm run bench`: loopback load with autocannon against the real service, each figure next to
 * its baseline from the same run. Prints a Markdown table. Not a test: nothing here asserts.
 */
const ROOT = new URL('../', import.meta.url).pathname;
const DURATION = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const dir = mkdtempSync(join(tmpdir(), 'nedetid-bench-'));
const config = join(dir, 'schedule.yaml');
copyFileSync(join(ROOT, 'config/schedule.yaml'), config);
const rows: string[][] = [];

function start(args: string[], port: number, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', NEDETID_CONFIG: config, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function ready(port: number, path: string) {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}${path}`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${port} did not come up`);
}

function cannon(url: string, headers: Record<string, string> = {}, seconds = DURATION) {
  return autocannon({ url, connections: 10, duration: seconds, headers });
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const servicePort = 18431;
const barePort = 18432;
const { feeds } = await loadFeeds(config);
const allBody = join(dir, 'all.ics');
writeFileSync(allBody, feeds.get('feeds/all.ics')!.body);
const service = start(['src/main.ts', 'serve'], servicePort, { NEDETID_WATCH_MS: '200' });
const bare = start(['bench/bare-server.ts', allBody], barePort);
try {
  await Promise.all([ready(servicePort, '/healthz'), ready(barePort, '/feeds/all.ics')]);
  const base = `http://127.0.0.1:${servicePort}`;

  // 1. Combined feed: service vs bare Fastify sending the same prebuilt buffer, and 2. 304 vs
  // 200. This machine is shared and noisy: the runs alternate, and medians are compared.
  await cannon(`${base}/feeds/all.ics`, {}, 1); // warm-up
  const etag = (await fetch(`${base}/feeds/all.ics`)).headers.get('etag')!;
  const runs = { svc: [] as number[], bare: [] as number[], notModified: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    runs.svc.push((await cannon(`${base}/feeds/all.ics`)).requests.average);
    runs.bare.push((await cannon(`http://127.0.0.1:${barePort}/feeds/all.ics`)).requests.average);
    runs.notModified.push((await cannon(`${base}/feeds/all.ics`, { 'if-none-match': etag })).requests.average);
  }
  const svc = { requests: { average: median(runs.svc) } };
  const bareRps = median(runs.bare);
  const notModifiedRps = median(runs.notModified);
  rows.push([
    'combined feed, 200 (req/s)',
    fmt(svc.requests.average),
    `bare Fastify, same bytes: ${fmt(bareRps)}`,
    `${fmt(svc.requests.average / bareRps, 2)} (aim ≥ 0.9)`,
  ]);
  rows.push([
    'combined feed, 304 (req/s)',
    fmt(notModifiedRps),
    `200: ${fmt(svc.requests.average)}`,
    fmt(notModifiedRps / svc.requests.average, 2),
  ]);

  // 3. Custom feed of 3 systems: first (composed) request vs cached.
  const customUrl = `${base}/feeds/custom.ics?systems=visma,gat,ist-tjenester`;
  let t = performance.now();
  await (await fetch(customUrl)).arrayBuffer();
  const firstMs = performance.now() - t;
  t = performance.now();
  await (await fetch(customUrl)).arrayBuffer();
  const secondMs = performance.now() - t;
  const custom = await cannon(customUrl);
  rows.push([
    'custom feed of 3 systems',
    `first request ${fmt(firstMs, 2)} ms`,
    `cached ${fmt(secondMs, 2)} ms; ${fmt(custom.requests.average)} req/s`,
    fmt(custom.requests.average / svc.requests.average, 2) + ' of combined',
  ]);

  // 4. Reload under load: rewrite the schedule (changed, then back) every 250 ms during a run.
  const steady = await cannon(`${base}/feeds/all.ics`, {}, 4);
  const good = readFileSync(config, 'utf8');
  let flip = false;
  const timer = setInterval(() => {
    flip = !flip;
    writeFileSync(config, flip ? good.replace('duration: PT1H', 'duration: PT45M') : good);
    service.kill('SIGHUP');
  }, 250);
  const during = await cannon(`${base}/feeds/all.ics`, {}, 4);
  clearInterval(timer);
  const reloads = Number(
    /nedetid_schedule_reloads_total\{result="ok"\} (\d+)/.exec(await (await fetch(`${base}/metrics`)).text())![1],
  );
  rows.push([
    `reload under load (${reloads} reloads in 4 s)`,
    `failed requests: ${during.errors + during.non2xx}`,
    `p99 ${fmt(during.latency.p99, 1)} ms vs steady ${fmt(steady.latency.p99, 1)} ms`,
    `${fmt(during.requests.average)} vs ${fmt(steady.requests.average)} req/s`,
  ]);
} finally {
  service.kill('SIGTERM');
  bare.kill('SIGTERM');
}

// 5. Schedule scale, each size in a fresh process.
const scale: { windows: number; ms: number; maxRssMb: number; feeds: number }[] = [];
for (const windows of [100, 1000, 10000]) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'bench/scale-load.ts', String(windows), join(dir, `scale-${windows}.yaml`)],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  scale.push(JSON.parse(r.stdout));
}
for (const s of scale) {
  rows.push([
    `${fmt(s.windows)} windows, 1,000 systems, 3 each`,
    `all ${fmt(s.feeds)} feeds ready in ${fmt(s.ms)} ms`,
    `peak RSS ${fmt(s.maxRssMb)} MB`,
    `${fmt((s.ms / s.windows) * 1000, 0)} µs/window${s.windows === 10000 ? ' (aim ≤ 2,000 ms, ≤ 300 MB)' : ''}`,
  ]);
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, ${DURATION} s runs (medians of ${ROUNDS} alternating rounds for the first two rows), 10 connections, loopback`;
const table = [
  '| measure | result | baseline / detail | ratio |',
  '| --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
process.stdout.write(`${machine}\n\n${table}\n`);
