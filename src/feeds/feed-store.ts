import type { FeedSet } from './feed-set.js';

export interface StoreHealth {
  status: 'ok' | 'degraded';
  /** Why the newest schedule file was refused, FILE:LINE:COL lines; the last good one is served. */
  error?: string[];
}

/**
 * Holds the feeds being served. A new schedule replaces them in one assignment, so a request
 * sees either the old set or the new one, never a mix; a refused one leaves them as they are.
 */
export class FeedStore {
  private set: FeedSet;
  loadedAt: Date;
  health: StoreHealth = { status: 'ok' };
  readonly reloads = { ok: 0, failed: 0 };
  /** Milliseconds the last successful load took to read, validate and render. */
  lastLoadMs = 0;

  /** `loadedAt` comes from the service's clock, as every time does. */
  constructor(initial: FeedSet, loadedAt: Date, loadMs = 0) {
    this.set = initial;
    this.loadedAt = loadedAt;
    this.lastLoadMs = loadMs;
  }

  get current(): FeedSet {
    return this.set;
  }

  replace(next: FeedSet, loadMs: number, loadedAt: Date): void {
    this.set = next;
    this.loadedAt = loadedAt;
    this.lastLoadMs = loadMs;
    this.health = { status: 'ok' };
    this.reloads.ok++;
  }

  /** The same schedule rendered again (a new month): health and load times stay as they are. */
  rerender(next: FeedSet): void {
    this.set = next;
  }

  refuse(error: string[]): void {
    this.health = { status: 'degraded', error };
    this.reloads.failed++;
  }
}
