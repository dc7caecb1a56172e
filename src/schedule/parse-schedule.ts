import { isScalar, type Node } from 'yaml';
import { DateTime, Duration } from 'luxon';
import { isKnownZone } from '../time/wall-clock.js';
import type { Announcement, CalendarSettings, Provider, Schedule, System, Window, WindowStatus } from './schedule.js';
import { ScheduleError, type ScheduleProblem } from './schedule-error.js';
import { MAX_REFRESH_MINUTES, MAX_WINDOWS, MIN_REFRESH_MINUTES } from './schedule-limits.js';
import { inYears, readTiming, TIMING_KEYS, type RuleCost } from './window-timing.js';
import { PositionsNeeded } from './plain-yaml.js';
import { closest, readMap, readSeq, readText, YamlSource, type Entry } from './yaml-source.js';

const ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
/** RFC 5545 dur-value without seconds: P1W, P1D, P1DT12H, PT1H30M, PT15M. */
const REFRESH = /^P(?:\d+W|\d+D(?:T(?:\d+H(?:\d+M)?|\d+M))?|T(?:\d+H(?:\d+M)?|\d+M))$/;
const ID_HINT = 'lower-case letters, digits and hyphens, such as visma-okonomi';
export { MAX_WINDOWS };

export interface ParsedSchedule {
  schedule: Schedule;
  warnings: ScheduleProblem[];
}

/**
 * Parses and validates schedule text. Collects every problem it can find rather than stopping at
 * the first, so `check` lists them all; throws ScheduleError when any is an error.
 */
export function parseSchedule(text: string, file: string): ParsedSchedule {
  // Most loads are of schedules without a problem: read them without positions first (a fraction
  // of the time and memory), and read again with positions only when there is something to report.
  try {
    return parseSource(new YamlSource(file, text, false));
  } catch (err) {
    if (!(err instanceof PositionsNeeded)) throw err;
  }
  return parseSource(new YamlSource(file, text));
}

/** The schedule in a source read either way (with positions or without, see parseSchedule). */
export function parseSource(src: YamlSource): ParsedSchedule {
  const schedule = src.root === null && !src.hasErrors ? emptyFile(src) : readSchedule(src);
  if (src.hasErrors || !schedule) {
    if (!src.hasErrors) src.problem(null, 'the schedule could not be read');
    throw new ScheduleError(src.problems);
  }
  return { schedule, warnings: src.problems.filter((p) => p.severity === 'warning') };
}

function emptyFile(src: YamlSource): null {
  src.problem(null, 'the file is empty; it needs calendar, providers, systems and windows');
  return null;
}

function readSchedule(src: YamlSource): Schedule | null {
  if (src.root === null) return null;
  const top = readMap(src, src.root, 'the schedule', ['calendar', 'providers', 'systems', 'windows', 'announcements']);
  if (!top) return null;
  const required = (key: string) => {
    const e = top.get(key);
    if (!e) src.problem(src.root, `the schedule is missing \`${key}:\``);
    return e;
  };
  const calendarEntry = required('calendar');
  const providersEntry = required('providers');
  const systemsEntry = required('systems');
  const windowsEntry = required('windows');
  const calendar = calendarEntry ? readCalendar(src, calendarEntry.value) : null;
  const providers = providersEntry
    ? readCatalogue(src, providersEntry, 'provider', ['name', 'description', 'url'])
    : [];
  const systems = systemsEntry ? readCatalogue(src, systemsEntry, 'system', ['name', 'description']) : [];
  if (!calendar || !windowsEntry) return null;
  const seenIds = new Map<string, Node>();
  const windows = readWindows(src, windowsEntry.value, calendar, providers, systems, seenIds);
  const announcementsEntry = top.get('announcements');
  const announcements = announcementsEntry
    ? readAnnouncements(src, announcementsEntry.value, providers, systems, seenIds)
    : [];
  return { calendar, providers, systems, windows, announcements };
}

