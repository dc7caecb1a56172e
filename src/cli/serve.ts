import { parseArgs } from 'node:util';
import { firstLoad } from '../feeds/first-load.js';
import { readSettings } from '../settings.js';
import type { CommandContext } from './command.js';

/** `nedetid serve`: the service; it keeps running (-1) until a signal stops it. */
export async function serve(args: string[], _context: CommandContext): Promise<number> {
  parseArgs({ args, options: {} });
  const settings = readSettings();
  // The first load starts in its worker while this thread imports Fastify and the routes: the
  // two take about as long, and start-up is their sum when run one after the other.
  const first = firstLoad(settings);
  first.catch(() => {}); // awaited (and reported) by startServer; not unhandled meanwhile
  // Imported here: Fastify and the page assets are start-up time that `build` and `check` never use.
  const { startServer } = await import('../server.js');
  await startServer(settings, first);
  return -1;
}
