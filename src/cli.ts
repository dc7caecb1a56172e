import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { FeedCheckError } from './feeds/feed-set.js';
import { loadFeeds } from './feeds/load-feeds.js';
import { OutputError, writeFeedFiles } from './feeds/write-feed-files.js';
import { expandSchedule } from './occurrences/expand-window.js';
import { formatOccurrenceTable } from './views/occurrence-table.js';
import { loadSchedule } from './schedule/load-schedule.js';
import { formatProblem, ScheduleError } from './schedule/schedule-error.js';
import { FIRST_YEAR, LAST_YEAR } from './schedule/schedule-limits.js';
import { readSettings, SettingsError } from './settings.js';

const USAGE = `nedetid: planned downtime as calendar feeds

  nedetid serve                           run the service (PORT, HOST, NEDETID_CONFIG, PUBLIC_URL)
  nedetid check [FILE]                    validate a schedule; FILE:LINE:COL for every problem
  nedetid build [--config FILE] --out DIR write every feed as files for a static web server
  nedetid upcoming [--days N] [--system ID] [--from YYYY-MM-DD] [--config FILE]
                                          the next occurrences as a table

FILE defaults to $NEDETID_CONFIG or config/schedule.yaml.`;

type Out = { out: (s: string) => void; err: (s: string) => void };

export async function main(
  argv: string[],
  io: Out = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) },
): Promise<number> {
  const [command, ...rest] = argv;
  const defaultConfig = process.env.NEDETID_CONFIG ?? 'config/schedule.yaml';
  try {
    switch (command) {
      case 'check': {
        const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
        const file = positionals[0] ?? defaultConfig;
        const { feeds, warnings } = await loadFeeds(file);
        const schedule = feeds.schedule;
        for (const w of warnings) io.err(formatProblem(w) + '\n');
        io.out(
          `${file}: ok: ${schedule.windows.length} windows, ${schedule.announcements.length} announced, ${schedule.systems.length} systems, ${schedule.providers.length} providers, ${feeds.feeds.length} feeds\n`,
        );
        return 0;
      }
      case 'build': {
        const { values } = parseArgs({ args: rest, options: { config: { type: 'string' }, out: { type: 'string' } } });
        if (!values.out) return usage(io, 'build needs --out DIR');
        const { feeds } = await loadFeeds(values.config ?? defaultConfig);
        await writeFeedFiles(feeds, values.out);
        io.out(`wrote ${feeds.feeds.length} feeds to ${values.out}/feeds\n`);
        return 0;
      }
      case 'upcoming': {
        const { values } = parseArgs({
          args: rest,
          options: {
            config: { type: 'string' },
            days: { type: 'string', default: '30' },
            system: { type: 'string' },
            from: { type: 'string' },
          },
        });
        const days = Number(values.days);
        if (!Number.isInteger(days) || days < 1 || days > 3660)
          return usage(io, `--days '${values.days}' must be a whole number from 1 to 3660`);
        const { schedule } = await loadSchedule(values.config ?? defaultConfig);
        const zone = schedule.calendar.timezone;
        if (values.system && !schedule.systems.some((s) => s.id === values.system)) {
          return usage(
            io,
            `--system '${values.system}' is not a system; known: ${schedule.systems.map((s) => s.id).join(', ')}`,
          );
        }
        const start = values.from ? DateTime.fromISO(values.from, { zone }) : DateTime.now().setZone(zone);
        if (!start.isValid || start.year < FIRST_YEAR || start.year > LAST_YEAR)
          return usage(
            io,
            `--from '${values.from}' must be a date from ${FIRST_YEAR} to ${LAST_YEAR} such as 2022-01-01`,
          );
        const occurrences = expandSchedule(
          schedule,
          start,
          start.plus({ days }),
          (w) => !values.system || w.systems.includes(values.system),
        );
        io.out(formatOccurrenceTable(occurrences, schedule, start, days));
        return 0;
      }
      case 'serve': {
        // Imported here: Fastify and the page assets are start-up time that `build` and `check` never use.
        const { startServer } = await import('./server.js');
        await startServer(readSettings());
        return -1; // keeps running
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE + '\n');
        return command === undefined ? 2 : 0;
      default:
        return usage(io, `unknown command '${command}'`);
    }
  } catch (err) {
    if (err instanceof ScheduleError) {
      for (const p of err.problems) io.err(formatProblem(p) + '\n');
      io.err(`${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}; the schedule was not loaded\n`);
      return 1;
    }
    if (err instanceof FeedCheckError) {
      // The schedule is valid; a feed failing a structural check is our bug, not the editor's.
      io.err(`nedetid rendered a feed that fails structural checks; please report this: ${err.message}\n`);
      return 1;
    }
    if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
      return usage(io, err.message);
    if (err instanceof SettingsError) {
      io.err(`nedetid: ${err.message}\n`);
      return 2;
    }
    if (err instanceof OutputError) {
      io.err(`nedetid: ${err.message}\n`);
      return 1;
    }
    // Never a stack trace: one line, and the way to get the trace when reporting it.
    io.err(
      `nedetid: ${command} failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}; if this persists, please report it (NEDETID_DEBUG=1 prints the stack)\n`,
    );
    if (process.env.NEDETID_DEBUG) io.err(`${(err as Error).stack}\n`);
    return 1;
  }
}

function usage(io: Out, message: string): number {
  io.err(`nedetid: ${message}\n\n${USAGE}\n`);
  return 2;
}
