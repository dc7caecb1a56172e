import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { FeedCheckError } from './feeds/feed-set.js';
import { loadFeeds } from './feeds/load-feeds.js';
import { explainWindow } from './ical/render-window.js';
import { OutputError, writeFeedFiles } from './feeds/write-feed-files.js';
import { expandFreezes, expandSelected } from './occurrences/expand-window.js';
import { formatFreezeTable, formatOccurrenceTable } from './views/occurrence-table.js';
import { fileProblem, loadSchedule } from './schedule/load-schedule.js';
import { formatProblem, ScheduleError } from './schedule/schedule-error.js';
import { FIRST_YEAR, LAST_YEAR } from './schedule/schedule-limits.js';
import { readFixedNow, readLoadBudget, readSettings, readWebhookSettings, SettingsError } from './settings.js';
import { settingsClock } from './time/clock.js';
import { feedSizeWarnings } from './feeds/feed-size-warnings.js';
import { idList } from './schedule/id-list.js';
import { scheduleIndex } from './schedule/schedule-index.js';
import { FREEZE_DAYS, UPCOMING_DAYS } from './views/horizons.js';
import { freezesJson, occurrencesJson } from './views/occurrences-json.js';
import { PLANNING_YEARS, planningWarnings } from './planning/planning-checks.js';
import { formatProblems, PROBLEM_FORMATS, type ProblemFormat } from './schedule/problem-annotations.js';
import { MESSAGE_FORMATS, type MessageFormat } from './notify/webhook-message.js';
import type { Lead, Reminder } from './notify/due-reminders.js';
import type { Schedule, Window } from './schedule/schedule.js';

/** How far ahead `diff` lists changes, and `notify` announces them, unless told. */
const DIFF_DAYS = 90;
const NOTIFY_DAYS = 14;
/** `remind --before` values: a reminder plan needs two or three (P7D, P1D, PT1H). */
const MAX_LEADS = 10;

const USAGE = `nedetid: planned downtime as calendar feeds

  nedetid serve                           run the service (PORT, HOST, NEDETID_CONFIG, PUBLIC_URL)
  nedetid check [--explain] [FILE | --config FILE] [--years N] [--from YYYY-MM-DD] [--format text|github|gitlab]
                                          validate a schedule; FILE:LINE:COL for every problem,
                                          and warn about public holidays, clashes and expired
                                          announcements in the next N years (default 5);
                                          --explain: how each window is written for Outlook and others
  nedetid build [--config FILE] --out DIR write every feed as files for a static web server
  nedetid upcoming [--days N] [--system ID,…] [--audience ID] [--from YYYY-MM-DD] [--json] [--freezes] [--config FILE]
                                          the next occurrences as a table (or JSON)
  nedetid diff OLD NEW | diff REV [--days N] [--from YYYY-MM-DD] [--json] [--fix] [--format …]
                                          occurrences added, removed, moved, cancelled or changed
                                          in the next N days (default 90), as Markdown; exit 1 when
                                          a window changed without a higher sequence (--fix raises it)
  nedetid notify OLD NEW | notify REV [--webhook URL] [--format teams|slack] [--days N] [--audience ID]
                                          post the changes of the next N days (default 14) as one
                                          message to a Teams or Slack webhook (or $NEDETID_WEBHOOK_URL)
  nedetid remind --before P1D [--before PT1H …] --every PT15M [--webhook URL] [--format teams|slack] [--audience ID]
                                          post a reminder of each occurrence whose start minus
                                          --before falls in the last period of --every; run it
                                          every --every from cron, a CronJob or a CI schedule

FILE defaults to $NEDETID_CONFIG or config/schedule.yaml. \`nedetid COMMAND --help\` explains one.`;

