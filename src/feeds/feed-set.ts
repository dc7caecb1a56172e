import { FeedCheckError } from './feed-check-error.js';
import { createHash, hash } from 'node:crypto';
import { lintFeedText } from '../ical/lint-feed.js';
import { CALENDAR_TAIL, renderCalendarHead, scheduleVTimezone } from '../ical/render-calendar.js';
import { renderWindow } from '../ical/render-window.js';
import { renderFreeze } from '../ical/render-freeze.js';
import { scheduleIndex } from '../schedule/schedule-index.js';
import type { Schedule, Window } from '../schedule/schedule.js';
import { MAX_FEED_CHARS } from '../schedule-file/schedule-limits.js';
import type { Clock } from '../time/clock.js';
import { publishingMonth } from '../time/horizon.js';
import { parseWallDate, type WallClock } from '../time/wall-clock.js';
import { customFeed, feedCatalogue, freezeTextKey, type FeedDefinition } from './feed-catalogue.js';

/** A rendered feed: the exact bytes every client gets, and the validators that go with them. */
export interface Feed {
  readonly definition: FeedDefinition;
  /** Joined on first use and kept (see RenderedFeeds). */
  readonly body: Buffer;
  /** The texts the bytes are joined from, in order (head, events, tail). */
  texts(): readonly string[];
  /** Strong ETag over the bytes, so equal schedules give equal ETags on every replica. */
  etag: string;
  /** When this process first served these bytes (kept across reloads that do not change them). */
  lastModified: Date;
}

/**
 * The combined feed would hold more than `limit` characters: refused like an invalid schedule,
 * at the windows with the most text (load-feeds.ts gives them their positions).
 */
export class FeedTooLarge extends Error {
  constructor(
    readonly limit: number,
    readonly largest: { id: string; chars: number; events: number }[],
  ) {
    super(`the combined feed would hold more than ${limit} characters`);
  }
}

/**
 * Custom feeds are composed from the rendered window texts on first request and kept, the most
 * recently asked for first, up to this many and this many bytes together: anyone can ask for a new
 * set of systems, so what they keep must be bounded in bytes, not only in entries (300 sets of a
 * 4.5 MB feed took the process from 198 to 505 MB). A feed larger than the budget is sent and not kept.
 */
export const CUSTOM_CACHE_ENTRIES = 256;
export const CUSTOM_CACHE_BYTES = 16 * 1024 * 1024;

/** What a feed's Last-Modified is carried over by: its bytes (by ETag) and when they were first served. */
type Validators = Pick<Feed, 'etag' | 'lastModified'>;

/**
 * The feeds of one load as the loader sends them (from a worker thread, so only plain data):
 * each catalogue feed's ETag, each window's VEVENT text and the VTIMEZONE lines. Bodies are not
 * sent: a feed is the same head, a subset of the same window texts and a tail, joined when it is
 * first asked for, so a `systems: all` window's text is held once, not once per system feed
 * (10 % such windows over 1,000 systems made 500 MB of bodies, issue 10).
 */
export interface RenderedFeeds extends RenderedTexts {
  feeds: { path: string; etag: string }[];
}

/** The texts every feed is joined from, without the ETags (`build` writes files and needs none). */
export interface RenderedTexts {
  windowText: [string, string][];
  vtimezone: string[];
  /** The publishing month, YYYY-MM-01 (see FeedSet.month). */
  month: string;
}

/** Every feed of one schedule, rendered once when the schedule is loaded (see renderFeeds). */
export class FeedSet {
  readonly feeds: Feed[];
  private readonly byPath = new Map<string, Feed>();
  private readonly windowText: Map<string, string>;
  private readonly vtimezone: string[];
  private readonly custom = new Map<string, Feed>();
  private customBytes = 0;
  /**
   * Digests of the window texts feeds are made of, kept with this set (and gone with it): a
   * window's text is hashed once however many feeds hold it. Only window texts are kept, so the
   * map never grows past the schedule's windows, whatever custom feeds are asked for.
   */
  private readonly digests = new Map<string, Buffer>();
  /**
   * The validators of the previous set's custom feeds, for those built here later. Only these
   * small records are kept, never the previous set: holding it chained every set since start
   * and leaked about 0.5 MB per reload (issue 9).
   */
  private readonly carried: Map<string, Validators>;
  /**
   * The first day of the month (calendar zone) these feeds were rendered in. Rules published up
   * to a rolling end reach from it, so the feeds are rendered again when the month changes.
   */
  readonly month: WallClock;

