import { FREEZE_DAYS, UPCOMING_DAYS } from '../views/horizons.js';

/** `nedetid` and `nedetid COMMAND --help`: what each command does, its options, and an example. */
export const USAGE = `nedetid: planned downtime as calendar feeds

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

export const HELP: Record<string, string> = {
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