/** `nedetid COMMAND --help`: what each command does, its options, and an example. */
const HELP: Record<string, string> = {
  serve: `nedetid serve: run the service

Serves the feeds, the page, the embed and the API from the schedule file, and reloads it when
the file changes (or on SIGHUP). A schedule that does not pass \`nedetid check\` stops it before
it listens. Settings come from the environment:

  PORT            8080
  HOST            0.0.0.0 (every interface; 127.0.0.1 for this machine only)
  NEDETID_CONFIG  the schedule file (config/schedule.yaml)
  PUBLIC_URL      the https address staff subscribe to, e.g. https://nedetid.example.no
  TRUST_PROXY     addresses or ranges of reverse proxies whose X-Forwarded-* headers count
  NEDETID_FRAME_ANCESTORS   origins allowed to put /embed in an iframe
  NEDETID_WATCH_MS          how often the file is checked for changes (1000)
  NEDETID_SETTLE_MS         how long an edited file must hold still before it is read (500)
  NEDETID_LOAD_BUDGET_MS    how long a load may take before it is refused (30000)
  NEDETID_WORKER_HEAP_MB    the load worker's heap limit; size the container's memory for it (1024)
  NEDETID_MAX_LOOP_DELAY_MS event-loop delay past which requests get 503 (1000; 0: off)
  NEDETID_NOW               a fixed local now, such as 2022-06-13T10:00 (demos and tests)
  LOG_LEVEL                 pino's level (info)

Example: PUBLIC_URL=https://nedetid.example.no nedetid serve`,
  check: `nedetid check [--explain] [FILE | --config FILE]: validate a schedule

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
  --freezes       the freeze periods instead (default ${FREEZE_DAYS} days; --system: freezes on those systems)
  --config FILE   the schedule (default $NEDETID_CONFIG or config/schedule.yaml)

Example: nedetid upcoming --system visma,gat --days 14`,
  diff: `nedetid diff OLD NEW | nedetid diff REV: what a change to the schedule does to the calendars

Lists every occurrence in the next days that was added, removed, moved, cancelled or changed,
as a Markdown table (or JSON), then every window added, removed or changed that has no
occurrence in those days, with its dates ("in the past" when they are over: check the year). Exit 1 when a window's event changed but its sequence did not
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

Each try has one deadline for the whole exchange (NEDETID_WEBHOOK_TIMEOUT_MS, default 15000);
a redirect is not followed. Exit 0 when posted or nothing changed, 1 when the post failed.

Example: NEDETID_WEBHOOK_URL=https://… nedetid notify HEAD~1`,
  remind: `nedetid remind --before P1D --every PT15M: remind people before work starts

Calendars refresh late and ignore alarms, so this posts one message to a webhook with every
occurrence whose start minus --before falls in the period the run covers: the last whole period
of --every that has ended (counted in UTC, so PT15M covers a quarter hour: a run at 16:03 covers
15:45–16:00). Run it once in every period (cron, a Kubernetes CronJob, a CI schedule) and each
reminder is posted once. It keeps no state: a period whose run never happened is not made up for.
Cancelled occurrences are listed as skipped, never posted; moved ones are reminded at their new
time. The webhook address is never printed; timeouts and retries are those of notify.

  --before D      how long before the start: weeks, days, hours, minutes (P7D, P1D, PT1H);
                  give it again (up to 10 times) for more reminders of one occurrence
  --every D       how often it runs: minutes that divide a day (PT5M, PT15M, PT1H, P1D)
  --webhook URL   the incoming webhook (default $NEDETID_WEBHOOK_URL)
  --format F      teams (Adaptive Card, default) or slack
  --page-url URL  link to the intranet page in the message (default $PUBLIC_URL)
  --audience ID   only what touches this audience (a municipality's channel), as its feed shows
  --system ID     only what touches these systems (ids, names or aliases; repeat or comma-separate)
  --config FILE   the schedule (default $NEDETID_CONFIG or config/schedule.yaml)

Now is the clock, or $NEDETID_NOW. Exit 0 when posted or nothing was due, 1 when the post failed.

Example: NEDETID_WEBHOOK_URL=https://… nedetid remind --before P1D --before PT1H --every PT15M`,
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
            config: { type: 'string' },
            explain: { type: 'boolean', default: false },
            years: { type: 'string' },
            'holiday-years': { type: 'string' },
            from: { type: 'string' },
            format: { type: 'string', default: 'text' },
          },
        });
        if (positionals.length > 1 || (positionals.length === 1 && values.config !== undefined))
          return usage(io, 'check reads one schedule: give FILE or --config FILE');
        const file = positionals[0] ?? values.config ?? defaultConfig;
        const format = values.format as ProblemFormat;
        if (!PROBLEM_FORMATS.includes(format))
          return usage(io, `--format '${values.format}' must be one of ${PROBLEM_FORMATS.join(', ')}`);
        const yearsText = values.years ?? values['holiday-years'] ?? String(PLANNING_YEARS);
        const years = Number(yearsText);
        if (!Number.isInteger(years) || years < 0 || years > 20)
          return usage(io, `--years '${yearsText}' must be a whole number from 0 to 20`);
        const budgetMs = readLoadBudget();
        let loaded;
        try {
          loaded = await loadFeeds(file, { clock: settingsClock(readFixedNow()) });
          // The service stops a load past its budget and keeps the last good schedule: a file
          // that passes here but takes longer would never be served, so it fails here too.
          if (loaded.ms > budgetMs)
            throw fileProblem(
              file,
              `loading this schedule took ${Math.round(loaded.ms)} ms here; the service stops a load after ${budgetMs} ms (NEDETID_LOAD_BUDGET_MS) and would keep serving the last good one: make it cheaper (fewer windows, shorter rules, fewer freeze periods) or raise the budget`,
            );
        } catch (err) {
          if (!(err instanceof ScheduleError) || format === 'text') throw err;
          io.out(formatProblems(err.problems, format));
          io.err(err.summary() + '\n');
          return 1;
        }
        const { feeds, warnings, positions } = loaded;
        const schedule = feeds.schedule;
        const start = startDate(values.from, schedule.calendar.timezone);
        if (!start) return usage(io, `--from '${values.from}' must be a date such as 2026-01-01`);
        const all = [
          ...warnings,
          ...planningWarnings({ schedule, warnings, positions }, start, years),
          ...feedSizeWarnings(feeds, positions),
        ];
        const freezes = schedule.freezes?.length;
        const frozen = freezes ? `, ${freezes} freeze${freezes === 1 ? '' : 's'}` : '';
        const summary = `${file}: ok: ${schedule.windows.length} windows, ${schedule.announcements.length} announced${frozen}, ${schedule.systems.length} systems, ${schedule.providers.length} providers, ${feeds.feeds.length} feeds\n`;
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
      case 'remind':
        return await remindCommand(rest, defaultConfig, io);
      case 'build': {
        const { values } = parseArgs({ args: rest, options: { config: { type: 'string' }, out: { type: 'string' } } });
        if (!values.out) return usage(io, 'build needs --out DIR');
        const { feeds } = await loadFeeds(values.config ?? defaultConfig, { clock: settingsClock(readFixedNow()) });
        await writeFeedFiles(feeds, values.out);
        io.out(`wrote ${feeds.feeds.length} feeds to ${values.out}/feeds\n`);
        return 0;
      }
      case 'upcoming': {
        const { values } = parseArgs({
          args: rest,
          options: {
            config: { type: 'string' },
            days: { type: 'string' },
            system: { type: 'string', multiple: true },
            audience: { type: 'string', multiple: true },
            from: { type: 'string' },
            json: { type: 'boolean', default: false },
            freezes: { type: 'boolean', default: false },
          },
        });
        const days = Number(values.days ?? (values.freezes ? FREEZE_DAYS : UPCOMING_DAYS));
        if (!Number.isInteger(days) || days < 1 || days > 3660)
          return usage(io, `--days '${values.days}' must be a whole number from 1 to 3660`);
        const { schedule } = await loadSchedule(values.config ?? defaultConfig);
        const zone = schedule.calendar.timezone;
        const systems = selectedSystems(schedule, values.system, values.audience);
        if (typeof systems === 'string') return usage(io, systems);
        const now = nowIn(zone);
        const start = values.from ? DateTime.fromISO(values.from, { zone }) : now;
        if (!start.isValid || start.year < FIRST_YEAR || start.year > LAST_YEAR)
          return usage(
            io,
            `--from '${values.from}' must be a date from ${FIRST_YEAR} to ${LAST_YEAR} such as 2022-01-01`,
            command,
          );
        const end = start.plus({ days });
        if (values.freezes) {
          // The freezes on any of the systems asked for (systems: all is on every one).
          const periods = expandFreezes(schedule, start, end).filter(
            (o) => systems.length === 0 || o.freeze.allSystems || o.freeze.systems.some((s) => systems.includes(s)),
          );
          if (values.json) io.out(JSON.stringify(freezesJson(schedule, start, end, periods), null, 2) + '\n');
          else io.out(formatFreezeTable(periods, schedule, start, days));
          return 0;
        }
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
      for (const line of err.lines()) io.err(line + '\n');
      io.err(err.summary() + '\n');
      return 1;
    }
    if (err instanceof FeedCheckError) {
      // The schedule is valid; a feed failing a structural check is our bug, not the editor's.
      io.err(`nedetid rendered a feed that fails structural checks; please report this: ${err.message}\n`);
      return 1;
    }
    const parseArgsError = err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS');
    if (err instanceof UsageError || parseArgsError) {
      // A usage error is one line: the whole help pushed the reason off the screen.
      const help = command && HELP[command] ? `nedetid ${command} --help` : 'nedetid --help';
      io.err(`nedetid: ${err.message}\nsee \`${help}\`\n`);
      return 2;
    }
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