  /**
   * Renders every feed of `schedule`, or takes them from `rendered` (made by `renderFeeds` in
   * the load worker, or by `renderTexts`, when a feed's ETag is computed on first use).
   * `previous` is read here and not kept: feeds whose bytes did not change keep its Last-Modified.
   */
  constructor(
    readonly schedule: Schedule,
    previous: FeedSet | undefined,
    private readonly clock: Clock,
    rendered: RenderedFeeds | RenderedTexts = renderFeeds(
      schedule,
      publishingMonth(clock.now(), schedule.calendar.timezone),
    ),
  ) {
    const month = parseWallDate(rendered.month);
    if (!month) throw new Error(`internal: rendered feeds carry no month (${rendered.month})`);
    this.month = month;
    this.vtimezone = rendered.vtimezone;
    this.windowText = new Map(rendered.windowText);
    const before = new Map<string, Validators>();
    for (const f of previous?.feeds ?? []) before.set(f.definition.path, f);
    this.carried = new Map();
    for (const f of previous?.custom.values() ?? []) this.carried.set(f.definition.path, validators(f));
    const etags = 'feeds' in rendered ? new Map(rendered.feeds.map((f) => [f.path, f.etag])) : undefined;
    this.feeds = feedCatalogue(schedule).map((definition) => {
      const given = etags?.get(definition.path);
      if (etags && given === undefined) throw new Error(`internal: no ETag for ${definition.path}`);
      const feed = lazyFeed(schedule, definition, this.windowText, this.vtimezone, this.month, given, this.digests);
      const previousFeed = before.get(definition.path);
      // The ETag is needed now only to compare with the previous set's.
      feed.lastModified = this.lastModified(previousFeed ? feed.etag : '', previousFeed);
      return feed;
    });
    for (const f of this.feeds) this.byPath.set(f.definition.path, f);
  }

  /** A catalogue feed by its path, e.g. `feeds/systems/visma.ics`. */
  get(path: string): Feed | undefined {
    return this.byPath.get(path);
  }

  /** The feed for a set of systems, all known (ask `unknownSystems` first). */
  customFeed(systemIds: string[]): Feed {
    const key = [...new Set(systemIds)].sort().join(',');
    const cached = this.custom.get(key);
    if (cached) {
      // Most recently used last: eviction takes from the front.
      this.custom.delete(key);
      this.custom.set(key, cached);
      return cached;
    }
    const unknown = this.unknownSystems(systemIds);
    if (unknown.length > 0) throw new Error(`internal: custom feed of unknown systems ${unknown.join(', ')}`);
    const definition = customFeed(this.schedule, systemIds);
    const parts = feedParts(this.schedule, definition, this.windowText, this.vtimezone, this.month);
    const feed = new JoinedFeed(definition, feedEtag(parts, this.digests), () => parts);
    feed.lastModified = this.lastModified(feed.etag, this.carried.get(definition.path));
    const size = feed.body.length;
    if (size > CUSTOM_CACHE_BYTES) return feed;
    while (this.custom.size >= CUSTOM_CACHE_ENTRIES || this.customBytes + size > CUSTOM_CACHE_BYTES) {
      const [oldest, evicted] = this.custom.entries().next().value!;
      this.custom.delete(oldest);
      this.customBytes -= evicted.body.length;
    }
    this.custom.set(key, feed);
    this.customBytes += size;
    return feed;
  }

