import { parseArgs } from 'node:util';
import { readSettings } from '../settings.js';
import type { CommandContext } from './command.js';

/** `nedetid serve`: the service; it keeps running (-1) until a signal stops it. */
export async function serve(args: string[], _context: CommandContext): Promise<number> {
  parseArgs({ args, options: {} });
  // Imported here: Fastify and the page assets are start-up time that `build` and `check` never use.
  const { startServer } = await import('../server.js');
  await startServer(readSettings());
  return -1;
}