/** Now in `zone`: $NEDETID_NOW when set (checked: a bad value is a usage error), else the real time. */
function nowIn(zone: string): DateTime {
  let fixedNow;
  try {
    fixedNow = readFixedNow();
  } catch (err) {
    return usage(undefined, (err as Error).message);
  }
  return DateTime.fromJSDate(settingsClock(fixedNow)(zone).now(), { zone });
}

/** `--from` as the start of a local day, or now when absent; null when it is not a date. */
function startDate(from: string | undefined, zone: string): DateTime | null {
  if (!from) return nowIn(zone);
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
      audience: { type: 'string', multiple: true },
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
  const clock = settingsClock(readFixedNow());
  const { before, after, afterFile } = await loadVersions(positionals, values.config ?? defaultConfig, clock);
  const start = startDate(values.from, after.schedule.calendar.timezone);
  if (!start) return usage(io, `--from '${values.from}' must be a date such as 2026-01-01`);
  const now = nowIn(after.schedule.calendar.timezone);
  let diff = diffSchedules(before, after, start, days, now);
  if (command === 'notify') {
    if (values.system !== undefined || values.audience !== undefined) {
      // Each municipality's channel gets the changes its feed shows: the same selection.
      const selected = selectedSystems(after.schedule, values.system, values.audience);
      if (typeof selected === 'string') return usage(io, selected);
      const { changesTouching } = await import('./diff/changes-touching.js');
      diff = changesTouching(diff, before.schedule, after.schedule, selected);
    }
    const target = webhookTarget(command, values);
    if (typeof target === 'string') return usage(io, target, command);
    if (diff.changes.length === 0) {
      io.out(`nothing to announce: no occurrence changes in the next ${days} days\n`);
      return 0;
    }
    const { changeMessage } = await import('./notify/change-message.js');
    const tries = await postMessage(
      command,
      target.url,
      changeMessage(diff, after.schedule, target.format, target.pageUrl),
      io,
    );
    if (tries === null) return 1;
    io.out(
      `posted ${diff.changes.length} change${diff.changes.length === 1 ? '' : 's'} to the webhook (${target.format}, ${tries} ${tries === 1 ? 'try' : 'tries'})\n`,
    );
    return 0;
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'github')
    return usage(io, `--format '${format}' must be text or github (for diff)`);
  const raised = values.fix && diff.sequence.length > 0;
  const report = values.json ? JSON.stringify(diffJson(diff), null, 2) + '\n' : diffMarkdown(diff, { raised });
  // In GitHub Actions the table goes to the job summary and stdout carries the annotations.
  if (format === 'github' && process.env.GITHUB_STEP_SUMMARY) await appendFile(process.env.GITHUB_STEP_SUMMARY, report);
  else io.out(report);
  if (diff.sequence.length === 0) return 0;
  if (raised) {
    const updated = now.toFormat("yyyy-MM-dd'T'HH:mm");
    const fixes = diff.sequence.map((p) => ({ windowId: p.windowId, sequence: p.before + 1, updated }));
    await writeFile(afterFile, raiseSequences(await readFile(afterFile, 'utf8'), fixes, updated));
    for (const f of fixes)
      io.err(`${afterFile}: window '${f.windowId}': sequence raised to ${f.sequence}, updated ${f.updated}\n`);
    io.err(`${afterFile}: calendar.updated set to ${updated} ("Sist endret" and every DTSTAMP)\n`);
    return 0;
  }
  const problems = formatProblems(
    diff.sequence.map((p) => p.problem),
    format,
  );
  (format === 'github' ? io.out : io.err)(problems);
  return 1;
}

