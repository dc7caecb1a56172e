import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { FeedCheckError } from './feeds/feed-set.js';
import { loadFeeds } from './feeds/load-feeds.js';
import { explainWindow } from './ical/render-window.js';
import { OutputError, writeFeedFiles } from './feeds/write-feed-files.js';
import { expandSelected } from './occurrences/expand-window.js';
import { formatOccurrenceTable } from './views/occurrence-table.js';
import { loadSchedule } from './schedule/load-schedule.js';
import { formatProblem, ScheduleError } from './schedule/schedule-error.js';
import { FIRST_YEAR, LAST_YEAR } from './schedule/schedule-limits.js';
import { readFixedNow, readSettings, SettingsError } from './settings.js';
import { idList } from './schedule/id-list.js';
import { scheduleIndex } from './schedule/schedule-index.js';
import { UPCOMING_DAYS } from './views/horizons.js';
import { occurrencesJson } from './views/occurrences-json.js';
import { PLANNING_YEARS, planningWarnings } from './planning/planning-checks.js';
import { formatProblems, PROBLEM_FORMATS, type ProblemFormat } from './schedule/problem-annotations.js';
import type { MessageFormat } from './notify/change-message.js';
import type { Schedule } from './schedule/schedule.js';

/** How far ahead `diff` lists changes, and `notify` announces them, unless told. */
const DIFF_DAYS = 90;
const NOTIFY_DAYS = 14;

