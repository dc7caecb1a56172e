import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from './load.js';

/** A real `nedetid serve` process on a free loopback port. */
export async function serve(
  t: { after: (fn: () => unknown) => void },
  config: string,
  env: Record<string, string> = {},
  { onSpawn, ...as }: { uid?: number; gid?: number; onSpawn?: (child: ChildProcess) => void } = {},
) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    ...as,
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NEDETID_CONFIG: config, NEDETID_WATCH_MS: '100', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => child.kill('SIGKILL'));
  onSpawn?.(child);
  const logs: Record<string, unknown>[] = [];
  let buffer = '';
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        const line = JSON.parse(buffer.slice(0, i)) as Record<string, unknown>;
        buffer = buffer.slice(i + 1);
        logs.push(line);
        const m = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(String(line.msg));
        if (m) resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  return { base, child, logs };
}
