import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, markdownTable, median, QUICK, ROOT } from './measure.js';

/**
 * How long `nedetid check` takes to refuse the hostile files the tests check the messages of.
 * These were time bounds in `npm test` (which a busy machine broke); here they are measured,
 * beside the bound each test had, as the tests ran them: the built CLI's main() in this process
 * (the first round, which also compiles, included in the median).
 */
export async function runCheckLimits(): Promise<string> {
  type Main = (args: string[], io: { out: (s: string) => void; err: (s: string) => void }) => Promise<number>;
  const { main } = (await import(join(ROOT, 'dist/cli/commands.js'))) as { main: Main };
  const dir = mkdtempSync(join(tmpdir(), 'nedetid-limits-'));
  try {
    const file = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const keys = Array.from({ length: 20_000 }, (_, i) => `  p${i}: { name: P }`).join('\n');
    const cases = [
      { what: 'shipped schedule (accepted)', path: join(ROOT, 'config/schedule.yaml'), bound: '' },
      {
        what: 'expensive-rules.yaml (7 problems)',
        path: join(ROOT, 'test/schedule/fixtures/expensive-rules.yaml'),
        bound: '1,500',
      },
      { what: '500,000 nested [', path: file('deep.yaml', `calendar: ${'['.repeat(500_000)}`), bound: '300' },
      {
        what: '20,000 keys, one duplicate',
        path: file('keys.yaml', `providers:\n${keys}\n  p7: { name: P }\n`),
        bound: '2,500',
      },
    ];
    const rounds = QUICK ? 3 : 7;
    const rows: string[][] = [];
    for (const c of cases) {
      const ms: number[] = [];
      for (let i = 0; i < rounds; i++) {
        let err = '';
        const started = performance.now();
        const code = await main(['check', c.path], { out: () => {}, err: (s) => (err += s) });
        ms.push(performance.now() - started);
        if (code !== 0 && code !== 1) throw new Error(`check ${c.path}: exit ${code}: ${err}`);
      }
      rows.push([c.what, fmt(median(ms)), c.bound]);
    }
    return [
      `### check on hostile files: medians of ${rounds}, main() of dist/cli/commands.js in one process\n`,
      markdownTable(['file', 'ms', 'former test bound, ms'], rows),
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