function readCalendar(src: YamlSource, node: Node | null): CalendarSettings | null {
  const m = readMap(src, node, 'calendar', [
    'name',
    'description',
    'timezone',
    'domain',
    'refresh',
    'updated',
    'organizer',
  ]);
  if (!m) return null;
  const need = (key: string) => {
    const e = m.get(key);
    if (!e) src.problem(node, `calendar is missing \`${key}:\``);
    return e ? readText(src, e.value, `calendar.${key}`) : null;
  };
  const name = need('name');
  const timezone = need('timezone');
  const domain = need('domain');
  if (timezone && !isKnownZone(timezone)) {
    const known = Intl.supportedValuesOf('timeZone');
    const guess = closest(timezone, known);
    src.problem(
      m.get('timezone')!.value,
      `unknown time zone '${timezone}'; use an IANA zone such as Europe/Oslo${guess ? ` (did you mean '${guess}'?)` : ''}`,
    );
  }
  if (domain && !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(domain)) {
    src.problem(
      m.get('domain')!.value,
      `domain '${domain}' must be a DNS name such as nedetid.example.no (it ends every UID)`,
    );
  }
  let refresh = 'PT1H';
  const refreshEntry = m.get('refresh');
  if (refreshEntry) {
    const text = readText(src, refreshEntry.value, 'calendar.refresh')?.toUpperCase();
    // Written as-is into REFRESH-INTERVAL and X-PUBLISHED-TTL: an RFC 5545 dur-value (§3.3.6),
    // which has no months or years (libical drops P1M), and whole minutes.
    const minutes = text && REFRESH.test(text) ? Duration.fromISO(text).as('minutes') : NaN;
    if (text && !(minutes >= MIN_REFRESH_MINUTES && minutes <= MAX_REFRESH_MINUTES)) {
      src.problem(
        refreshEntry.value,
        `refresh '${text}' must be a duration in weeks, days, hours or minutes from PT${MIN_REFRESH_MINUTES}M to P${MAX_REFRESH_MINUTES / 1440}D, such as PT1H, PT30M or P1D`,
      );
    } else if (text) refresh = text;
  }
  if (!name || !timezone || !domain || !isKnownZone(timezone)) return null;
  const calendar: CalendarSettings = { name, timezone, domain: domain.toLowerCase(), refresh };
  const description = optionalText(src, m, 'description', 'calendar.description');
  if (description) calendar.description = description;
  const updated = readUpdated(src, m.get('updated'), timezone);
  if (updated) calendar.updated = updated;
  const organizerEntry = m.get('organizer');
  if (organizerEntry) {
    const o = readMap(src, organizerEntry.value, 'calendar.organizer', ['name', 'email']);
    const orgName = o?.get('name') ? readText(src, o.get('name')!.value, 'organizer name') : null;
    const email = o?.get('email') ? readText(src, o.get('email')!.value, 'organizer email') : null;
    if (o && (!orgName || !email)) src.problem(organizerEntry.value, 'calendar.organizer needs `name:` and `email:`');
    else if (email && !/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(email))
      src.problem(
        o!.get('email')!.value,
        `organizer email '${email}' must be an e-mail address such as ikt@example.no`,
      );
    else if (orgName && email) calendar.organizer = { name: orgName, email };
  }
  return calendar;
}

function readCatalogue(
  src: YamlSource,
  entry: Entry,
  kind: 'provider' | 'system',
  keys: string[],
): (Provider & System)[] {
  const m = readMap(src, entry.value, `${kind}s`, []);
  if (!m) return [];
  if (m.size === 0) src.problem(entry.value ?? entry.key, `${kind}s must list at least one ${kind}`);
  const out: (Provider & System)[] = [];
  for (const [id, e] of m) {
    if (!ID.test(id)) src.problem(e.key, `${kind} id '${id}' must be ${ID_HINT}`);
    if (id === 'all')
      src.problem(e.key, `'all' is reserved (systems: all means every system); choose another ${kind} id`);
    const fields = readMap(src, e.value, `${kind} '${id}'`, keys);
    if (!fields) continue;
    const nameEntry = fields.get('name');
    if (!nameEntry) src.problem(e.value, `${kind} '${id}' is missing \`name:\``);
    const name = nameEntry ? readText(src, nameEntry.value, `${kind} '${id}' name`) : null;
    if (!name) continue;
    const item: Provider & System = { id, name };
    const description = optionalText(src, fields, 'description', `${kind} '${id}' description`);
    if (description) item.description = description;
    const url = optionalText(src, fields, 'url', `${kind} '${id}' url`);
    if (url) {
      if (/^https?:\/\/\S+$/.test(url)) item.url = url;
      else src.problem(fields.get('url')!.value, `url '${url}' must start with https:// or http://`);
    }
    out.push(item);
  }
  return out;
}

