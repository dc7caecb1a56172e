import { feedTexts } from '../ical/feed-texts.js';
import type { ScheduleIndex } from '../schedule/schedule-index.js';
import type { Audience, Freeze, Schedule, Window } from '../schedule/schedule.js';

export type FeedKind = 'combined' | 'system' | 'provider' | 'audience' | 'custom' | 'freezes';

/** What a feed holds, before anything is rendered. */
export interface FeedDefinition {
  /** Path below the site root, also the file path `build` writes. */
  path: string;
  kind: FeedKind;
  /** The system, provider or audience id; 'all' for the combined feed. */
  id: string;
  name: string;
  description?: string;
  includes: (w: Window) => boolean;
  /**
   * The windows it holds, in schedule order (computed once, from an index for the per-id feeds);
   * a window cut to the days its systems exist (system `from:`/`until:`) is a copy of it.
   */
  windows: Window[];
  /** The freezes it holds: only the freezes feed has any, and it holds no window. */
  freezes?: Freeze[];
}

/** Where a freeze's text is kept among the window texts: ids have no slash, so no window's key. */
export function freezeTextKey(id: string): string {
  return `freezes/${id}`;
}

/**
 * Every feed a schedule publishes at a fixed path: combined, one per system, one per provider,
 * one per audience.
 * Make it once per rendering and pass it along (with 10 % of 10,000 windows on all 1,000
 * systems, each one is a million memberships). Read it, never change it.
 */
export function feedCatalogue(index: ScheduleIndex): readonly FeedDefinition[] {
  const { schedule } = index;
  const cal = schedule.calendar;
  // One pass over the windows instead of one per feed: 1,000 systems × 10,000 windows adds up.
  const bySystem = new Map<string, Window[]>(schedule.systems.map((s) => [s.id, []]));
  const byProvider = new Map<string, Window[]>(schedule.providers.map((p) => [p.id, []]));
  for (const w of schedule.windows) {
    // A window also belongs to every system that depends on one of its systems (depends-on).
    // Cut to the days the system exists when it has `from:` or `until:` (windowFor); without
    // any, every reached system holds the window whole (a million memberships, no test each).
    const cut = index.hasLifetimes;
    for (const s of index.reachedBy(w)) {
      const seen = cut ? index.windowFor(w, [s]) : w;
      if (seen) bySystem.get(s)!.push(seen);
    }
    byProvider.get(w.provider)!.push(w);
  }
  const combined: FeedDefinition = {
    path: 'feeds/all.ics',
    kind: 'combined',
    id: 'all',
    name: cal.name,
    includes: () => true,
    windows: schedule.windows,
  };
  if (cal.description) combined.description = cal.description;
  return [
    combined,
    ...schedule.systems.map((s) => ({
      path: `feeds/systems/${s.id}.ics`,
      kind: 'system' as const,
      id: s.id,
      name: `${cal.name}: ${s.name}`,
      description: feedTexts.systemFeed(s.description ? `${s.name} (${s.description})` : s.name),
      includes: (w: Window) => index.affectsAny(w, [s.id]),
      windows: bySystem.get(s.id)!,
    })),
    ...schedule.providers.map((p) => ({
      path: `feeds/providers/${p.id}.ics`,
      kind: 'provider' as const,
      id: p.id,
      name: `${cal.name}: ${p.name}`,
      description: feedTexts.providerFeed(p.name),
      includes: (w: Window) => w.provider === p.id,
      windows: byProvider.get(p.id)!,
    })),
    ...schedule.audiences.map((a) => audienceFeed(index, a)),
    ...freezesFeed(schedule),
  ];
}

/** The planners' feed of the freeze periods, when the schedule has any: never one of the staff feeds. */
function freezesFeed(schedule: Schedule): FeedDefinition[] {
  if (!schedule.freezes?.length) return [];
  return [
    {
      path: 'feeds/freezes.ics',
      kind: 'freezes',
      id: 'freezes',
      name: feedTexts.freezesFeedName(schedule.calendar.name),
      description: feedTexts.freezesFeed,
      includes: () => false,
      windows: [],
      freezes: schedule.freezes,
    },
  ];
}

/** An audience's feed: the events of the custom feed of its systems, under the audience's own name. */
function audienceFeed(index: ScheduleIndex, audience: Audience): FeedDefinition {
  const selection = customFeed(index, audience.systems);
  return {
    ...selection,
    path: `feeds/audiences/${audience.id}.ics`,
    kind: 'audience',
    id: audience.id,
    name: `${index.schedule.calendar.name}: ${audience.name}`,
    description: feedTexts.systemFeed(audience.name),
  };
}

/** A feed of the windows that affect any of `systemIds` (already known to exist, in any order). */
export function customFeed(index: ScheduleIndex, systemIds: string[]): FeedDefinition {
  const { schedule } = index;
  const ids = [...new Set(systemIds)].sort();
  const names = ids.map((id) => index.system(id).name);
  const includes = (w: Window) => index.affectsAny(w, ids);
  return {
    path: `feeds/custom.ics?systems=${ids.join(',')}`,
    kind: 'custom',
    id: ids.join(','),
    name: `${schedule.calendar.name}: ${names.join(', ')}`,
    description: feedTexts.systemFeed(names.join(', ')),
    includes,
    windows: schedule.windows.flatMap((w) => index.windowFor(w, ids) ?? []),
  };
}
