import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSchedule, type ScheduleShape } from './generate-schedule.js';
import { fmt, markdownTable, median, QUICK, ROOT } from './measure.js';

/**
 * Load cost of generated schedules: `nedetid build` as a whole process (node start, read, validate,
 * render, write every feed) against a plain js-yaml parse of the same file in its own node
 * process, alternating, medians. Peak RSS from GNU time (the child's getrusage maxrss).
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
  rssMb: number;
  status: number | null;
  stderr: string;
}

function timed(args: string[]): Run {
  const rssFile = join(tmpdir(), `nedetid-bench-rss-${process.pid}`);
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, process.execPath, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  const rssKb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
  return { ms, rssMb: rssKb / 1024, status: r.status, stderr: r.stderr };
}

interface Measured {
  case: LoadCase;
  bytes: number;
  buildMs: number;
  buildRssMb: number;
  yamlMs: number;
  yamlRssMb: number;
}

function measureAll(cases: LoadCase[], dir: string): Map<LoadCase, Measured> {
  const files = new Map<LoadCase, string>();
  for (const c of cases) {
    const file = join(dir, `${c.shape.windows}w-${c.shape.systems}s${c.shape.allShare ? '-all' : ''}.yaml`);
    writeFileSync(file, generateSchedule(c.shape));
    files.set(c, file);
  }
  const runs = new Map(cases.map((c) => [c, { build: [] as Run[], yaml: [] as Run[] }]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of cases) {
      const file = files.get(c)!;
      const r = runs.get(c)!;
      const out = mkdtempSync(join(dir, 'out-'));
      process.stderr.write(`load: round ${round + 1}/${ROUNDS}, ${c.name}\n`);
      // Every size measured loads within the schedule limits (20,000 windows, 8 MiB).
      const build = timed(['bin/nedetid', 'build', '--config', file, '--out', out]);
      if (build.status !== 0) throw new Error(`building ${file} failed:\n${build.stderr}`);
      rmSync(out, { recursive: true });
      r.build.push(build);
      r.yaml.push(timed(['--input-type=module', '--eval', JS_YAML_PARSE, file]));
    }
  }
  const measured = new Map<LoadCase, Measured>();
  for (const c of cases) {
    const r = runs.get(c)!;
    measured.set(c, {
      case: c,
      bytes: statSync(files.get(c)!).size,
      buildMs: median(r.build.map((x) => x.ms)),
      buildRssMb: median(r.build.map((x) => x.rssMb)),
      yamlMs: median(r.yaml.map((x) => x.ms)),
      yamlRssMb: median(r.yaml.map((x) => x.rssMb)),
    });
  }
  return measured;
}

const mb = (bytes: number) => fmt(bytes / 1024 / 1024, 2);

export function runLoadScale(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nedetid-load-'));
  try {
    const cases = [...byWindows, ...bySystems, withAll];
    const m = measureAll(cases, dir);
    const out: string[] = [];
    out.push(
      `### Load: windows over ${fmt(SYSTEMS)} systems (3 each); medians of ${ROUNDS}, whole processes, alternating\n`,
      markdownTable(
        [
          'windows',
          'file MB',
          'build ms',
          'js-yaml ms',
          'build ÷ js-yaml',
          'build peak RSS MB',
          'js-yaml peak RSS MB',
          'build µs/window',
        ],
        byWindows.map((c) => {
          const x = m.get(c)!;
          return [
            fmt(c.shape.windows),
            mb(x.bytes),
            fmt(x.buildMs),
            fmt(x.yamlMs),
            fmt(x.buildMs / x.yamlMs, 1) + '×',
            fmt(x.buildRssMb),
            fmt(x.yamlRssMb),
            fmt((x.buildMs / c.shape.windows) * 1000),
          ];
        }),
      ),
    );
    // Marginal cost per window between sizes: constant when growth is linear.
    const steps = byWindows.slice(1).map((c, i) => {
      const a = m.get(byWindows[i]!)!;
      const b = m.get(c)!;
      const perWindow = ((b.buildMs - a.buildMs) / (c.shape.windows - a.case.shape.windows)) * 1000;
      return `${fmt(a.case.shape.windows)}→${fmt(c.shape.windows)}: ${fmt(perWindow)} µs/window`;
    });
    out.push(`\nMarginal build cost: ${steps.join('; ')}.`);

    out.push(
      `\n### Load: 100 windows over n systems\n`,
      markdownTable(
        ['systems', 'file MB', 'build ms', 'js-yaml ms', 'build ÷ js-yaml', 'build peak RSS MB', 'build µs/system'],
        bySystems.map((c) => {
          const x = m.get(c)!;
          return [
            fmt(c.shape.systems),
            mb(x.bytes),
            fmt(x.buildMs),
            fmt(x.yamlMs),
            fmt(x.buildMs / x.yamlMs, 1) + '×',
            fmt(x.buildRssMb),
            fmt((x.buildMs / c.shape.systems) * 1000),
          ];
        }),
      ),
    );

    const plain = m.get(byWindows.find((c) => c.shape.windows === 10_000)!)!;
    const all = m.get(withAll)!;
    out.push(
      `\n### Load: 10% of 10,000 windows with \`systems: all\` (same schedule otherwise)\n`,
      markdownTable(
        ['schedule', 'file MB', 'build ms', 'build peak RSS MB', 'time ratio', 'memory ratio'],
        [
          ['10,000 windows', mb(plain.bytes), fmt(plain.buildMs), fmt(plain.buildRssMb), '1.00×', '1.00×'],
          [
            '10,000 windows, 10% all',
            mb(all.bytes),
            fmt(all.buildMs),
            fmt(all.buildRssMb),
            fmt(all.buildMs / plain.buildMs, 2) + '×',
            fmt(all.buildRssMb / plain.buildRssMb, 2) + '×',
          ],
        ],
      ),
    );
    out.push(
      `\nAims: 10,000 windows build ÷ js-yaml ${fmt(plain.buildMs / plain.yamlMs, 1)}× (aim ≤ 5×); peak RSS ${fmt(plain.buildRssMb)} MB (aim ≤ 300 MB); 10% all ${fmt(all.buildMs / plain.buildMs, 2)}× time, ${fmt(all.buildRssMb / plain.buildRssMb, 2)}× memory (aim ≤ 1.25×); linear 1k→20k: see the marginal costs.`,
    );
    return out.join('\n') + '\n';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
