import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSchedule, type ScheduleShape } from './generate-schedule.js';
import { fmt, markdownTable, median, QUICK, ROOT } from './measure.js';

/**
 * Load cost of generated schedules, as whole processes, alternating, medians:
 * - `build`: `nedetid build` (node start, read, validate, render, write every feed). Its files go
 *   to tmpfs (/dev/shm) when there is one: creating a file on this VM's ext4 costs about 0.6 ms,
 *   600 ms for the 1,006 feeds, which measures the disk rather than nedetid;
 * - `load`: what the service's load worker does on every reload (bench/load-once.mjs: read,
 *   validate, render every feed's parts and ETag), nothing written;
 * - `js-yaml`: a plain js-yaml parse of the same file, the baseline.
 * Wall time and CPU (user + system, all threads) from GNU time, peak RSS from its maxrss.
 */
const ROUNDS = Number(process.env.BENCH_LOAD_ROUNDS ?? 3);
const SYSTEMS = 1000;

interface LoadCase {
  name: string;
  shape: ScheduleShape;
}

const windowSizes = QUICK ? [1000, 10_000] : [1000, 5000, 10_000, 20_000];
const systemSizes = QUICK ? [1000] : [100, 1000, 5000];
const byWindows: LoadCase[] = windowSizes.map((windows) => ({
  name: `${windows} windows`,
  shape: { windows, systems: SYSTEMS },
}));
const bySystems: LoadCase[] = systemSizes.map((systems) => ({
  name: `100 windows, ${systems} systems`,
  shape: { windows: 100, systems },
}));
const withAll: LoadCase = {
  name: '10000 windows, 10% all',
  shape: { windows: 10_000, systems: SYSTEMS, allShare: 0.1 },
};

// Both run under plain node (no tsx), so neither pays for the TypeScript loader.
const JS_YAML_PARSE = `import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
load(readFileSync(process.argv[1], 'utf8'));`;
interface Run {
  ms: number;
  cpuMs: number;
  rssMb: number;
  status: number | null;
  stderr: string;
}

function timed(args: string[]): Run {
  const statsFile = join(tmpdir(), `nedetid-bench-rss-${process.pid}`);
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', statsFile, process.execPath, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  const [rssKb, user, system] = readFileSync(statsFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { ms, cpuMs: (user! + system!) * 1000, rssMb: rssKb! / 1024, status: r.status, stderr: r.stderr };
}

/** Where build writes: tmpfs when the machine has one (see the comment at the top). */
const OUT_ROOT = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

/** Medians of one kind of run: wall ms, CPU ms, peak RSS MB. */
interface Figures {
  ms: number;
  cpuMs: number;
  rssMb: number;
}

interface Measured {
  case: LoadCase;
  bytes: number;
  build: Figures;
  load: Figures;
  yaml: Figures;
}

const medians = (runs: Run[]): Figures => ({
  ms: median(runs.map((x) => x.ms)),
  cpuMs: median(runs.map((x) => x.cpuMs)),
  rssMb: median(runs.map((x) => x.rssMb)),
});

