import type { FeedSet } from './feed-set.js';

/**
 * Holds the feeds being served. A new schedule replaces them in one assignment, so a request
 * sees either the old set or the new one, never a mix.
 */
export class FeedStore {
  private set: FeedSet;
  loadedAt: Date;

  constructor(initial: FeedSet, loadedAt = new Date()) {
    this.set = initial;
    this.loadedAt = loadedAt;
  }

  get current(): FeedSet {
    return this.set;
  }

  replace(next: FeedSet, loadedAt = new Date()): void {
    this.set = next;
    this.loadedAt = loadedAt;
  }
}
