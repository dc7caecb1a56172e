import { createHash, hash } from 'node:crypto';
import { lintFeedText, type LintFinding } from '../ical/lint-feed.js';
import { CALENDAR_TAIL, renderCalendarHead, scheduleVTimezone } from '../ical/render-calendar.js';
import { renderWindow } from '../ical/render-window.js';
import { scheduleIndex } from '../schedule/schedule-index.js';
import type { Schedule, Window } from '../schedule/schedule.js';
import { MAX_FEED_CHARS } from '../schedule/schedule-limits.js';
import { publishingMonth } from '../time/horizon.js';
import { parseWallDate, type WallClock } from '../time/wall-clock.js';
import { customFeed, feedCatalogue, type FeedDefinition } from './feed-catalogue.js';

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

/** A rendered feed failed a structural check: a bug in nedetid, never served. */
export class FeedCheckError extends Error {
  constructor(readonly findings: LintFinding[]) {
    super(
      `rendered feed fails structural checks: ${findings.map((f) => `${f.check} (line ${f.line ?? '?'}): ${f.message}`).join('; ')}`,
    );
  }
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

/** Custom feeds are composed from the rendered window texts on first request and kept this many. */
const CUSTOM_CACHE_SIZE = 256;

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
  /**
   * Digests of the texts custom feeds are made of, kept with this set (and gone with it): a
   * window's text is hashed once however many custom feeds hold it.
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
    previous?: FeedSet,
    private readonly now: () => Date = () => new Date(),
    rendered: RenderedFeeds | RenderedTexts = renderFeeds(schedule, publishingMonth(now(), schedule.calendar.timezone)),
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
    let feed = this.custom.get(key);
    if (!feed) {
      const unknown = this.unknownSystems(systemIds);
      if (unknown.length > 0) throw new Error(`internal: custom feed of unknown systems ${unknown.join(', ')}`);
      const definition = customFeed(this.schedule, systemIds);
      const parts = feedParts(this.schedule, definition, this.windowText, this.vtimezone, this.month);
      feed = new JoinedFeed(definition, feedEtag(parts, this.digests), () => parts);
      feed.lastModified = this.lastModified(feed.etag, this.carried.get(definition.path));
      if (this.custom.size >= CUSTOM_CACHE_SIZE) this.custom.delete(this.custom.keys().next().value!);
      this.custom.set(key, feed);
    }
    return feed;
  }

  /** The ids among `systemIds` that are not systems of this schedule (empty when all are). */
  unknownSystems(systemIds: readonly string[]): string[] {
    return scheduleIndex(this.schedule).unknownSystems(systemIds);
  }

  private lastModified(etag: string, before: Validators | undefined): Date {
    // HTTP dates have whole seconds; keep ours whole so If-Modified-Since compares exactly.
    return before?.etag === etag ? before.lastModified : new Date(Math.floor(this.now().getTime() / 1000) * 1000);
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
  const vtimezone = scheduleVTimezone(schedule);
  const windowText = new Map<string, string>();
  let chars = 0;
  for (const w of schedule.windows) {
    const text = renderWindow(w, schedule, month);
    windowText.set(w.id, text);
    chars += text.length;
    if (chars > maxChars) throw new FeedTooLarge(maxChars, largestTexts(windowText));
  }
  // Every other feed is the same head and a subset of the same event texts, so checking the
  // combined one (first in the catalogue) checks them all; a failure is refused like a broken schedule.
  const combined = feedParts(schedule, feedCatalogue(schedule)[0]!, windowText, vtimezone, month);
  const findings = lintFeedText(combined.join(''));
  if (findings.length > 0) throw new FeedCheckError(findings);
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
  const events = definition.windows.map((w) =>
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
  for (const p of parts) {
    let d = digests.get(p);
    // crypto.hash: one call instead of a Hash object per text (10,000 windows, 10,000 objects).
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
