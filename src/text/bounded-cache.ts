/**
 * What a pure function gave for each text it was asked about, kept for the next time: rule texts,
 * durations, Accept-Encoding headers and rule expansions repeat thousands of times in a load or
 * a minute of requests. At most `limit` entries: when full, it is emptied whole before the next
 * is kept, so a process that reloads changing schedules for months holds no more than that, and
 * a hit costs one Map lookup (no recency to keep). Values are never undefined (undefined is "not kept").
 */
export class BoundedCache<V extends NonNullable<unknown> | null> {
  private readonly entries = new Map<string, V>();

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`internal: a cache holds at least 1 entry, not ${limit}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): V {
    if (this.entries.size >= this.limit && !this.entries.has(key)) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }

  /** The value kept for `key`, or `make(key)`, kept. */
  getOrMake(key: string, make: (key: string) => V): V {
    const kept = this.entries.get(key);
    return kept === undefined ? this.set(key, make(key)) : kept;
  }
}