const WINDOW_KEYS = [
  'id',
  'title',
  'description',
  'provider',
  'systems',
  'status',
  'sequence',
  'updated',
  ...TIMING_KEYS,
];

function readWindows(
  src: YamlSource,
  node: Node | null,
  calendar: CalendarSettings,
  providers: Provider[],
  systems: System[],
  seenIds: Map<string, Node>,
): Window[] {
  const items = readSeq(src, node, 'windows');
  if (!items) return [];
  if (items.length > MAX_WINDOWS) {
    src.problem(
      node,
      `${items.length} windows; the limit is ${MAX_WINDOWS} (split the schedule or remove past one-off windows)`,
    );
    return [];
  }
  const out: Window[] = [];
  const cost: RuleCost = { periods: 0, priced: new Set() };
  for (const item of items) {
    const m = readMap(src, item, 'a window', WINDOW_KEYS);
    if (!m) continue;
    const common = readCommon(src, m, item, 'window', providers, systems, seenIds);
    const { id, title, provider, affected, label } = common;
    const status = readStatus(src, m.get('status'));
    const sequence = readSequence(src, m.get('sequence'));
    const updated = readUpdated(src, m.get('updated'), calendar.timezone);
    const timing = readTiming(src, m, item, label, calendar.timezone, cost);
    if (!id || !title || !provider || !affected || !status || sequence === null || !timing) continue;
    const window: Window = {
      id,
      title,
      provider,
      systems: affected.ids,
      allSystems: affected.all,
      status,
      sequence,
      timing,
    };
    if (common.description) window.description = common.description;
    if (updated) window.updated = updated;
    out.push(window);
  }
  return out;
}

/** What windows and announcements share: id (unique across both), title, provider and systems. */
function readCommon(
  src: YamlSource,
  m: Map<string, Entry>,
  item: Node,
  kind: 'window' | 'announcement',
  providers: Provider[],
  systems: System[],
  seenIds: Map<string, Node>,
) {
  const need = (key: string) => {
    const e = m.get(key);
    if (!e) src.problem(item, `${kind}${m.has('id') ? ` '${textOf(m.get('id')!)}'` : ''} is missing \`${key}:\``);
    return e;
  };
  const idEntry = need('id');
  const id = idEntry ? readText(src, idEntry.value, `${kind} id`) : null;
  if (id && idEntry) {
    if (!ID.test(id))
      src.problem(
        idEntry.value,
        `${kind} id '${id}' must be ${ID_HINT}; it becomes the UID, so keep it once published`,
      );
    const earlier = seenIds.get(id);
    if (earlier) {
      src.problem(
        idEntry.value,
        `${kind} id '${id}' is used twice (first at ${src.where(earlier)}); ids are UIDs and must be unique`,
      );
    } else seenIds.set(id, idEntry.value!);
  }
  const label = `${kind} '${id ?? '?'}'`;
  const titleEntry = need('title');
  const title = titleEntry ? readText(src, titleEntry.value, `${label} title`) : null;
  const providerEntry = need('provider');
  const provider = providerEntry ? readReference(src, providerEntry.value, 'provider', providers) : null;
  const systemsEntry = need('systems');
  const affected = systemsEntry ? readSystems(src, systemsEntry.value, systems) : null;
  const description = optionalText(src, m, 'description', `${label} description`);
  return { id, title, provider, affected, need, label, description };
}