  /** What the custom-feed cache and the digests hold now, for tests and /metrics. */
  cacheUse(): { customFeeds: number; customBytes: number; digests: number } {
    return { customFeeds: this.custom.size, customBytes: this.customBytes, digests: this.digests.size };
  }

  /** The ids among `systemIds` that are not systems of this schedule (empty when all are). */
  unknownSystems(systemIds: readonly string[]): string[] {
    return scheduleIndex(this.schedule).unknownSystems(systemIds);
  }

  private lastModified(etag: string, before: Validators | undefined): Date {
    // HTTP dates have whole seconds; keep ours whole so If-Modified-Since compares exactly.
    return before?.etag === etag ? before.lastModified : new Date(Math.floor(this.clock.now().getTime() / 1000) * 1000);
  }
}

function validators({ etag, lastModified }: Validators): Validators {
  return { etag, lastModified };
}

/**
 * Renders every catalogue feed of a schedule. Each window's VEVENT text is rendered once and
 * joined into every feed that holds it (ical-generator's whole-calendar toString grows faster
 * than linearly, issue 4). Throws FeedCheckError when the output fails the structural checks.
 */
export function renderFeeds(schedule: Schedule, month: WallClock, maxChars = MAX_FEED_CHARS): RenderedFeeds {
  const { windowText, vtimezone } = renderChecked(schedule, month, maxChars);
  const digests = new Map<string, Buffer>();
  const feeds = feedCatalogue(schedule).map((d) => ({
    path: d.path,
    etag: feedEtag(feedParts(schedule, d, windowText, vtimezone, month), digests),
  }));
  return { feeds, windowText: [...windowText], vtimezone, month: month.toISODate() ?? '' };
}

/**
 * renderFeeds without the ETags: the texts, checked. Throws FeedTooLarge as soon as the windows'
 * texts pass `maxChars` together, before rendering the rest.
 */
export function renderTexts(schedule: Schedule, month: WallClock, maxChars = MAX_FEED_CHARS): RenderedTexts {
  const { windowText, vtimezone } = renderChecked(schedule, month, maxChars);
  return { windowText: [...windowText], vtimezone, month: month.toISODate() ?? '' };
}

/** Every window's text and the VTIMEZONE, with the combined feed checked (see renderTexts). */
function renderChecked(
  schedule: Schedule,
  month: WallClock,
  maxChars: number,
): { windowText: Map<string, string>; vtimezone: string[] } {
  const vtimezone = scheduleVTimezone(schedule, month);
  const windowText = new Map<string, string>();
  let chars = 0;
  for (const w of schedule.windows) {
    const text = renderWindow(w, schedule, month);
    windowText.set(w.id, text);
    chars += text.length;
    if (chars > maxChars) throw new FeedTooLarge(maxChars, largestTexts(windowText));
  }
  // The freezes' texts beside the windows' (under keys no window id has), outside the limit:
  // they are only in the planners' feed, never in the combined one.
  for (const f of schedule.freezes ?? []) windowText.set(freezeTextKey(f.id), renderFreeze(f, schedule, month));
  // Every other staff feed is the same head and a subset of the same event texts, so checking the
  // combined one (first in the catalogue) checks them all; the freezes feed is checked too. A
  // failure is refused like a broken schedule.
  const catalogue = feedCatalogue(schedule);
  for (const d of [catalogue[0]!, ...catalogue.filter((c) => c.kind === 'freezes')]) {
    const findings = lintFeedText(feedParts(schedule, d, windowText, vtimezone, month).join(''));
    if (findings.length > 0) throw new FeedCheckError(findings);
  }
  return { windowText, vtimezone };
}

/** The three windows with the most text, and how many events each is published as. */
function largestTexts(windowText: ReadonlyMap<string, string>): FeedTooLarge['largest'] {
  return [...windowText]
    .sort((a, b) => b[1].length - a[1].length)
    .slice(0, 3)
    .map(([id, text]) => ({ id, chars: text.length, events: text.split('BEGIN:VEVENT\r\n').length - 1 }));
}

