import { createHash } from 'node:crypto';
import { lintFeed, type LintFinding } from '../ical/lint-feed.js';
import { CALENDAR_TAIL, renderCalendarHead, scheduleVTimezone } from '../ical/render-calendar.js';
import { renderWindow } from '../ical/render-window.js';
import { scheduleIndex } from '../schedule/schedule-index.js';
import type { Schedule } from '../schedule/schedule.js';
import { toWallClock, type WallClock } from '../time/wall-clock.js';
import { DateTime } from 'luxon';
import { customFeed, feedCatalogue, type FeedDefinition } from './feed-catalogue.js';

/** A rendered feed: the exact bytes every client gets, and the validators that go with them. */
export interface Feed {
  definition: FeedDefinition;
  /** The bytes, joined from `parts` when first asked for and then kept. */
  readonly body: Buffer;
  /**
   * The same bytes in pieces: the feed's head, the event text of each window (one Buffer per
   * window, shared by every feed that holds it, `systems: all` windows included) and the tail.
   */
  readonly parts: readonly Buffer[];
  /** Length of the body in bytes. */
  readonly length: number;
  /** Strong ETag over the bytes, so equal schedules give equal ETags on every replica. */
  etag: string;
  /** When this process first served these bytes (kept across reloads that do not change them). */
  lastModified: Date;
}

/** Shared pieces, joined only for a feed that is served or checked whole. */
class PartsFeed implements Feed {
  #body: Buffer | undefined;

  constructor(
    readonly definition: FeedDefinition,
    readonly parts: readonly Buffer[],
    readonly length: number,
    readonly etag: string,
    readonly lastModified: Date,
  ) {}

  get body(): Buffer {
    return (this.#body ??= Buffer.concat(this.parts, this.length));
  }
}

/** A piece of a feed's bytes with its SHA-256, so ETags hash digests rather than every byte again. */
interface Piece {
  bytes: Buffer;
  digest: Buffer;
}

function piece(text: string): Piece {
  const bytes = Buffer.from(text, 'utf8');
  return { bytes, digest: createHash('sha256').update(bytes).digest() };
}

const TAIL = piece(CALENDAR_TAIL);

/** A rendered feed failed a structural check: a bug in nedetid, never served. */
export class FeedCheckError extends Error {
  constructor(readonly findings: LintFinding[]) {
    super(
      `rendered feed fails structural checks: ${findings.map((f) => `${f.check} (line ${f.line ?? '?'}): ${f.message}`).join('; ')}`,
    );
  }
}

/** Custom feeds are composed from the rendered window texts on first request and kept this many. */
const CUSTOM_CACHE_SIZE = 256;

/**
 * Every feed of one schedule, rendered once when the schedule is loaded. Each window's VEVENT
 * text is rendered and encoded once, and every feed that holds it refers to those same bytes
 * (ical-generator's whole-calendar toString grows faster than linearly, issue 4; a copy per feed
 * made `systems: all` windows cost memory per system, issue 10).
 */
export class FeedSet {
  readonly feeds: Feed[];
  private readonly byPath = new Map<string, Feed>();
  private readonly windowText = new Map<string, Piece>();
  private readonly vtimezone: string[];
  private readonly custom = new Map<string, Feed>();
  /**
   * The first day of the month (calendar zone) these feeds were rendered in. Rules published up
   * to a rolling end reach from it, so the feeds are rendered again when the month changes.
   */
  readonly month: WallClock;

  constructor(
    readonly schedule: Schedule,
    private readonly previous?: FeedSet,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.vtimezone = scheduleVTimezone(schedule);
    const zone = schedule.calendar.timezone;
    this.month = toWallClock(DateTime.fromJSDate(now()), zone).startOf('month');
    for (const w of schedule.windows) this.windowText.set(w.id, piece(renderWindow(w, schedule, this.month)));
    this.feeds = feedCatalogue(schedule).map((d) => this.build(d));
    for (const f of this.feeds) this.byPath.set(f.definition.path, f);
    // Every other feed is the same head and a subset of the same event texts, so checking the
    // combined one checks them all; a failure here is refused like a broken schedule.
    const findings = lintFeed(this.byPath.get('feeds/all.ics')!.body);
    if (findings.length > 0) throw new FeedCheckError(findings);
  }

  /** A catalogue feed by its path, e.g. `feeds/systems/visma.ics`. */
  get(path: string): Feed | undefined {
    return this.byPath.get(path);
  }

  /** The feed for a set of systems, all known (ask `unknownSystems` first). */
  customFeed(systemIds: string[]): Feed {
    const key = [...new Set(systemIds)].sort().join(',');
    let feed = this.custom.get(key);
    if (!feed) {
      const unknown = this.unknownSystems(systemIds);
      if (unknown.length > 0) throw new Error(`internal: custom feed of unknown systems ${unknown.join(', ')}`);
      feed = this.build(customFeed(this.schedule, systemIds));
      if (this.custom.size >= CUSTOM_CACHE_SIZE) this.custom.delete(this.custom.keys().next().value!);
      this.custom.set(key, feed);
    }
    return feed;
  }

  /** The ids among `systemIds` that are not systems of this schedule (empty when all are). */
  unknownSystems(systemIds: readonly string[]): string[] {
    return scheduleIndex(this.schedule).unknownSystems(systemIds);
  }

  private build(definition: FeedDefinition): Feed {
    const head = { name: definition.name, ...(definition.description ? { description: definition.description } : {}) };
    const pieces = [
      piece(renderCalendarHead(this.schedule, head, this.vtimezone)),
      ...definition.windows.map((w) => this.windowText.get(w.id)!),
      TAIL,
    ];
    // The ETag hashes the pieces' digests: a window's text is hashed once, not once per feed
    // that holds it (a `systems: all` window is in every system feed). Equal bytes from equal
    // schedules still give equal ETags, and any changed byte changes its piece's digest.
    const hash = createHash('sha256');
    let length = 0;
    for (const p of pieces) {
      hash.update(p.digest);
      length += p.bytes.length;
    }
    const etag = `"${hash.digest('base64url')}"`;
    const before = this.previous?.byPath.get(definition.path) ?? this.previous?.custom.get(definition.id);
    // HTTP dates have whole seconds; keep ours whole so If-Modified-Since compares exactly.
    const lastModified =
      before?.etag === etag ? before.lastModified : new Date(Math.floor(this.now().getTime() / 1000) * 1000);
    return new PartsFeed(
      definition,
      pieces.map((p) => p.bytes),
      length,
      etag,
      lastModified,
    );
  }
}
