import { FeedCheckError } from './feed-check-error.js';
import { createHash, hash } from 'node:crypto';
import { lintFeedText } from '../ical/lint-feed.js';
import { CALENDAR_TAIL, renderCalendarHead, scheduleVTimezone } from '../ical/render-calendar.js';
import { renderWindow } from '../ical/render-window.js';
import { renderFreeze } from '../ical/render-freeze.js';
import { ScheduleIndex } from '../schedule/schedule-index.js';
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
  /** What serving the feed derives from it, kept with it (see FeedKept). */
  readonly kept: FeedKept;
}

/**
 * What the HTTP layer derives from one feed or feed set and keeps with it, so that it goes with it
 * on reload (feeds are immutable, and each load makes new ones). Each module that keeps something
 * adds its field with `declare module` (as Fastify's decorators are typed); feeds/ names none.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declare module in http/
export interface FeedKept {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declare module in http/
export interface FeedSetKept {}

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

/**
 * What every feed of one rendering is joined from: the schedule's index, the window texts, the
 * VTIMEZONE and the month, and the texts of windows cut to the days their systems exist
 * (windowFor), rendered when a feed first needs them.
 */
interface FeedTexts {
  readonly index: ScheduleIndex;
  readonly windowText: ReadonlyMap<string, string>;
  readonly vtimezone: string[];
  readonly month: WallClock;
  readonly cutTexts: Map<Window, string>;
}