/** Where and how `notify` and `remind` post, or what is wrong with the options. */
function webhookTarget(
  command: 'notify' | 'remind',
  values: { webhook?: string | undefined; format?: string | undefined; 'page-url'?: string | undefined },
): { url: string; format: MessageFormat; pageUrl?: string | undefined } | string {
  const format = (values.format ?? 'teams') as MessageFormat;
  if (!MESSAGE_FORMATS.includes(format))
    return `--format '${values.format}' must be one of ${MESSAGE_FORMATS.join(', ')}`;
  const url = values.webhook ?? process.env.NEDETID_WEBHOOK_URL;
  if (!url) return `${command} needs --webhook URL or NEDETID_WEBHOOK_URL`;
  return { url, format, pageUrl: values['page-url'] ?? process.env.PUBLIC_URL };
}

/**
 * Posts one message with the shared webhook client and says how it went: the number of tries,
 * or null after printing why it failed (never the address).
 */
async function postMessage(
  command: 'notify' | 'remind',
  url: string,
  message: object,
  io: Out,
): Promise<number | null> {
  const { retryMs, timeoutMs } = readWebhookSettings();
  const { postWebhook, WebhookError } = await import('./notify/post-webhook.js');
  try {
    const { tries } = await postWebhook(url, message, {
      baseDelayMs: retryMs,
      timeoutMs,
      onRetry: (attempt, reason, ms) => io.err(`try ${attempt} failed: ${reason}; trying again in ${ms} ms\n`),
    });
    return tries;
  } catch (err) {
    if (!(err instanceof WebhookError)) throw err;
    io.err(`nedetid ${command}: ${err.message}\n`);
    return null;
  }
}

