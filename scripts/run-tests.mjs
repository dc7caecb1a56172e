// Runs every test/**/*.test.ts with node:test. Node 20's runner does not expand globs itself and
// finds no .ts files on its own, so the list is built here; extra arguments (files or flags such
// as --test-name-pattern) are passed through, and files given replace the full list.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const args = process.argv.slice(2);
const given = args.filter((a) => a.endsWith('.ts'));
const flags = args.filter((a) => !a.endsWith('.ts'));
const files =
  given.length > 0
    ? given
    : readdirSync('test', { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.test.ts'))
        .map((f) => `test/${f}`)
        .sort();
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...flags, ...files], { stdio: 'inherit' });
process.exit(run.status ?? 1);
