import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startNginx } from './nginx-baseline.js';
import { fmt, markdownTable, median, processCpuMicros, QUICK, requireTool, ROOT, waitForHttp } from './measure.js';

/**
 * The feed path under load: the production process (`node bin/nedetid serve`, default log level,
 * logs to /dev/null) against baselines sending the same bytes, each server its own process pinned
 * to core 0, the load generator pinned to core 1. Rounds alternate service and baseline cases;
 * medians of req/s and of the server's CPU µs per request (from /proc/<pid>/stat).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 2 : 5));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 3 : 5));
const CONNECTIONS = 32;
const SERVER_CORE = ['taskset', '-c', '0'];
const CLIENT_CORE = ['taskset', '-c', '1'];

interface Server {
  name: string;
  port: number;
  process: ChildProcess;
}

interface Case {
  name: string;
  server: Server;
  /** wrk 4.1 (Debian) waits for a body after a HEAD response, so HEAD goes through ab. */
  client: 'wrk' | 'ab';
  path: string;
  headers?: Record<string, string>;
  expect: { status: number; encoding?: string };
  /** The case whose figures this one is divided by in the ratio columns. */
  baseline?: Case;
}

interface Sample {
  requests: number;
  rps: number;
  cpuMicros: number;
  errors: number;
  /** Shares of the run the server's main thread spent on a CPU and runnable but waiting for one. */
  running: number;
  waiting: number;
}

/**
 * Nanoseconds a process's main thread has spent on a CPU and waiting in a run queue
 * (/proc/<pid>/schedstat, Documentation/scheduler/sched-stats.rst). What is neither is idle
 * time: the server waiting for requests.
 */
function schedNanos(pid: number): { running: number; waiting: number } {
  const [running, waiting] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ').map(Number);
  return { running: running!, waiting: waiting! };
}