/**
 * `remind`: the occurrences whose reminder falls in the period this run covers, posted as one
 * message; what was posted and what was skipped (cancelled) is printed by window id and time.
 */
async function remindCommand(args: string[], defaultConfig: string, io: Out): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string' },
      before: { type: 'string', multiple: true },
      every: { type: 'string' },
      webhook: { type: 'string' },
      format: { type: 'string' },
      'page-url': { type: 'string' },
      audience: { type: 'string', multiple: true },
      system: { type: 'string', multiple: true },
    },
  });
  const { dueReminders, parseEvery, parseLead } = await import('./notify/due-reminders.js');
  if (!values.before?.length) return usage(io, 'remind needs --before, such as --before P1D', 'remind');
  if (values.before.length > MAX_LEADS)
    return usage(
      io,
      `--before is given ${values.before.length} times; at most ${MAX_LEADS} reminders per occurrence`,
      'remind',
    );
  const leads: Lead[] = [];
  for (const text of values.before) {
    const lead = parseLead(text);
    if (!lead)
      return usage(
        io,
        `--before '${text}' must be a duration in weeks, days, hours or minutes up to a year, such as P7D, P1D or PT1H`,
        'remind',
      );
    if (!leads.some((l) => l.duration.toMillis() === lead.duration.toMillis())) leads.push(lead);
  }
  if (!values.every) return usage(io, 'remind needs --every, how often it runs, such as --every PT15M', 'remind');
  const every = parseEvery(values.every);
  if (every === null)
    return usage(
      io,
      `--every '${values.every}' must be minutes that divide a day, such as PT15M, PT1H or P1D`,
      'remind',
    );
  const target = webhookTarget('remind', values);
  if (typeof target === 'string') return usage(io, target, 'remind');
  const { schedule } = await loadSchedule(values.config ?? defaultConfig);
  const zone = schedule.calendar.timezone;
  // --audience and --system: each municipality's channel is reminded of what its feed shows.
  let include: ((w: Window) => boolean) | undefined;
  if (values.system !== undefined || values.audience !== undefined) {
    const selected = selectedSystems(schedule, values.system, values.audience);
    if (typeof selected === 'string') return usage(io, selected, 'remind');
    const index = scheduleIndex(schedule);
    include = (w) => index.windowFor(w, selected) !== undefined;
  }
  const { from, to, due, cancelled } = dueReminders(schedule, nowIn(zone), every, leads, include);
  const at = (d: DateTime) => d.setZone(zone).toFormat('yyyy-MM-dd HH:mm');
  const about = (r: Reminder) => {
    const o = r.occurrence;
    const moved = o.movedFrom ? ` (moved from ${o.movedFrom.toFormat('yyyy-MM-dd')})` : '';
    return `${r.lead.text} before ${o.window.id} at ${at(o.start)}${moved}`;
  };
  io.out(`covering reminders due after ${at(from)} up to ${at(to)} (${zone})\n`);
  for (const r of cancelled) io.out(`skipped (cancelled): ${about(r)}\n`);
  if (due.length === 0) {
    io.out('nothing to remind of in this period\n');
    return 0;
  }
  const { reminderMessage } = await import('./notify/reminder-message.js');
  const tries = await postMessage(
    'remind',
    target.url,
    reminderMessage(due, schedule, target.format, target.pageUrl),
    io,
  );
  if (tries === null) return 1;
  for (const r of due) io.out(`reminded: ${about(r)}\n`);
  io.out(
    `posted ${due.length} reminder${due.length === 1 ? '' : 's'} to the webhook (${target.format}, ${tries} ${tries === 1 ? 'try' : 'tries'})\n`,
  );
  return 0;
}

