import { parseArgs } from 'node:util';
import { loadFeeds } from '../feeds/load-feeds.js';
import { writeFeedFiles } from '../feeds/write-feed-files.js';
import { readFixedNow } from '../settings.js';
import { settingsClock } from '../time/clock.js';
import { usage, type CommandContext } from './command.js';

/** `nedetid build --out DIR`: every feed as files, the same bytes the service sends. */
export async function build(args: string[], { io, defaultConfig }: CommandContext): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: 'string' }, out: { type: 'string' } } });
  if (!values.out) return usage('build needs --out DIR');
  const { feeds } = await loadFeeds(values.config ?? defaultConfig, { clock: settingsClock(readFixedNow()) });
  await writeFeedFiles(feeds, values.out);
  io.out(`wrote ${feeds.feeds.length} feeds to ${values.out}/feeds\n`);
  return 0;
}
