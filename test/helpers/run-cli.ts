import { main } from '../../src/cli/commands.js';

/** Runs the CLI in-process with captured output and, for the call, extra environment. */
export async function runCli(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
    return { code, out, err };
  } finally {
    process.env = saved;
  }
}