/**
 * `--system` (ids, names or aliases) and `--audience` as one set of system ids, resolved as every
 * surface resolves them; or what is unknown and what exists, for a usage error.
 */
function selectedSystems(schedule: Schedule, system: string[] | undefined, audiences: string[] | undefined) {
  // One audience: a second --audience (a mistake in a CronJob's arguments) would silently win.
  if (audiences !== undefined && audiences.length > 1)
    return `--audience is given ${audiences.length} times; give one (--system adds systems to it)`;
  const audienceId = audiences?.[0];
  const index = scheduleIndex(schedule);
  const audience = audienceId === undefined ? undefined : index.findAudience(audienceId);
  if (audienceId !== undefined && !audience) {
    const known = schedule.audiences.map((a) => a.id).join(', ') || 'none (audiences: in the schedule)';
    return `--audience '${audienceId}' is not an audience; known: ${known}`;
  }
  const { ids, unknown } = index.resolveSystems([...(audience?.systems ?? []), ...idList(system)]);
  // `--system ""` (an empty variable in a CronJob) selects nothing; it must not mean everyone.
  if (unknown.length === 0 && ids.length === 0 && (system !== undefined || audiences !== undefined))
    return '--system and --audience name no system; give ids, names or an audience, such as --system visma';
  if (unknown.length === 0) return ids;
  const known = schedule.systems.map((s) => s.id).join(', ');
  return `--system ${unknown.map((u) => `'${u}'`).join(', ')} is not a system; known: ${known}`;
}

/** A command line that can not be run as typed: one line saying why, and where the help is (exit 2). */
class UsageError extends Error {}

/** Refuses the command line (main prints the message and the way to the command's help). */
function usage(_io: Out | undefined, message: string, _command?: string): never {
  throw new UsageError(message);
}
