import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCheckLimits } from './check-limits.js';
import { runFeedPath } from './feed-path.js';
import { runLoadScale } from './load-scale.js';
import { QUICK, ROOT } from './measure.js';

/**
 * `npm run bench [-- feed|load|limits]`: measures the built service (run `npm run build` first; the npm
 * script does) and prints Markdown tables. Not a test: nothing here asserts. BENCH_QUICK=1 runs
 * fewer rounds and sizes; BENCH_SECONDS and BENCH_ROUNDS tune the feed path.
 */
const parts = process.argv.slice(2);
const unknown = parts.filter((p) => p !== 'feed' && p !== 'load' && p !== 'limits');
if (unknown.length) {
  process.stderr.write(`bench: unknown part ${unknown.join(', ')}; use feed, load, limits or nothing for all\n`);
  process.exit(2);
}
if (!existsSync(join(ROOT, 'dist/main.js'))) {
  process.stderr.write('bench: dist/ is missing; run `npm run build` (npm run bench does)\n');
  process.exit(2);
}
const want = (part: string) => parts.length === 0 || parts.includes(part);
process.stderr.write(
  `bench: ${QUICK ? 'quick run' : 'full run'} of ${parts.length ? parts.join(' and ') : 'feed, load and limits'}\n`,
);
if (want('feed')) process.stdout.write((await runFeedPath()) + '\n');
if (want('load')) process.stdout.write(runLoadScale() + '\n');
if (want('limits')) process.stdout.write((await runCheckLimits()) + '\n');