function measureAll(cases: LoadCase[], dir: string): Map<LoadCase, Measured> {
  const files = new Map<LoadCase, string>();
  for (const c of cases) {
    const file = join(dir, `${c.shape.windows}w-${c.shape.systems}s${c.shape.allShare ? '-all' : ''}.yaml`);
    writeFileSync(file, generateSchedule(c.shape));
    files.set(c, file);
  }
  const runs = new Map(cases.map((c) => [c, { build: [] as Run[], load: [] as Run[], yaml: [] as Run[] }]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of cases) {
      const file = files.get(c)!;
      const r = runs.get(c)!;
      const out = mkdtempSync(join(OUT_ROOT, 'nedetid-bench-out-'));
      process.stderr.write(`load: round ${round + 1}/${ROUNDS}, ${c.name}\n`);
      try {
        // Every size measured loads within the schedule limits (20,000 windows, 8 MiB).
        const build = timed(['bin/nedetid', 'build', '--config', file, '--out', out]);
        if (build.status !== 0) throw new Error(`building ${file} failed:\n${build.stderr}`);
        r.build.push(build);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
      const load = timed(['bench/load-once.mjs', file]);
      if (load.status !== 0) throw new Error(`loading ${file} failed:\n${load.stderr}`);
      r.load.push(load);
      r.yaml.push(timed(['--input-type=module', '--eval', JS_YAML_PARSE, file]));
    }
  }
  const measured = new Map<LoadCase, Measured>();
  for (const c of cases) {
    const r = runs.get(c)!;
    const bytes = statSync(files.get(c)!).size;
    measured.set(c, { case: c, bytes, build: medians(r.build), load: medians(r.load), yaml: medians(r.yaml) });
  }
  return measured;
}

const mb = (bytes: number) => fmt(bytes / 1024 / 1024, 2);

const ratio = (a: number, b: number, digits = 1) => fmt(a / b, digits) + '×';

export function runLoadScale(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nedetid-load-'));
  try {
    const cases = [...byWindows, ...bySystems, withAll];
    const m = measureAll(cases, dir);
    const out: string[] = [];
    const where = OUT_ROOT === '/dev/shm' ? 'feeds written to tmpfs' : `feeds written under ${OUT_ROOT}`;
    out.push(
      `### Load: windows over ${fmt(SYSTEMS)} systems (3 each); medians of ${ROUNDS}, whole processes, alternating, ${where}\n`,
      markdownTable(
        [
          'windows',
          'file MB',
          'js-yaml ms (CPU)',
          'load ms (CPU)',
          'build ms (CPU)',
          'load ÷ js-yaml',
          'build ÷ js-yaml',
          'build ÷ js-yaml, CPU',
          'load / build peak RSS MB',
          'build µs/window',
        ],
        byWindows.map((c) => {
          const x = m.get(c)!;
          return [
            fmt(c.shape.windows),
            mb(x.bytes),
            `${fmt(x.yaml.ms)} (${fmt(x.yaml.cpuMs)})`,
            `${fmt(x.load.ms)} (${fmt(x.load.cpuMs)})`,
            `${fmt(x.build.ms)} (${fmt(x.build.cpuMs)})`,
            ratio(x.load.ms, x.yaml.ms),
            ratio(x.build.ms, x.yaml.ms),
            ratio(x.build.cpuMs, x.yaml.cpuMs),
            `${fmt(x.load.rssMb)} / ${fmt(x.build.rssMb)}`,
            fmt((x.build.ms / c.shape.windows) * 1000),
          ];
        }),
      ),
    );
    // Marginal cost per window between sizes: constant when growth is linear.
    const steps = byWindows.slice(1).map((c, i) => {
      const a = m.get(byWindows[i]!)!;
      const b = m.get(c)!;
      const per = (f: (x: Measured) => number) =>
        fmt(((f(b) - f(a)) / (c.shape.windows - a.case.shape.windows)) * 1000);
      return `${fmt(a.case.shape.windows)}→${fmt(c.shape.windows)}: build ${per((x) => x.build.ms)} µs/window (CPU ${per((x) => x.build.cpuMs)}), load ${per((x) => x.load.ms)}`;
    });
    out.push(`\nMarginal cost: ${steps.join('; ')}.`);

    out.push(
      `\n### Load: 100 windows over n systems\n`,
      markdownTable(
        [
          'systems',
          'file MB',
          'js-yaml ms',
          'load ms',
          'build ms',
          'build ÷ js-yaml',
          'build peak RSS MB',
          'build µs/system',
        ],
        bySystems.map((c) => {
          const x = m.get(c)!;
          return [
            fmt(c.shape.systems),
            mb(x.bytes),
            fmt(x.yaml.ms),
            fmt(x.load.ms),
            fmt(x.build.ms),
            ratio(x.build.ms, x.yaml.ms),
            fmt(x.build.rssMb),
            fmt((x.build.ms / c.shape.systems) * 1000),
          ];
        }),
      ),
    );

    const plain = m.get(byWindows.find((c) => c.shape.windows === 10_000)!)!;
    const all = m.get(withAll)!;
    out.push(
      `\n### Load: 10% of 10,000 windows with \`systems: all\` (same schedule otherwise)\n`,
      markdownTable(
        ['schedule', 'load ms', 'load peak RSS MB', 'build ms', 'build peak RSS MB'],
        [
          ['10,000 windows', fmt(plain.load.ms), fmt(plain.load.rssMb), fmt(plain.build.ms), fmt(plain.build.rssMb)],
          ['10,000 windows, 10% all', fmt(all.load.ms), fmt(all.load.rssMb), fmt(all.build.ms), fmt(all.build.rssMb)],
          [
            'ratio',
            ratio(all.load.ms, plain.load.ms, 2),
            ratio(all.load.rssMb, plain.load.rssMb, 2),
            ratio(all.build.ms, plain.build.ms, 2),
            ratio(all.build.rssMb, plain.build.rssMb, 2),
          ],
        ],
      ),
    );
    out.push(
      `\nAims: 10,000 windows build ÷ js-yaml ${ratio(plain.build.ms, plain.yaml.ms)} (load ${ratio(plain.load.ms, plain.yaml.ms)}; aim ≤ 5×); build peak RSS ${fmt(plain.build.rssMb)} MB (aim ≤ 300 MB); 10% all: load ${ratio(all.load.ms, plain.load.ms, 2)} time, ${ratio(all.load.rssMb, plain.load.rssMb, 2)} memory, build ${ratio(all.build.ms, plain.build.ms, 2)} time (it writes every \`all\` window into each of 1,000 system feeds), ${ratio(all.build.rssMb, plain.build.rssMb, 2)} memory (aim ≤ 1.25×); linear 1k→20k: see the marginal costs.`,
    );
    return out.join('\n') + '\n';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