function readAnnouncements(
  src: YamlSource,
  node: Node | null,
  providers: Provider[],
  systems: System[],
  seenIds: Map<string, Node>,
): Announcement[] {
  const items = readSeq(src, node, 'announcements');
  if (!items) return [];
  const out: Announcement[] = [];
  for (const item of items) {
    const m = readMap(src, item, 'an announcement', ['id', 'title', 'description', 'provider', 'systems', 'expected']);
    if (!m) continue;
    const { id, title, provider, affected, need, label, description } = readCommon(
      src,
      m,
      item,
      'announcement',
      providers,
      systems,
      seenIds,
    );
    const expectedEntry = need('expected');
    const expected = expectedEntry
      ? readText(src, expectedEntry.value, `${label} expected (when it is expected, e.g. "våren 2022")`)
      : null;
    if (!id || !title || !provider || !affected || !expected) continue;
    out.push({
      id,
      title,
      provider,
      systems: affected.ids,
      allSystems: affected.all,
      expected,
      ...(description ? { description } : {}),
    });
  }
  return out;
}

function readReference(src: YamlSource, node: Node | null, kind: string, known: { id: string }[]): string | null {
  const id = readText(src, node, kind);
  if (!id) return null;
  if (known.some((k) => k.id === id)) return id;
  const ids = known.map((k) => k.id);
  const guess = closest(id, ids);
  src.problem(
    node,
    `unknown ${kind} '${id}'${guess ? `; did you mean '${guess}'?` : ''} (known: ${ids.join(', ') || 'none'})`,
  );
  return null;
}

function readSystems(src: YamlSource, node: Node | null, systems: System[]): { ids: string[]; all: boolean } | null {
  if (isScalar(node) && node.value === 'all') return { ids: systems.map((s) => s.id), all: true };
  const items = isScalar(node) ? null : readSeq(src, node, 'systems (a list of system ids, or the word all)');
  if (isScalar(node)) src.problem(node, `systems must be a list such as [visma, gat], or the word all`);
  if (!items) return null;
  if (items.length === 0) src.problem(node, 'systems must name at least one system (or be the word all)');
  const ids: string[] = [];
  for (const n of items) {
    const id = readReference(src, n, 'system', systems);
    if (id && ids.includes(id)) src.problem(n, `system '${id}' is listed twice`);
    else if (id) ids.push(id);
  }
  return ids.length === items.length && ids.length > 0 ? { ids, all: false } : null;
}

function readStatus(src: YamlSource, entry: Entry | undefined): WindowStatus | null {
  if (!entry) return 'confirmed';
  const text = readText(src, entry.value, 'status');
  if (text === 'confirmed' || text === 'tentative') return text;
  if (text)
    src.problem(
      entry.value,
      `status '${text}' must be confirmed or tentative (to cancel, remove the window or add the date to except)`,
    );
  return null;
}

function readSequence(src: YamlSource, entry: Entry | undefined): number | null {
  if (!entry) return 0;
  const v = isScalar(entry.value) ? entry.value.value : null;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 31) return v;
  src.problem(
    entry.value,
    'sequence must be a whole number from 0; raise it by one each time a published window changes',
  );
  return null;
}

/** `updated:` as a local date-time in the calendar zone, or with an explicit offset/Z. */
function readUpdated(src: YamlSource, entry: Entry | undefined, zone: string): DateTime | undefined {
  if (!entry) return undefined;
  const text = readText(src, entry.value, 'updated');
  if (!text) return undefined;
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(text);
  const dt = DateTime.fromISO(text, hasOffset ? { setZone: true } : { zone });
  if (!dt.isValid || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) {
    src.problem(
      entry.value,
      `updated '${text}' must be a date and time such as 2022-06-07T13:53 (local) or 2022-06-07T11:53Z`,
    );
    return undefined;
  }
  if (!inYears(src, entry.value, 'updated', dt)) return undefined;
  return dt.toUTC().startOf('second');
}

function optionalText(src: YamlSource, m: Map<string, Entry>, key: string, what: string): string | undefined {
  const e = m.get(key);
  return e ? (readText(src, e.value, what) ?? undefined) : undefined;
}

function textOf(e: Entry): string {
  return isScalar(e.value) ? String(e.value.value) : '?';
}
