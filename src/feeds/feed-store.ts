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
  private set: FeedSet | undefined;
  loadedAt: Date;
  health: StoreHealth = { status: 'ok' };
  readonly reloads = { ok: 0, failed: 0 };
  /** Milliseconds the last successful load took to read, validate and render. */
  lastLoadMs = 0;

  /** `loadedAt` comes from the service's clock, as every time does. */
  constructor(initial: FeedSet | undefined, loadedAt: Date, loadMs = 0) {
    this.set = initial;
    this.loadedAt = loadedAt;
    this.lastLoadMs = loadMs;
  }

  /**
   * A store whose first feeds are still loading, for the server to build its app around in the
   * meantime; `start` gives them, and nothing may ask for them before (the server listens after).
   */
  static loading(): FeedStore {
    return new FeedStore(undefined, new Date(0));
  }

  /** The first feeds of a store made by `loading`. */
  start(feeds: FeedSet, loadedAt: Date, loadMs: number): void {
    if (this.set) throw new Error('internal: the store has its first feeds already');
    this.set = feeds;
    this.loadedAt = loadedAt;
    this.lastLoadMs = loadMs;
  }

  get current(): FeedSet {
    if (!this.set) throw new Error('internal: a request for feeds before the first load was in');
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