const USAGE = `nedetid: planned downtime as calendar feeds

  nedetid serve                           run the service (PORT, HOST, NEDETID_CONFIG, PUBLIC_URL)
  nedetid check [--explain] [FILE] [--years N] [--from YYYY-MM-DD] [--format text|github|gitlab]
                                          validate a schedule; FILE:LINE:COL for every problem,
                                          and warn about public holidays, clashes and expired
                                          announcements in the next N years (default 5);
                                          --explain: how each window is written for Outlook and others
  nedetid build [--config FILE] --out DIR write every feed as files for a static web server
  nedetid upcoming [--days N] [--system ID,…] [--audience ID] [--from YYYY-MM-DD] [--json] [--config FILE]
                                          the next occurrences as a table (or JSON)
  nedetid diff OLD NEW | diff REV [--days N] [--from YYYY-MM-DD] [--json] [--fix] [--format …]
                                          occurrences added, removed, moved, cancelled or changed
                                          in the next N days (default 90), as Markdown; exit 1 when
                                          a window changed without a higher sequence (--fix raises it)
  nedetid notify OLD NEW | notify REV [--webhook URL] [--format teams|slack] [--days N] [--audience ID]
                                          post the changes of the next N days (default 14) as one
                                          message to a Teams or Slack webhook (or $NEDETID_WEBHOOK_URL)

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
  --years N   warn about public holidays and clashes in the next N years (default 5)
  --from DATE count those years from this date (default today)
  --format F  text (default), github (::warning annotations) or gitlab (Code Quality JSON)

Example: nedetid check config/schedule.yaml`,
  build: `nedetid build [--config FILE] --out DIR: write every feed as files

Writes DIR/feeds/all.ics, DIR/feeds/systems/<id>.ics, DIR/feeds/providers/<id>.ics and
DIR/feeds/audiences/<id>.ics, byte for byte what the service sends, for any static web server.

  --config FILE   the schedule (default $NEDETID_CONFIG or config/schedule.yaml)
  --out DIR       where to write (required)

Example: nedetid build --out public-feeds`,
  upcoming: `nedetid upcoming: the next occurrences, as the page lists them

  --days N        how many days ahead (default ${UPCOMING_DAYS}, as on the page; 1 to 3660)
  --system ID     only windows affecting these systems: --system visma,gat or repeated
                  (ids, names or aliases; depends-on counts)
  --audience ID   only windows affecting this audience's systems, such as --audience gjovik
  --from DATE     start at this local date (default: now, or $NEDETID_NOW)
  --json          the JSON of GET /api/occurrences instead of a table
  --config FILE   the schedule (default $NEDETID_CONFIG or config/schedule.yaml)

Example: nedetid upcoming --system visma,gat --days 14`,
  diff: `nedetid diff OLD NEW | nedetid diff REV: what a change to the schedule does to the calendars

Lists every occurrence in the next days that was added, removed, moved, cancelled or changed,
as a Markdown table (or JSON). Exit 1 when a window's event changed but its sequence did not
rise, so a merge request can be refused; --fix raises it in NEW.

  --days N        how many days ahead (default 90)
  --from DATE     start at this local date (default today)
  --json          JSON instead of a table
  --fix           raise sequence (and set updated) in NEW where it was forgotten
  --format F      text (default) or github (annotations; the table goes to $GITHUB_STEP_SUMMARY)
  --config FILE   the schedule compared with REV (default $NEDETID_CONFIG or config/schedule.yaml)

Example: nedetid diff origin/main`,
  notify: `nedetid notify OLD NEW | nedetid notify REV: announce a change in Teams or Slack

Posts the occurrences of the next days that the change adds, removes, moves or cancels as one
message to a webhook, retrying with backoff. The webhook address is never printed.

  --webhook URL   the incoming webhook (default $NEDETID_WEBHOOK_URL)
  --format F      teams (Adaptive Card, default) or slack
  --days N        how many days ahead (default 14)
  --page-url URL  link to the intranet page in the message (default $PUBLIC_URL)
  --system ID     only changes touching these systems (id, name or alias; depends-on counts)
  --audience ID   only changes touching this audience, so each municipality's channel gets its own

Example: NEDETID_WEBHOOK_URL=https://… nedetid notify HEAD~1`,
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
          options: {
            explain: { type: 'boolean', default: false },
            years: { type: 'string' },
            'holiday-years': { type: 'string' },
            from: { type: 'string' },
            format: { type: 'string', default: 'text' },
          },
        });
        const file = positionals[0] ?? defaultConfig;
        const format = values.format as ProblemFormat;
        if (!PROBLEM_FORMATS.includes(format))
          return usage(io, `--format '${values.format}' must be one of ${PROBLEM_FORMATS.join(', ')}`);
        const yearsText = values.years ?? values['holiday-years'] ?? String(PLANNING_YEARS);
        const years = Number(yearsText);
        if (!Number.isInteger(years) || years < 0 || years > 20)
          return usage(io, `--years '${yearsText}' must be a whole number from 0 to 20`);
        let loaded;
        try {
          loaded = await loadFeeds(file, { positions: true });
        } catch (err) {
          if (!(err instanceof ScheduleError) || format === 'text') throw err;
          io.out(formatProblems(err.problems, format));
          io.err(
            `${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}; the schedule was not loaded\n`,
          );
          return 1;
        }
        const { feeds, warnings, positions } = loaded;
        const schedule = feeds.schedule;
        const start = startDate(values.from, schedule.calendar.timezone);
        if (!start) return usage(io, `--from '${values.from}' must be a date such as 2026-01-01`);
        const all = [...warnings, ...planningWarnings({ schedule, warnings, positions }, start, years)];
        const summary = `${file}: ok: ${schedule.windows.length} windows, ${schedule.announcements.length} announced, ${schedule.systems.length} systems, ${schedule.providers.length} providers, ${feeds.feeds.length} feeds\n`;
        if (format === 'text') for (const w of all) io.err(formatProblem(w) + '\n');
        else io.out(formatProblems(all, format));
        if (values.explain) {
          for (const w of schedule.windows) io.out(`${w.id}: ${explainWindow(w, schedule, feeds.month)}\n`);
        }
        (format === 'gitlab' ? io.err : io.out)(summary);
        return 0;
      }
      case 'diff':
      case 'notify':
        return await compareCommand(command, rest, defaultConfig, io);
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
            audience: { type: 'string' },
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
        const systems = selectedSystems(schedule, values.system, values.audience);
        if (typeof systems === 'string') return usage(io, systems);
        const now = fixedNow ? DateTime.fromISO(fixedNow, { zone }) : DateTime.now().setZone(zone);
        const start = values.from ? DateTime.fromISO(values.from, { zone }) : now;
        if (!start.isValid || start.year < FIRST_YEAR || start.year > LAST_YEAR)
          return usage(
            io,
            `--from '${values.from}' must be a date from ${FIRST_YEAR} to ${LAST_YEAR} such as 2022-01-01`,
            command,
          );
        const end = start.plus({ days });
        const occurrences = expandSelected(schedule, start, end, systems);
        if (values.json) io.out(JSON.stringify(occurrencesJson(schedule, start, end, occurrences), null, 2) + '\n');
        else io.out(formatOccurrenceTable(occurrences, schedule, start, days));
        return 0;
      }
      case 'serve': {
        parseArgs({ args: rest, options: {} });
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

/** `--from` as the start of a local day, or now when absent; null when it is not a date. */
function startDate(from: string | undefined, zone: string): DateTime | null {
  if (!from) return DateTime.now().setZone(zone);
  const d = DateTime.fromISO(from, { zone });
  return d.isValid && /^\d{4}-\d{2}-\d{2}$/.test(from) ? d : null;
}

/** `diff` and `notify`: the same two schedules and the same changes; one prints, one posts. */
async function compareCommand(command: 'diff' | 'notify', args: string[], defaultConfig: string, io: Out) {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      days: { type: 'string' },
      from: { type: 'string' },
      json: { type: 'boolean', default: false },
      fix: { type: 'boolean', default: false },
      format: { type: 'string' },
      webhook: { type: 'string' },
      'page-url': { type: 'string' },
      system: { type: 'string', multiple: true },
      audience: { type: 'string' },
    },
  });
  const foreign =
    command === 'diff' ? (['webhook', 'page-url', 'system', 'audience'] as const) : (['json', 'fix'] as const);
  const misplaced = foreign.find((k) => values[k] !== undefined && values[k] !== false);
  if (misplaced) return usage(io, `--${misplaced} is not an option of ${command}`);
  if (positionals.length < 1 || positionals.length > 2)
    return usage(io, `${command} needs OLD NEW (two schedule files) or REV (a git revision of the schedule)`);
  const days = Number(values.days ?? (command === 'diff' ? DIFF_DAYS : NOTIFY_DAYS));
  if (!Number.isInteger(days) || days < 1 || days > 3660)
    return usage(io, `--days '${values.days}' must be a whole number from 1 to 3660`);
  // Imported here: `build` and `check` start faster without the diff and webhook code.
  const [{ loadVersions }, { diffSchedules }, { diffJson, diffMarkdown }, { raiseSequences }] = await Promise.all([
    import('./diff/schedule-versions.js'),
    import('./diff/schedule-diff.js'),
    import('./diff/diff-report.js'),
    import('./diff/raise-sequence.js'),
  ]);
  const [{ changeMessage, MESSAGE_FORMATS }, { postWebhook, WebhookError }] = await Promise.all([
    import('./notify/change-message.js'),
    import('./notify/post-webhook.js'),
  ]);
  const { before, after, afterFile } = await loadVersions(positionals, values.config ?? defaultConfig);
  const start = startDate(values.from, after.schedule.calendar.timezone);
  if (!start) return usage(io, `--from '${values.from}' must be a date such as 2026-01-01`);
  let diff = diffSchedules(before, after, start, days);
  if (command === 'notify') {
    if (values.system || values.audience) {
      // Each municipality's channel gets the changes its feed shows: the same selection.
      const selected = selectedSystems(after.schedule, values.system, values.audience);
      if (typeof selected === 'string') return usage(io, selected);
      const { changesTouching } = await import('./diff/changes-touching.js');
      diff = changesTouching(diff, before.schedule, after.schedule, selected);
    }
    const format = (values.format ?? 'teams') as MessageFormat;
    if (!MESSAGE_FORMATS.includes(format))
      return usage(io, `--format '${values.format}' must be one of ${MESSAGE_FORMATS.join(', ')}`);
    const url = values.webhook ?? process.env.NEDETID_WEBHOOK_URL;
    if (!url) return usage(io, 'notify needs --webhook URL or NEDETID_WEBHOOK_URL');
    if (diff.changes.length === 0) {
      io.out(`nothing to announce: no occurrence changes in the next ${days} days\n`);
      return 0;
    }
    const pageUrl = values['page-url'] ?? process.env.PUBLIC_URL;
    try {
      const tries = await postWebhook(url, changeMessage(diff, after.schedule, format, pageUrl), {
        baseDelayMs: Number(process.env.NEDETID_WEBHOOK_RETRY_MS ?? 1000),
        onRetry: (attempt, reason, ms) => io.err(`try ${attempt} failed: ${reason}; trying again in ${ms} ms\n`),
      });
      io.out(
        `posted ${diff.changes.length} change${diff.changes.length === 1 ? '' : 's'} to the webhook (${format}, ${tries} ${tries === 1 ? 'try' : 'tries'})\n`,
      );
      return 0;
    } catch (err) {
      if (err instanceof WebhookError) {
        io.err(`nedetid notify: ${err.message}\n`);
        return 1;
      }
      throw err;
    }
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'github')
    return usage(io, `--format '${format}' must be text or github (for diff)`);
  const report = values.json ? JSON.stringify(diffJson(diff), null, 2) + '\n' : diffMarkdown(diff);
  // In GitHub Actions the table goes to the job summary and stdout carries the annotations.
  if (format === 'github' && process.env.GITHUB_STEP_SUMMARY) await appendFile(process.env.GITHUB_STEP_SUMMARY, report);
  else io.out(report);
  if (diff.sequence.length === 0) return 0;
  if (values.fix) {
    const updated = DateTime.now().setZone(after.schedule.calendar.timezone).toFormat("yyyy-MM-dd'T'HH:mm");
    const fixes = diff.sequence.map((p) => ({ windowId: p.windowId, sequence: p.before + 1, updated }));
    await writeFile(afterFile, raiseSequences(await readFile(afterFile, 'utf8'), fixes));
    for (const f of fixes)
      io.err(`${afterFile}: window '${f.windowId}': sequence raised to ${f.sequence}, updated ${f.updated}\n`);
    return 0;
  }
  const problems = formatProblems(
    diff.sequence.map((p) => p.problem),
    format,
  );
  (format === 'github' ? io.out : io.err)(problems);
  return 1;
}

/**
 * `--system` (ids, names or aliases) and `--audience` as one set of system ids, resolved as every
 * surface resolves them; or what is unknown and what exists, for a usage error.
 */
function selectedSystems(schedule: Schedule, system: string[] | undefined, audienceId: string | undefined) {
  const index = scheduleIndex(schedule);
  const audience = audienceId === undefined ? undefined : index.findAudience(audienceId);
  if (audienceId !== undefined && !audience) {
    const known = schedule.audiences.map((a) => a.id).join(', ') || 'none (audiences: in the schedule)';
    return `--audience '${audienceId}' is not an audience; known: ${known}`;
  }
  const { ids, unknown } = index.resolveSystems([...(audience?.systems ?? []), ...idList(system)]);
  if (unknown.length === 0) return ids;
  const known = schedule.systems.map((s) => s.id).join(', ');
  return `--system ${unknown.map((u) => `'${u}'`).join(', ')} is not a system; known: ${known}`;
}

function usage(io: Out, message: string, command?: string): number {
  io.err(`nedetid: ${message}\n\n${(command && HELP[command]) || USAGE}\n`);
  return 2;
}
