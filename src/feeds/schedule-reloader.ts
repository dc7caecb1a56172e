import { basename } from 'node:path';
import { MAX_SCHEDULE_BYTES } from '../schedule-file/schedule-limits.js';
import { readScheduleFile, readSettledScheduleFile } from '../schedule-file/read-schedule-file.js';
import { formatProblem, ScheduleError } from '../schedule-file/schedule-error.js';
import { fixedClock, type Clock } from '../time/clock.js';
import { publishingMonth } from '../time/horizon.js';
import { FeedSet } from './feed-set.js';
import type { FeedStore } from './feed-store.js';
import { loadText, type LoadText } from './load-feeds.js';

/** What the reloader logs through: pino's call shape, so the server passes its logger as it is. */
export interface ReloadLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * How long the schedule file must hold still (same size, times and bytes in two reads this far
 * apart) before it is loaded. Editors, `cp` and `git checkout` rewrite a file in well under this.
 */
export const SETTLE_MS = 500;

export interface ReloaderOptions {
  /** See SETTLE_MS. */
  settleMs?: number;
  /** Parses, validates and renders a text; the service passes workerLoader's, tests may run it here. */
  load?: LoadText;
  /** The service's clock (NEDETID_NOW or the real time): the publishing month of every load. */
  clock: Clock;
}

/**
 * Reloads the schedule when its file changes (or on request, e.g. SIGHUP). The new file is read,
 * validated and fully rendered before it replaces anything; a refused file changes nothing that
 * is served. Reloads never overlap: a change during a reload triggers one more afterwards.
 */
export class ScheduleReloader {
  private running: Promise<void> | null = null;
  private again: { reason: string; force: boolean } | null = null;
  private stopped = false;
  /** The version (see readScheduleFile) last loaded or refused: a poll reloads when the file differs. */
  private seen: string | null = null;
  /** The file's name in /healthz and problems: never the absolute path (issue 9). */
  private readonly name: string;
  private readonly settleMs: number;
  private readonly load: LoadText;
  private readonly clock: Clock;
  /** The bytes of the schedule being served: what a new month renders again. */
  private served: Buffer | undefined;
  /** The month a re-render was last tried for, so a failing one is not retried at every poll. */
  private rolledFor = 0;
  /** Loads and month re-renders take turns: a re-render that ended after a reload would undo it. */
  private turn: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly store: FeedStore,
    private readonly log: ReloadLog,
    { settleMs = SETTLE_MS, load = async (bytes, name, now) => loadText(bytes, name, now), clock }: ReloaderOptions,
  ) {
    this.clock = clock;
    this.name = basename(file);
    this.settleMs = settleMs;
    this.load = load;
  }

  /**
   * Reads the file at every interval and reloads when it differs from the version last loaded or
   * refused. Polling, unlike fs.watch, follows the symlink swaps of Kubernetes ConfigMaps and
   * editors that replace the file. Reading (not only stat) every time also retries a file that
   * could not be read: `chmod` changes neither size nor mtime.
   */
  watch(intervalMs = 1000): () => void {
    let busy = false;
    const poll = async () => {
      if (busy || this.stopped) return;
      busy = true;
      try {
        await this.rollMonth();
        const now = await readScheduleFile(this.file, MAX_SCHEDULE_BYTES);
        if (now.version !== this.seen) await this.run('file changed', false);
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => void poll(), intervalMs);
    timer.unref();
    return () => {
      this.stopped = true;
      clearInterval(timer);
    };
  }

  /**
   * Renders the feeds being served again when the calendar's month has changed since they were
   * rendered: rules published up to a rolling end then reach a month further (series-forms.ts).
   * The bytes of the schedule being served are rendered by `load` (off the main thread in the
   * service, like any load), not the file on disk, so a broken file does not stop it; the served
   * Schedule object stays.
   */
  rollMonth(now: Date = this.clock.now()): Promise<void> {
    return this.inTurn(async () => {
      const current = this.store.current;
      const month = publishingMonth(now, current.schedule.calendar.timezone);
      if (+month === +current.month || +month === this.rolledFor || !this.served) return;
      this.rolledFor = +month;
      const started = performance.now();
      try {
        const { rendered } = await this.load(this.served, this.name, now);
        // A reload that finished meanwhile has rendered its own schedule for this month.
        if (this.store.current !== current) return;
        this.store.rerender(new FeedSet(current.schedule, current, fixedClock(now), rendered));
        this.log.info(
          { month: month.toISODate(), ms: Math.round(performance.now() - started) },
          'feeds rendered for a new month',
        );
      } catch (err) {
        this.log.error(
          { month: month.toISODate(), problems: problemLines(err, this.name) },
          'feeds not rendered for the new month; still serving those of the last',
        );
      }
    });
  }

  /** Records what the first load read (it happens before the reloader exists). */
  markLoaded({ version, bytes }: { version: string; bytes: Buffer }): void {
    this.seen = version;
    this.served = bytes;
  }

  /** Reloads once the file holds still, even if it is the version already loaded (SIGHUP). */
  reload(reason: string): Promise<void> {
    return this.run(reason, true);
  }

  private run(reason: string, force: boolean): Promise<void> {
    if (this.running) {
      this.again = { reason, force: force || (this.again?.force ?? false) };
      return this.running;
    }
    this.running = (async () => {
      let next: { reason: string; force: boolean } | null = { reason, force };
      while (next) {
        this.again = null;
        const { reason, force } = next;
        await this.inTurn(() => this.loadOnce(reason, force));
        next = this.again;
      }
      this.running = null;
    })();
    return this.running;
  }

  private async loadOnce(reason: string, force: boolean): Promise<void> {
    const read = await readSettledScheduleFile(this.file, MAX_SCHEDULE_BYTES, this.settleMs, () => this.stopped);
    if (!read || (read.version === this.seen && !force)) return;
    this.seen = read.version;
    if (!read.ok) return this.refuse(reason, [`${this.name}:1:1: ${read.message}`]);
    const started = performance.now();
    try {
      const { schedule, rendered, warnings } = await this.load(read.bytes, this.name, this.clock.now());
      const feeds = new FeedSet(schedule, this.store.current, this.clock, rendered);
      const ms = performance.now() - started;
      for (const w of warnings) this.log.warn({ problem: formatProblem(w) }, 'schedule warning');
      this.store.replace(feeds, ms, this.clock.now());
      this.served = read.bytes;
      this.log.info(
        {
          reason,
          config: this.file,
          windows: feeds.schedule.windows.length,
          feeds: feeds.feeds.length,
          ms: Math.round(ms),
        },
        'schedule reloaded',
      );
    } catch (err) {
      this.refuse(reason, problemLines(err, this.name));
    }
  }

  private inTurn(job: () => Promise<void>): Promise<void> {
    const next = this.turn.then(job);
    this.turn = next.catch(() => {});
    return next;
  }

  private refuse(reason: string, lines: string[]): void {
    this.store.refuse(lines);
    this.log.error({ reason, config: this.file, problems: lines }, 'schedule refused; still serving the last good one');
  }
}

/** A refused load as /healthz shows it: FILE:LINE:COL lines, naming the file, never its path. */
function problemLines(err: unknown, name: string): string[] {
  return err instanceof ScheduleError
    ? err.lines()
    : [`${name}:1:1: ${err instanceof Error ? err.message : String(err)}`];
}