function startNode(name: string, port: number, args: string[], env: NodeJS.ProcessEnv = process.env): Server {
  // stdout (where pino writes) is /dev/null for the service and the logging baseline alike.
  const child = spawn(SERVER_CORE[0]!, [...SERVER_CORE.slice(1), process.execPath, ...args], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { name, port, process: child };
}

function runClient(c: Case, seconds: number): Sample {
  const url = `http://127.0.0.1:${c.server.port}${c.path}`;
  const headers = Object.entries(c.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const args =
    c.client === 'wrk'
      ? ['wrk', `-t1`, `-c${CONNECTIONS}`, `-d${seconds}s`, ...headers, url]
      : ['ab', '-q', '-k', '-i', '-c', String(CONNECTIONS), '-t', String(seconds), '-n', '100000000', ...headers, url];
  const pid = c.server.process.pid!;
  const before = processCpuMicros(pid);
  const schedBefore = schedNanos(pid);
  const started = performance.now();
  const r = spawnSync(CLIENT_CORE[0]!, [...CLIENT_CORE.slice(1), ...args], { encoding: 'utf8' });
  const wallNanos = (performance.now() - started) * 1e6;
  const schedAfter = schedNanos(pid);
  const cpu = processCpuMicros(pid) - before;
  if (r.status !== 0) throw new Error(`${args[0]} failed for ${c.name}:\n${r.stdout}${r.stderr}`);
  const number = (re: RegExp) => Number(re.exec(r.stdout)?.[1] ?? 0);
  const requests = c.client === 'wrk' ? number(/(\d+) requests in/) : number(/Complete requests:\s+(\d+)/);
  const rps = c.client === 'wrk' ? number(/Requests\/sec:\s+([\d.]+)/) : number(/Requests per second:\s+([\d.]+)/);
  const errors =
    c.client === 'wrk'
      ? number(/Non-2xx or 3xx responses: (\d+)/) +
        [...(/Socket errors: (.*)/.exec(r.stdout)?.[1] ?? '').matchAll(/\d+/g)].reduce((a, m) => a + Number(m[0]), 0)
      : number(/Failed requests:\s+(\d+)/) + number(/Non-2xx responses:\s+(\d+)/);
  if (!requests) throw new Error(`${args[0]} completed no requests for ${c.name}:\n${r.stdout}`);
  return {
    requests,
    rps,
    cpuMicros: cpu / requests,
    errors,
    running: (schedAfter.running - schedBefore.running) / wallNanos,
    waiting: (schedAfter.waiting - schedBefore.waiting) / wallNanos,
  };
}

/** Each case answers as it should before it is timed: status, encoding, and the same bytes. */
async function verify(c: Case, allIcs: Buffer): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${c.server.port}${c.path}`, {
    method: c.client === 'ab' ? 'HEAD' : 'GET',
    headers: { 'accept-encoding': 'identity', ...c.headers },
  });
  const body = Buffer.from(await response.arrayBuffer());
  const encoding = response.headers.get('content-encoding') ?? undefined;
  const sameBytes = c.path !== '/feeds/all.ics' || c.expect.status !== 200 || c.client === 'ab' || body.equals(allIcs);
  if (response.status !== c.expect.status || encoding !== c.expect.encoding || !sameBytes) {
    throw new Error(
      `${c.name}: got ${response.status} ${encoding ?? 'identity'} (${body.length} bytes), expected ${c.expect.status} ${c.expect.encoding ?? 'identity'}${sameBytes ? '' : ' with the same bytes as the service'}`,
    );
  }
}

export async function runFeedPath(): Promise<string> {
  requireTool('wrk', 'apt-get install -y wrk');
  requireTool('ab', 'apt-get install -y apache2-utils');
  requireTool('taskset', 'apt-get install -y util-linux');
  const hasNginx = spawnSync('sh', ['-c', 'command -v nginx']).status === 0;
  const dir = mkdtempSync(join(tmpdir(), 'nedetid-feed-'));
  const servers: Server[] = [];
  // Ctrl-C stops the servers too, so no orphan keeps a bench port.
  const interrupted = () => {
    for (const s of servers) s.process.kill('SIGTERM');
    process.exit(130);
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    const config = join(ROOT, 'config/schedule.yaml');
    const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', NEDETID_CONFIG: config };
    delete env.LOG_LEVEL; // the default level, as deployed
    const service = startNode('service', 18431, ['bin/nedetid', 'serve'], env);
    servers.push(service);
    await waitForHttp(`http://127.0.0.1:${service.port}/healthz`, 'the service');

    // Uncompressed, so the baselines send the identity representation's bytes and ETag.
    const all = await fetch(`http://127.0.0.1:${service.port}/feeds/all.ics`, {
      headers: { 'accept-encoding': 'identity' },
    });
    const allIcs = Buffer.from(await all.arrayBuffer());
    const etag = all.headers.get('etag')!;
    mkdirSync(join(dir, 'www/feeds'), { recursive: true });
    const file = join(dir, 'www/feeds/all.ics');
    writeFileSync(file, allIcs);
    const bare = startNode('bare', 18432, ['--import', 'tsx', 'bench/baseline-server.ts', 'bare', file, etag]);
    const pino = startNode('pino', 18433, ['--import', 'tsx', 'bench/baseline-server.ts', 'pino', file, etag]);
    servers.push(bare, pino);
    const nginx: Server | null = hasNginx
      ? { name: 'nginx', port: 18434, process: startNginx(join(dir, 'nginx'), join(dir, 'www'), 18434, SERVER_CORE) }
      : null;
    if (nginx) servers.push(nginx);
    for (const s of servers.slice(1)) await waitForHttp(`http://127.0.0.1:${s.port}/feeds/all.ics`, s.name);

    const systems = Object.keys((parse(readFileSync(config, 'utf8')) as { systems: object }).systems).slice(0, 2);
    const ok = { status: 200 };
    const pinoGet: Case = {
      name: 'Fastify + pino access line (the bar)',
      server: pino,
      client: 'wrk',
      path: '/feeds/all.ics',
      expect: ok,
    };
    const pinoHead: Case = { ...pinoGet, name: 'Fastify + pino access line, HEAD (ab)', client: 'ab' };
    const svc = (name: string, rest: Partial<Case>): Case => ({
      name: `service: ${name}`,
      server: service,
      client: 'wrk',
      path: '/feeds/all.ics',
      expect: ok,
      baseline: pinoGet,
      ...rest,
    });
    // Service and baseline cases alternate within each round.
    const cases: Case[] = [
      svc('GET /feeds/all.ics 200', {}),
      pinoGet,
      svc('304 (If-None-Match)', { headers: { 'if-none-match': etag }, expect: { status: 304 } }),
      { name: 'bare Fastify', server: bare, client: 'wrk', path: '/feeds/all.ics', expect: ok, baseline: pinoGet },
      svc('gzip', { headers: { 'accept-encoding': 'gzip' }, expect: { status: 200, encoding: 'gzip' } }),
      ...(nginx
        ? [
            {
              name: 'nginx, same file',
              server: nginx,
              client: 'wrk',
              path: '/feeds/all.ics',
              expect: ok,
              baseline: pinoGet,
            } as Case,
          ]
        : []),
      svc('br', { headers: { 'accept-encoding': 'br' }, expect: { status: 200, encoding: 'br' } }),
      pinoHead,
      svc('HEAD (ab)', { client: 'ab', baseline: pinoHead }),
      svc(`custom ?systems=${systems.join(',')}`, { path: `/feeds/custom.ics?systems=${systems.join(',')}` }),
    ];
    for (const c of cases) await verify(c, allIcs);
    const samples = new Map<Case, Sample[]>(cases.map((c) => [c, []]));
    process.stderr.write(`feed: warm-up, then ${ROUNDS} rounds of ${cases.length} cases × ${SECONDS} s\n`);
    for (const c of cases) runClient(c, 1); // JIT, compressed bodies and the custom feed made before timing
    for (let round = 0; round < ROUNDS; round++) {
      process.stderr.write(`feed: round ${round + 1}/${ROUNDS}\n`);
      for (const c of cases) samples.get(c)!.push(runClient(c, SECONDS));
    }

    const summary = new Map(
      cases.map((c) => {
        const s = samples.get(c)!;
        return [
          c,
          {
            rps: median(s.map((x) => x.rps)),
            minRps: Math.min(...s.map((x) => x.rps)),
            maxRps: Math.max(...s.map((x) => x.rps)),
            cpu: median(s.map((x) => x.cpuMicros)),
            errors: s.reduce((a, x) => a + x.errors, 0),
            running: median(s.map((x) => x.running)),
            waiting: median(s.map((x) => x.waiting)),
          },
        ];
      }),
    );
    // The same ratios taken within each round, where a case and its baseline ran less than a
    // minute apart, then their median: steadier when the machine's other load changes.
    const paired = (c: Case, ratio: (x: Sample, b: Sample) => number) => {
      const b = samples.get(c.baseline ?? c)!;
      return fmt(median(samples.get(c)!.map((x, round) => ratio(x, b[round]!))), 2) + '×';
    };
    const percent = (share: number) => fmt(share * 100);
    const rows = cases.map((c) => {
      const x = summary.get(c)!;
      const b = c.baseline ? summary.get(c.baseline)! : null;
      const rpsPaired = paired(c, (s, base) => s.rps / base.rps);
      const cpuPaired = paired(c, (s, base) => base.cpuMicros / s.cpuMicros);
      return [
        c.name,
        `${fmt(x.rps)} (${fmt(x.minRps)}–${fmt(x.maxRps)})`,
        fmt(x.cpu, 1),
        b ? fmt(x.rps / b.rps, 2) + '×' : '1.00×',
        b ? fmt(b.cpu / x.cpu, 2) + '×' : '1.00×',
        `${rpsPaired}, ${cpuPaired}`,
        `${percent(x.running)} / ${percent(x.waiting)}`,
      ];
    });
    const errors = cases.filter((c) => summary.get(c)!.errors > 0);
    const cpu = cpus()[0]?.model.trim() ?? '?';
    return [
      `### Feed path: ${cpus().length} × ${cpu}, Node ${process.version}, ${ROUNDS} alternating rounds × ${SECONDS} s, ${CONNECTIONS} connections; server on core 0, client on core 1\n`,
      markdownTable(
        [
          'case',
          'req/s median (min–max)',
          'server CPU µs/request median',
          'req/s ÷ pino baseline',
          'pino CPU ÷ this CPU',
          'both ratios, median of rounds',
          'server on a CPU / waiting for one, % of run',
        ],
        rows,
      ),
      '',
      `Clients: \`wrk -t1 -c${CONNECTIONS}\`; HEAD rows with \`ab -k -i -c${CONNECTIONS}\` (wrk 4.1 waits for a body after HEAD) and compared with the pino baseline under ab. CPU is the server process's utime+stime from /proc/<pid>/stat over the run, divided by requests completed. Ratios compare with the pino baseline; ≥ 1.00× is the aim for the service's 200. The last column is the server's main thread from /proc/<pid>/schedstat: below about 95 % on a CPU, req/s measures how the machine was shared (another process on core 0, or the client starved on core 1) more than the server, and the CPU µs/request is the figure to go by.`,
      ...(errors.length
        ? [
            `Errors (socket errors or unexpected statuses): ${errors.map((c) => `${c.name}: ${summary.get(c)!.errors}`).join('; ')}.`,
          ]
        : []),
      ...(hasNginx ? [] : ['nginx is not installed (apt-get install -y nginx-light); its row is left out.']),
      '',
    ].join('\n');
  } finally {
    await Promise.all(
      servers.map((s) => {
        const exited = new Promise((resolve) => s.process.once('exit', resolve));
        s.process.kill('SIGTERM');
        return s.process.exitCode === null ? exited : Promise.resolve();
      }),
    );
    rmSync(dir, { recursive: true, force: true });
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
  }
}
