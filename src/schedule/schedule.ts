import '../time/luxon-settings.js';
import { DateTime } from 'luxon';
import type { RecurrenceRule } from '../time/recurrence-rule.js';
import type { TimeOfDay, WallClock } from '../time/wall-clock.js';

/** The validated schedule: what config/schedule.yaml says, with every reference resolved. */
export interface Schedule {
  calendar: CalendarSettings;
  /** In file order, which is also the order of feeds and catalogue entries. */
  providers: Provider[];
  systems: System[];
  windows: Window[];
  /** Work announced without a date yet: shown on the page, not in feeds until it becomes a window. */
  announcements: Announcement[];
  /** Periods when the systems they name may not go down (`freezes:`); absent when the file has none. */
  freezes?: Freeze[];
  /** Named, stable sets of systems (`audiences:`), such as a municipality's, in file order. */
  audiences: Audience[];
}

/**
 * A freeze period: no planned downtime on its systems. Written with a window's timing keys; its
 * own feed (feeds/freezes.ics) is for the people who plan, never in the staff feeds.
 */
export interface Freeze {
  /** Unique across windows, announcements and freezes. */
  id: string;
  title: string;
  description?: string;
  /** Ids of the systems frozen; `systems: all` is expanded to every system. */
  systems: string[];
  allSystems: boolean;
  timing: Timing;
}

/**
 * Who is affected, in the words staff use: "Gjøvik kommune" rather than six systems. Selects as a
 * custom feed of its systems does (depends-on included), with a feed, a page and a channel of its own.
 */
export interface Audience {
  /** Distinct from every system id, so `?audience=` and `?system=` never mean the same word. */
  id: string;
  name: string;
  description?: string;
  /** System ids (aliases resolved by the editor: the schedule names systems by id), once each. */
  systems: string[];
}

/** What windows and announced work have in common: who does what to which systems. */
export interface Work {
  /** Unique across windows and announcements; a window's UID is `<id>@<domain>`. */
  id: string;
  title: string;
  description?: string;
  provider: string;
  /** Ids of the systems it affects; `systems: all` is expanded to every system. */
  systems: string[];
  allSystems: boolean;
}

export interface Announcement extends Work {
  /** When it is expected, in the editors' words, e.g. "våren 2022". */
  expected: string;
  /** The last day it is still expected; after it the page hides it and `check` warns. */
  until?: WallClock;
}

/**
 * When a window was last updated if neither it nor the calendar says: a fixed instant, so an
 * unchanged schedule gives identical DTSTAMPs (and bytes) on every load and replica.
 */
// From milliseconds: a first fromISO at start-up costs about 10 ms of Luxon's locale setup.
export const DEFAULT_STAMP = DateTime.fromMillis(Date.UTC(2000, 0, 1), { zone: 'utc' });

export interface CalendarSettings {
  name: string;
  description?: string;
  /** IANA zone of every local date and time in the file. */
  timezone: string;
  /** UIDs are `<window id>@<domain>`. */
  domain: string;
  /** ISO 8601 duration clients are asked to refresh after, e.g. PT1H. */
  refresh: string;
  /** When the schedule last changed; the default DTSTAMP/LAST-MODIFIED of its windows (UTC). */
  updated?: DateTime;
  /** Who publishes the calendar. With it, feeds are iTIP PUBLISH (RFC 5546 requires ORGANIZER there). */
  organizer?: { name: string; email: string };
  /** Whose public holidays `check` warns about and `on-holiday: skip` skips: `NO` (default), `DE-BY`; absent for none. */
  holidays?: string;
  /** Where staff ask about downtime (the service desk): shown on the page. At least one way. */
  contact?: Contact;
}

export interface Contact {
  name?: string;
  phone?: string;
  email?: string;
  url?: string;
}

export interface Provider {
  id: string;
  name: string;
  description?: string;
  url?: string;
}

export interface System {
  id: string;
  name: string;
  description?: string;
  /** Other names staff use for it (Easycruit, fakturabehandling): found by the page filter, named in events. */
  aliases?: string[];
  /** Systems it needs (`depends-on:`): their windows also appear in this system's feed. */
  dependsOn?: string[];
  /** The first day it takes part in windows (`from:`, wall-clock midnight); absent: always has. */
  from?: WallClock;
  /** The last day it takes part in windows (`until:`); absent: still does. */
  until?: WallClock;
}

/** `cancelled`: kept in the feeds as a cancelled event, so subscribers see it called off. */
export type WindowStatus = 'confirmed' | 'tentative' | 'cancelled';

/** What to do with an occurrence on a public holiday: warn (default), skip it (EXDATE), or allow it silently. */
export type HolidayPolicy = 'warn' | 'skip' | 'allow';

export interface Window extends Work {
  status: WindowStatus;
  /** Bumped by the editor when a published window changes, so clients replace their copy. */
  sequence: number;
  updated?: DateTime;
  timing: Timing;
  /** Default warn; with skip the parser has added every holiday the rule produces to `except`. */
  onHoliday?: HolidayPolicy;
  /** Windows it may overlap with on a shared system (acknowledged clashes). */
  overlaps?: string[];
  /**
   * What to do with an occurrence in a freeze on one of its systems: absent, it is an error;
   * skip leaves those dates out (EXDATE, as on-holiday: skip); allow is approved emergency work.
   */
  onFreeze?: 'skip' | 'allow';
  /** Why the work may happen in a freeze (`freeze-reason:`, with `on-freeze: allow`): shown in diff and notify. */
  freezeReason?: string;
}

export type Timing = TimedOnce | AllDayOnce | Recurring;

export interface TimedOnce {
  kind: 'timed';
  start: WallClock;
  /** The local end; with `duration:` the wall clock of start + the elapsed minutes. */
  end: WallClock;
  /** `duration:` in minutes: elapsed time, so the end is exact even where its wall clock is not. */
  elapsedMinutes?: number;
}

export interface AllDayOnce {
  kind: 'all-day';
  date: WallClock;
  /** Number of whole days, at least 1. */
  days: number;
}

export interface Recurring {
  kind: 'recurring';
  rule: RecurrenceRule;
  /** Whole days added to every date the rule produces (`offset:`); from, until, except and moved refer to the shifted dates. */
  offsetDays: number;
  from: WallClock;
  until?: WallClock;
  time: TimeOfDay;
  /** The length: elapsed minutes with `duration:`; with `end:`, the minutes from `time` to `end` on the clock. */
  durationMinutes: number;
  /**
   * Set when the schedule gives `end:`: every occurrence ends at that local time, so on a day the
   * clocks change its elapsed length differs from `durationMinutes` (recurringEnd gives the end).
   */
  endsOnClock?: true;
  /** Dates (wall-clock midnight) of occurrences that do not happen. */
  except: WallClock[];
  moved: Move[];
  /**
   * Occurrences called off (`cancelled:`). Their dates are also in `except`, so the series
   * excludes them; the feeds add a cancelled stand-alone event at the original time.
   */
  cancelled?: Cancellation[];
  /** Dates `on-holiday: skip` added to `except`, with the holiday's name. */
  skippedHolidays?: { date: WallClock; name: string }[];
  /** Dates `on-freeze: skip` added to `except`, with the freeze's id. */
  skippedFreezes?: { date: WallClock; freeze: string }[];
}

export interface Cancellation {
  /** The date the rule produces. */
  date: WallClock;
  note?: string;
}

export interface Move {
  /** The date the rule produces. */
  date: WallClock;
  /** Where that occurrence really starts (wall clock). */
  to: WallClock;
  note?: string;
}
