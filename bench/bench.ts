import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCheckLimits } from './check-limits.js';
import { runFeedPath } from './feed-path.js';
import { runLoadScale } from './load-scale.js';
import { QUICK, ROOT } from './measure.js';
import { runStartTime } from './start-time.js';

/**
 * `npm run bench [-- feed|load|limits|start]`: measures the built service (run `npm run build` first; the npm
 * script does) and prints Markdown tables. Not a test: nothing here asserts. BENCH_QUICK=1 runs
 * fewer rounds and sizes; BENCH_SECONDS and BENCH_ROUNDS tune the feed path, BENCH_LOAD_ROUNDS the
 * load, BENCH_START_ROUNDS the start.
 */
const parts = process.argv.slice(2);
const PARTS = ['feed', 'load', 'limits', 'start'];
const unknown = parts.filter((p) => !PARTS.includes(p));
if (unknown.length) {
  process.stderr.write(`bench: unknown part ${unknown.join(', ')}; use ${PARTS.join(', ')} or nothing for all\n`);
  process.exit(2);
}
if (!existsSync(join(ROOT, 'dist/main.js'))) {
  process.stderr.write('bench: dist/ is missing; run `npm run build` (npm run bench does)\n');
  process.exit(2);
}
const want = (part: string) => parts.length === 0 || parts.includes(part);
process.stderr.write(
  `bench: ${QUICK ? 'quick run' : 'full run'} of ${parts.length ? parts.join(' and ') : 'feed, load, limits and start'}\n`,
);
if (want('feed')) process.stdout.write((await runFeedPath()) + '\n');
if (want('load')) process.stdout.write(runLoadScale() + '\n');
if (want('limits')) process.stdout.write((await runCheckLimits()) + '\n');
if (want('start')) process.stdout.write((await runStartTime()) + '\n');
