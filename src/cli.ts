import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { FeedCheckError } from './feeds/feed-set.js';
import { loadFeeds } from './feeds/load-feeds.js';
import { explainWindow } from './ical/render-window.js';
import { OutputError, writeFeedFiles } from './feeds/write-feed-files.js';
import { expandSchedule } from './occurrences/expand-window.js';
import { formatOccurrenceTable } from './views/occurrence-table.js';
import { loadSchedule } from './schedule/load-schedule.js';
import { formatProblem, ScheduleError } from './schedule/schedule-error.js';
import { startServer } from './server.js';
import { FIRST_YEAR, LAST_YEAR } from './schedule/schedule-limits.js';
import { readFixedNow, readSettings, SettingsError } from './settings.js';
import { queryIds } from './http/query-ids.js';
import { scheduleIndex } from './schedule/schedule-index.js';
import { UPCOMING_DAYS } from './views/horizons.js';
import { occurrencesJson } from './views/occurrences-json.js';

const USAGE = `nedetid: planned downtime as calendar feeds

  nedetid serve                           run the service (PORT, HOST, NEDETID_CONFIG, PUBLIC_URL)
  nedetid check [--explain] [FILE]        validate a schedule; FILE:LINE:COL for every problem;
                                          --explain: how each window is written for Outlook and others
  nedetid build [--config FILE] --out DIR write every feed as files for a static web server
  nedetid upcoming [--days N] [--system ID,…] [--from YYYY-MM-DD] [--json] [--config FILE]
                                          the next occurrences as a table (or JSON)

FILE defaults to $NEDETID_CONFIG or config/schedule.yaml. \`nedetid COMMAND --help\` explains one.`;

/** `nedetid COMMAND --help`: what each command does, its options, and an example. */
const HELP: Record<string, string> = {
  serve: `nedetid serve: run the service

Serves the feeds, the page, the embed and the API from the schedule file, and reloads it when
the file changes (or on SIGHUP). A schedule that does not pass \`nedetid check\` stops it before
it listens. Settings come from the environment:

  PORT (8080), HOST (0.0.0.0), NEDETID_CONFIG (config/schedule.yaml), PUBLIC_URL,
  NEDETID_WATCH_MS (1000), NEDETID_FRAME_ANCESTORS, NEDETID_NOW (a fixed local now), LOG_LEVEL

Example: PUBLIC_URL=https://nedetid.example.no nedetid serve`,
  check: `nedetid check [--explain] [FILE]: validate a schedule

Exit 0 with a summary when FILE loads; exit 1 with one FILE:LINE:COL line per problem, each
saying what would be right. FILE defaults to $NEDETID_CONFIG or config/schedule.yaml.

  --explain   also print, per window, how it is written into the feeds so that Outlook maps
              it: as written, split into template series, anchored on one template series with
              overrides up to a rolling end, or as single events

Example: nedetid check config/schedule.yaml`,
  build: `nedetid build [--config FILE] --out DIR: write every feed as files

Writes DIR/feeds/all.ics, DIR/feeds/systems/<id>.ics and DIR/feeds/providers/<id>.ics, byte
for byte what the service sends, for any static web server.

  --config FILE   the schedule (default $NEDETID_CONFIG or config/schedule.yaml)
  --out DIR       where to write (required)

Example: nedetid build --out public-feeds`,
  upcoming: `nedetid upcoming: the next occurrences, as the page lists them

  --days N        how many days ahead (default ${UPCOMING_DAYS}, as on the page; 1 to 3660)
  --system ID     only windows affecting these systems: --system visma,gat or repeated
  --from DATE     start at this local date (default: now, or $NEDETID_NOW)
  --json          the JSON of GET /api/occurrences instead of a table
  --config FILE   the schedule (default $NEDETID_CONFIG or config/schedule.yaml)

Example: nedetid upcoming --system visma,gat --days 14`,
};

type Out = { out: (s: string) => void; err: (s: string) => void };

export async function main(
  argv: string[],
  io: Out = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) },
): Promise<number> {
  const [command, ...rest] = argv;
  const defaultConfig = process.env.NEDETID_CONFIG ?? 'config/schedule.yaml';
  // Before any option parsing, so `serve --help` explains and never starts a server.
  if (command && HELP[command] && rest.some((a) => a === '--help' || a === '-h')) {
    io.out(HELP[command] + '\n');
    return 0;
  }
  try {
    switch (command) {
      case 'check': {
        const { positionals, values } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { explain: { type: 'boolean', default: false } },
        });
        const file = positionals[0] ?? defaultConfig;
        const { feeds, warnings } = await loadFeeds(file);
        const schedule = feeds.schedule;
        for (const w of warnings) io.err(formatProblem(w) + '\n');
        if (values.explain) {
          for (const w of schedule.windows) io.out(`${w.id}: ${explainWindow(w, schedule, feeds.month)}\n`);
        }
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
            days: { type: 'string', default: String(UPCOMING_DAYS) },
            system: { type: 'string', multiple: true },
            from: { type: 'string' },
            json: { type: 'boolean', default: false },
          },
        });
        const days = Number(values.days);
        if (!Number.isInteger(days) || days < 1 || days > 3660)
          return usage(io, `--days '${values.days}' must be a whole number from 1 to 3660`);
        let fixedNow: string | undefined;
        try {
          fixedNow = readFixedNow();
        } catch (err) {
          return usage(io, (err as Error).message);
        }
        const { schedule } = await loadSchedule(values.config ?? defaultConfig);
        const zone = schedule.calendar.timezone;
        const systems = queryIds(values.system);
        const unknown = scheduleIndex(schedule).unknownSystems(systems);
        if (unknown.length > 0) {
          const known = schedule.systems.map((s) => s.id).join(', ');
          return usage(io, `--system ${unknown.map((u) => `'${u}'`).join(', ')} is not a system; known: ${known}`);
        }
        const now = fixedNow ? DateTime.fromISO(fixedNow, { zone }) : DateTime.now().setZone(zone);
        const start = values.from ? DateTime.fromISO(values.from, { zone }) : now;
        if (!start.isValid || start.year < FIRST_YEAR || start.year > LAST_YEAR)
          return usage(
            io,
            `--from '${values.from}' must be a date from ${FIRST_YEAR} to ${LAST_YEAR} such as 2022-01-01`,
            command,
          );
        const end = start.plus({ days });
        const index = scheduleIndex(schedule);
        const occurrences = expandSchedule(schedule, start, end, (w) => index.affectsAny(w, systems));
        if (values.json) io.out(JSON.stringify(occurrencesJson(schedule, start, end, occurrences), null, 2) + '\n');
        else io.out(formatOccurrenceTable(occurrences, schedule, start, days));
        return 0;
      }
      case 'serve': {
        parseArgs({ args: rest, options: {} });
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
      return usage(io, err.message, command);
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

function usage(io: Out, message: string, command?: string): number {
  io.err(`nedetid: ${message}\n\n${(command && HELP[command]) || USAGE}\n`);
  return 2;
}