/** A feed as its texts: the calendar head, the texts of its windows in schedule order, the tail. */
function feedParts(
  schedule: Schedule,
  definition: FeedDefinition,
  windowText: ReadonlyMap<string, string>,
  vtimezone: string[],
  month: WallClock,
): string[] {
  const head = { name: definition.name, ...(definition.description ? { description: definition.description } : {}) };
  const index = scheduleIndex(schedule);
  const events = definition.freezes
    ? definition.freezes.map((f) => windowText.get(freezeTextKey(f.id)) ?? '')
    : definition.windows.map((w) =>
        index.isScheduleWindow(w) ? (windowText.get(w.id) ?? '') : spanText(w, schedule, month),
      );
  return [renderCalendarHead(schedule, head, vtimezone), ...events, CALENDAR_TAIL];
}

/** Texts of windows cut to the days their systems exist, rendered when a feed first needs them. */
const spanTexts = new WeakMap<Window, { month: number; text: string }>();

function spanText(window: Window, schedule: Schedule, month: WallClock): string {
  let kept = spanTexts.get(window);
  if (kept?.month !== month.toMillis())
    spanTexts.set(window, (kept = { month: month.toMillis(), text: renderWindow(window, schedule, month) }));
  return kept.text;
}

/**
 * A strong ETag over the bytes: SHA-256 of the parts' own SHA-256 digests. A window's text is
 * hashed once, however many feeds hold it (a `systems: all` window is in every system feed), and
 * any changed byte still changes its part's digest, so equal bytes give equal ETags on every replica.
 */
function feedEtag(parts: readonly string[], digests: Map<string, Buffer>): string {
  const list: Buffer[] = [];
  const last = parts.length - 1;
  for (let i = 0; i <= last; i++) {
    const p = parts[i]!;
    // crypto.hash: one call instead of a Hash object per text (10,000 windows, 10,000 objects).
    // The head (which names the feed) and the tail are hashed each time, not kept: a custom
    // feed's head is new for every set of systems asked for (15,000 sets kept 110 MB of heads).
    if (i === 0 || i === last) {
      list.push(hash('sha256', p, 'buffer'));
      continue;
    }
    let d = digests.get(p);
    if (!d) digests.set(p, (d = hash('sha256', p, 'buffer')));
    list.push(d);
  }
  // The digests in one update, not one each: a system feed of 1,000 `systems: all` windows made
  // a thousand calls into the hash per feed. The same bytes are hashed, so the same ETag.
  return `"${createHash('sha256').update(Buffer.concat(list)).digest('base64url')}"`;
}

/**
 * A catalogue feed joined on first use. Made here, not in the constructor, so its closure holds
 * only what it joins: one made there also held the constructor's map of the previous set's feeds,
 * and through them every set before (the reload soak test caught it).
 */
function lazyFeed(
  schedule: Schedule,
  definition: FeedDefinition,
  windowText: ReadonlyMap<string, string>,
  vtimezone: string[],
  month: WallClock,
  etag: string | undefined,
  digests: Map<string, Buffer>,
): JoinedFeed {
  const parts = () => feedParts(schedule, definition, windowText, vtimezone, month);
  return new JoinedFeed(definition, etag ?? (() => feedEtag(parts(), digests)), parts);
}

/** A feed whose bytes are joined from its parts when first asked for, then kept with it. */
class JoinedFeed implements Feed {
  private joined: Buffer | undefined;
  /** Set by the FeedSet that made it, from the ETag and the previous set's feed. */
  lastModified = new Date(0);

  constructor(
    readonly definition: FeedDefinition,
    /** The ETag, or how to compute it on first use. */
    private tag: string | (() => string),
    private readonly parts: () => readonly string[],
  ) {}

  get etag(): string {
    if (typeof this.tag !== 'string') this.tag = this.tag();
    return this.tag;
  }

  get body(): Buffer {
    return (this.joined ??= Buffer.from(this.parts().join(''), 'utf8'));
  }

  texts(): readonly string[] {
    return this.parts();
  }
}
