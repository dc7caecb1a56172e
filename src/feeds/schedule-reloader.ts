import { stat } from 'node:fs/promises';
import { formatProblem, ScheduleError } from '../schedule/schedule-error.js';
import type { FeedStore } from './feed-store.js';
import { loadFeeds } from './load-feeds.js';

/** What the reloader logs through: pino's call shape, so the server passes its logger as it is. */
export interface ReloadLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Reloads the schedule when its file changes (or on request, e.g. SIGHUP). The new file is read,
 * validated and fully rendered before it replaces anything; a refused file changes nothing that
 * is served. Reloads never overlap: a change during a reload triggers one more afterwards.
 */
export class ScheduleReloader {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly file: string,
    private readonly store: FeedStore,
    private readonly log: ReloadLog,
  ) {}

  /** The file's identity when it was last read, so a poll can tell whether it changed since. */
  private seen: string | null = null;

  /**
   * Polls the file's stat and reloads when it differs from the file last read. Polling, unlike
   * fs.watch, follows the symlink swaps of Kubernetes ConfigMaps and editors that replace the
   * file; comparing with what was read (not with the previous poll) also catches an edit made
   * between loading and the first poll.
   */
  watch(intervalMs = 1000): () => void {
    let busy = false;
    const poll = async () => {
      if (busy) return;
      busy = true;
      try {
        const now = await fileIdentity(this.file);
        if (now !== this.seen) await this.reload('file changed');
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => void poll(), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Records what the first load read (it happens before the reloader exists): see fileIdentity. */
  markLoaded(identity: string | null): void {
    this.seen = identity;
  }

  reload(reason: string): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.loadOnce(reason);
      } while (this.again);
      this.running = null;
    })();
    return this.running;
  }

  private async loadOnce(reason: string): Promise<void> {
    // Taken before reading: an edit during the load shows as a change at the next poll.
    this.seen = await fileIdentity(this.file);
    try {
      const { feeds, warnings, ms } = await loadFeeds(this.file, this.store.current);
      for (const w of warnings) this.log.warn({ problem: formatProblem(w) }, 'schedule warning');
      this.store.replace(feeds, ms);
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
      const lines =
        err instanceof ScheduleError
          ? err.problems.map(formatProblem)
          : [`${this.file}:1:1: ${(err as Error).message}`];
      this.store.refuse(lines);
      this.log.error(
        { reason, config: this.file, problems: lines },
        'schedule refused; still serving the last good one',
      );
    }
  }
}

/** Inode, size and mtime of a file: what tells a poll that it was replaced or written. */
export async function fileIdentity(file: string): Promise<string | null> {
  try {
    const s = await stat(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return null;
  }
}