/** Every feed of one schedule, rendered once when the schedule is loaded (see renderFeeds). */
export class FeedSet {
  readonly feeds: Feed[];
  /** What follows from the schedule (lookups, reach, years), made with this set. */
  readonly index: ScheduleIndex;
  /** What serving the set derives from it, kept with it (see FeedKept). */
  readonly kept: FeedSetKept = {};
  private readonly byPath = new Map<string, Feed>();
  private readonly texts: FeedTexts;
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
    rendered?: RenderedFeeds | RenderedTexts,
  ) {
    this.index = new ScheduleIndex(schedule);
    rendered ??= renderFeeds(this.index, publishingMonth(clock.now(), schedule.calendar.timezone));
    const month = parseWallDate(rendered.month);
    if (!month) throw new Error(`internal: rendered feeds carry no month (${rendered.month})`);
    this.month = month;
    this.texts = {
      index: this.index,
      windowText: new Map(rendered.windowText),
      vtimezone: rendered.vtimezone,
      month,
      cutTexts: new Map(),
    };
    const before = new Map<string, Validators>();
    for (const f of previous?.feeds ?? []) before.set(f.definition.path, f);
    this.carried = new Map();
    for (const f of previous?.custom.values() ?? []) this.carried.set(f.definition.path, validators(f));
    const etags = 'feeds' in rendered ? new Map(rendered.feeds.map((f) => [f.path, f.etag])) : undefined;
    this.feeds = feedCatalogue(this.index).map((definition) => {
      const given = etags?.get(definition.path);
      if (etags && given === undefined) throw new Error(`internal: no ETag for ${definition.path}`);
      const feed = lazyFeed(this.texts, definition, given, this.digests);
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
    const definition = customFeed(this.index, systemIds);
    const parts = feedParts(this.texts, definition);
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
    return this.index.unknownSystems(systemIds);
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
export function renderFeeds(index: ScheduleIndex, month: WallClock, maxChars = MAX_FEED_CHARS): RenderedFeeds {
  const catalogue = feedCatalogue(index);
  const texts = renderChecked(index, catalogue, month, maxChars);
  const digests = new Map<string, Buffer>();
  const feeds = catalogue.map((d) => ({ path: d.path, etag: feedEtag(feedParts(texts, d), digests) }));
  return { feeds, windowText: [...texts.windowText], vtimezone: texts.vtimezone, month: month.toISODate() ?? '' };
}

/**
 * renderFeeds without the ETags: the texts, checked. Throws FeedTooLarge as soon as the windows'
 * texts pass `maxChars` together, before rendering the rest.
 */
export function renderTexts(index: ScheduleIndex, month: WallClock, maxChars = MAX_FEED_CHARS): RenderedTexts {
  const { windowText, vtimezone } = renderChecked(index, feedCatalogue(index), month, maxChars);
  return { windowText: [...windowText], vtimezone, month: month.toISODate() ?? '' };
}

/** Every window's text and the VTIMEZONE, with the combined feed checked (see renderTexts). */
function renderChecked(
  index: ScheduleIndex,
  catalogue: readonly FeedDefinition[],
  month: WallClock,
  maxChars: number,
): FeedTexts {
  const { schedule } = index;
  const vtimezone = scheduleVTimezone(index, month);
  const windowText = new Map<string, string>();
  let chars = 0;
  for (const w of schedule.windows) {
    const text = renderWindow(w, index, month);
    windowText.set(w.id, text);
    chars += text.length;
    if (chars > maxChars) throw new FeedTooLarge(maxChars, largestTexts(windowText));
  }
  // The freezes' texts beside the windows' (under keys no window id has), outside the limit:
  // they are only in the planners' feed, never in the combined one.
  for (const f of schedule.freezes ?? []) windowText.set(freezeTextKey(f.id), renderFreeze(f, index, month));
  // Every other staff feed is the same head and a subset of the same event texts, so checking the
  // combined one (first in the catalogue) checks them all; the freezes feed is checked too. A
  // failure is refused like a broken schedule.
  const texts = { index, windowText, vtimezone, month, cutTexts: new Map<Window, string>() };
  for (const d of [catalogue[0]!, ...catalogue.filter((c) => c.kind === 'freezes')]) {
    const findings = lintFeedText(feedParts(texts, d).join(''));
    if (findings.length > 0) throw new FeedCheckError(findings);
  }
  return texts;
}

/** The three windows with the most text, and how many events each is published as. */
function largestTexts(windowText: ReadonlyMap<string, string>): FeedTooLarge['largest'] {
  return [...windowText]
    .sort((a, b) => b[1].length - a[1].length)
    .slice(0, 3)
    .map(([id, text]) => ({ id, chars: text.length, events: text.split('BEGIN:VEVENT\r\n').length - 1 }));
}

/** A feed as its texts: the calendar head, the texts of its windows in schedule order, the tail. */
function feedParts(texts: FeedTexts, definition: FeedDefinition): string[] {
  const { index, windowText } = texts;
  const head = { name: definition.name, ...(definition.description ? { description: definition.description } : {}) };
  const events = definition.freezes
    ? definition.freezes.map((f) => windowText.get(freezeTextKey(f.id)) ?? '')
    : definition.windows.map((w) => (index.isScheduleWindow(w) ? (windowText.get(w.id) ?? '') : cutText(texts, w)));
  return [renderCalendarHead(index.schedule, head, texts.vtimezone), ...events, CALENDAR_TAIL];
}

/** The text of a window cut to the days its systems exist (a copy made by windowFor), once per rendering. */
function cutText(texts: FeedTexts, window: Window): string {
  let text = texts.cutTexts.get(window);
  if (text === undefined) texts.cutTexts.set(window, (text = renderWindow(window, texts.index, texts.month)));
  return text;
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
  texts: FeedTexts,
  definition: FeedDefinition,
  etag: string | undefined,
  digests: Map<string, Buffer>,
): JoinedFeed {
  const parts = () => feedParts(texts, definition);
  return new JoinedFeed(definition, etag ?? (() => feedEtag(parts(), digests)), parts);
}

/** A feed whose bytes are joined from its parts when first asked for, then kept with it. */
class JoinedFeed implements Feed {
  private joined: Buffer | undefined;
  /** Set by the FeedSet that made it, from the ETag and the previous set's feed. */
  lastModified = new Date(0);
  readonly kept: FeedKept = {};

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
