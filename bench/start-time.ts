import { spawn, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fmt, markdownTable, median, processCpuMicros, QUICK, ROOT } from './measure.js';

/**
 * How long `serve` takes to be ready (issue 18): the time from spawning `node bin/nedetid serve`
 * on the shipped schedule to its first 200 on /healthz, beside a bare Fastify app's (the
 * baseline, bench/bare-start.mjs) in the same rounds; both plain node over JavaScript, neither
 * pinned to a core (the service loads the schedule in a worker thread). For context, `node` on
 * an empty script and `nedetid check` on the shipped schedule, spawn to exit.
 */
const ROUNDS = Number(process.env.BENCH_START_ROUNDS ?? (QUICK ? 3 : 5));
/** How often /healthz is asked while a server starts: a figure is at most this late. */
const POLL_MS = 10;
const GIVE_UP_MS = 30_000;

interface StartCase {
  name: string;
  /** How the process is started, as the table says it. */
  how: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** `healthz`: until the first 200 on /healthz; `exit`: until the process exits with 0. */
  until: 'healthz' | 'exit';
}

interface Sample {
  ms: number;
  /** CPU (user + system, all threads) the process used until then; null when it has exited. */
  cpuMs: number | null;
}

/** A port free now, for the next server (PORT=0 would need the service's log to tell it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The status of one GET, or null when nothing listens yet. */
function status(url: string): Promise<number | null> {
  return new Promise((resolve) => {
    const request = get(url, { agent: false }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? null));
    });
    request.once('error', () => resolve(null));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function measure(c: StartCase): Promise<Sample> {
  const port = await freePort();
  let stderr = '';
  const started = performance.now();
  const child = spawn(process.execPath, c.args, {
    cwd: ROOT,
    env: { ...(c.env ?? process.env), PORT: String(port) },
    // stdout (where the service's pino writes) to /dev/null, as deployed behind a log collector.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const failed = (why: string) => new Error(`${c.name} (${c.how}) ${why}:\n${stderr}`);
  if (c.until === 'exit') {
    const code = await exited(child);
    const ms = performance.now() - started;
    if (code !== 0) throw failed(`exited with ${code}`);
    return { ms, cpuMs: null };
  }
  try {
    const url = `http://127.0.0.1:${port}/healthz`;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw failed(`exited with ${child.exitCode}`);
      const answer = await status(url);
      if (answer === 200) {
        const ms = performance.now() - started;
        return { ms, cpuMs: processCpuMicros(child.pid!) / 1000 };
      }
      if (performance.now() - started > GIVE_UP_MS) throw failed(`did not answer 200 on ${url} within 30 s`);
      await sleep(POLL_MS);
    }
  } finally {
    // Killed, not asked to close: the service's graceful close waits a second for requests in
    // flight, and nothing it holds needs closing. Gone before the next case starts.
    const gone = exited(child);
    child.kill('SIGKILL');
    await gone;
  }
}

export async function runStartTime(): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    NEDETID_CONFIG: join(ROOT, 'config/schedule.yaml'),
  };
  delete env.LOG_LEVEL; // the default level, as deployed
  delete env.NEDETID_NOW;
  const service: StartCase = {
    name: 'service: `nedetid serve`, shipped schedule',
    how: '`node bin/nedetid serve` (compiled dist/)',
    args: ['bin/nedetid', 'serve'],
    env,
    until: 'healthz',
  };
  const bare: StartCase = {
    name: 'bare Fastify, /healthz (baseline)',
    how: '`node bench/bare-start.mjs` (plain JS, no logger)',
    args: ['bench/bare-start.mjs'],
    until: 'healthz',
  };
  const check: StartCase = {
    name: '`nedetid check`, shipped schedule (to exit)',
    how: '`node bin/nedetid check config/schedule.yaml`',
    args: ['bin/nedetid', 'check', 'config/schedule.yaml'],
    env,
    until: 'exit',
  };
  const empty: StartCase = {
    name: 'node, empty script (to exit)',
    how: "`node -e ''`",
    args: ['-e', ''],
    until: 'exit',
  };
  const cases = [service, bare, check, empty];
  const samples = new Map<StartCase, Sample[]>(cases.map((c) => [c, []]));
  process.stderr.write(`start: warm-up, then ${ROUNDS} rounds of ${cases.length} starts\n`);
  for (const c of cases) await measure(c); // files in the page cache before timing
  for (let round = 0; round < ROUNDS; round++) {
    process.stderr.write(`start: round ${round + 1}/${ROUNDS}\n`);
    // Service and baseline alternate, and which goes first alternates by round.
    const order = round % 2 ? [bare, service, empty, check] : [service, bare, check, empty];
    for (const c of order) samples.get(c)!.push(await measure(c));
  }

  const base = samples.get(bare)!;
  const baseMs = median(base.map((s) => s.ms));
  const baseCpuMs = median(base.map((s) => s.cpuMs!));
  const rows = cases.map((c) => {
    const s = samples.get(c)!;
    const ms = s.map((x) => x.ms);
    const cpu = s.flatMap((x) => (x.cpuMs === null ? [] : [x.cpuMs]));
    const paired = median(s.map((x, round) => x.ms / base[round]!.ms));
    return [
      c.name,
      c.how,
      `${fmt(median(ms))} (${fmt(Math.min(...ms))}–${fmt(Math.max(...ms))})`,
      cpu.length ? fmt(median(cpu)) : '–',
      fmt(median(ms) / baseMs, 2) + '×',
      fmt(paired, 2) + '×',
      cpu.length ? fmt(median(cpu) / baseCpuMs, 2) + '×' : '–',
    ];
  });
  const serviceMs = median(samples.get(service)!.map((s) => s.ms));
  const cpu = cpus()[0]?.model.trim() ?? '?';
  return [
    `### Start: ${cpus().length} × ${cpu}, Node ${process.version}, ${ROUNDS} alternating rounds, ${QUICK ? 'quick run' : 'full run'}\n`,
    markdownTable(
      [
        'case',
        'started as',
        'ms from spawn to first 200 (or exit), median (min–max)',
        'process CPU ms until then, median',
        '÷ bare Fastify',
        '÷ bare Fastify, median of rounds',
        'CPU ÷ bare Fastify CPU',
      ],
      rows,
    ),
    '',
    `From \`spawn\` to the first 200 on /healthz, asked every ${POLL_MS} ms with a new connection (a figure is up to ${POLL_MS} ms late, for both servers alike); stdout to /dev/null, HOST 127.0.0.1, a free PORT, no core pinning. CPU is the process's utime + stime (all threads) from /proc/<pid>/stat when it first answered: steadier than the wall time when other work shares the cores. Each server is killed (SIGKILL) and gone before the next start. Aim (issue 18): the service ready within 2.5× the bare app: ${fmt(serviceMs / baseMs, 2)}× in this run.`,
    '',
  ].join('\n');
}
