import { watchFile, unwatchFile } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import { formatProblem, ScheduleError } from '../schedule/schedule-error.js';
import type { FeedStore } from './feed-store.js';
import { loadFeeds } from './load-feeds.js';

type Log = Pick<FastifyBaseLogger, 'info' | 'error' | 'warn'>;

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
    private readonly log: Log,
  ) {}

  /**
   * Polls the file's stat: unlike fs.watch it follows the symlink swaps of Kubernetes ConfigMaps
   * and editors that replace the file instead of writing it.
   */
  watch(intervalMs = 1000): () => void {
    const listener = (cur: { mtimeMs: number; size: number; ino: number }, prev: { mtimeMs: number; size: number; ino: number }) => {
      if (cur.mtimeMs !== prev.mtimeMs || cur.size !== prev.size || cur.ino !== prev.ino) void this.reload('file changed');
    };
    watchFile(this.file, { interval: intervalMs, persistent: false }, listener);
    return () => unwatchFile(this.file, listener);
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
    try {
      const { feeds, warnings, ms } = await loadFeeds(this.file, this.store.current);
      for (const w of warnings) this.log.warn({ problem: formatProblem(w) }, 'schedule warning');
      this.store.replace(feeds, ms);
      this.log.info({ reason, config: this.file, windows: feeds.schedule.windows.length, feeds: feeds.feeds.length, ms: Math.round(ms) }, 'schedule reloaded');
    } catch (err) {
      const lines = err instanceof ScheduleError ? err.problems.map(formatProblem) : [`${this.file}:1:1: ${(err as Error).message}`];
      this.store.refuse(lines);
      this.log.error({ reason, config: this.file, problems: lines }, 'schedule refused; still serving the last good one');
    }
  }
}
