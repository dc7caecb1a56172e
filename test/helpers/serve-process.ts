import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from './load.js';

type LogLine = Record<string, unknown>;

/**
 * A real `nedetid serve` process on a free loopback port, ready once it logs its address. Its
 * overload guard is off (NEDETID_MAX_LOOP_DELAY_MS=0): on a busy machine a process that was not
 * scheduled for a second answered 503 to the test's next requests.
 * `logged(match)` is the first log line, from now on, for which `match` holds: tests wait on the
 * service's own events (a reload, a refusal, closing) instead of polling with sleeps.
 */
export async function serve(
  t: { after: (fn: () => unknown) => void },
  config: string,
  env: Record<string, string> = {},
  { onSpawn, ...as }: { uid?: number; gid?: number; onSpawn?: (child: ChildProcess) => void } = {},
) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    ...as,
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      NEDETID_CONFIG: config,
      NEDETID_WATCH_MS: '100',
      NEDETID_MAX_LOOP_DELAY_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => child.kill('SIGKILL'));
  onSpawn?.(child);
  const logs: LogLine[] = [];
  const waiting = new Set<{ match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }>();
  const logged = (match: (line: LogLine) => boolean) =>
    new Promise<LogLine>((resolve) => waiting.add({ match, resolve }));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let buffer = '';
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        const line = JSON.parse(buffer.slice(0, i)) as LogLine;
        buffer = buffer.slice(i + 1);
        logs.push(line);
        for (const w of waiting)
          if (w.match(line)) {
            waiting.delete(w);
            w.resolve(line);
          }
        const m = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(String(line.msg));
        if (m) resolve(m[1]!);
      }
    });
    // What it printed says why, e.g. a schedule it could not read.
    child.on('exit', (code, signal) =>
      reject(new Error(`serve exited with ${code ?? signal} before listening; stderr: ${stderr}`)),
    );
  });
  return { base, child, logs, logged };
}
