import { isMap, isScalar, type Node } from 'yaml';
import { DateTime, Duration } from 'luxon';
import { isKnownZone } from '../time/wall-clock.js';
import type {
  Announcement,
  CalendarSettings,
  Contact,
  Provider,
  Schedule,
  System,
  Window,
  WindowStatus,
} from '../schedule/schedule.js';
import { systemsHint } from './input-hints.js';
import type { ScheduleProblem } from './schedule-error.js';
import { windowYears } from '../schedule/schedule-years.js';
import { ScheduleIndex } from '../schedule/schedule-index.js';
import { zoneRuleChange } from '../time/zone-rules.js';
import type { ClockIn } from '../time/clock.js';
import { HORIZON_YEARS, publishingMonth } from '../time/horizon.js';
import { MAX_REFRESH_MINUTES, MAX_WINDOWS, MIN_REFRESH_MINUTES } from './schedule-limits.js';
import { inYears, readTiming, TIMING_KEYS, type RuleCost } from './window-timing.js';
import { checkOverlapIds, PLANNING_KEYS, readWindowPlanning, type PendingOverlaps } from './read-window-planning.js';
import { readDependencies } from './read-system-dependencies.js';
import { applyFreezes, readFreezes } from './read-freezes.js';
import { checkAliasCollisions, otherNameOf } from './system-names.js';
import { readAudiences } from './read-audiences.js';
import { readLifetimes } from './read-system-lifetimes.js';
import { positionsOf, type SchedulePositions } from './schedule-positions.js';
import { holidayCountries, isHolidayCode } from '../time/public-holidays.js';
import { parseWallDate, type WallClock } from '../time/wall-clock.js';
import { closest } from '../text/closest.js';
import { readMap, readSeq, readText, YamlSource, type Entry } from './yaml-source.js';

const ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
/** RFC 5545 dur-value without seconds: P1W, P1D, P1DT12H, PT1H30M, PT15M. */
const REFRESH = /^P(?:\d+W|\d+D(?:T(?:\d+H(?:\d+M)?|\d+M))?|T(?:\d+H(?:\d+M)?|\d+M))$/;
const ID_HINT = 'lower-case letters, digits and hyphens, such as visma-okonomi';
export { MAX_WINDOWS };

export interface ParsedSchedule {
  schedule: Schedule;
  /** What follows from the schedule (lookups, reach, years), made with it: pass it along with it. */
  index: ScheduleIndex;
  warnings: ScheduleProblem[];
  /** Where each window and announcement is, for checks that run after parsing. */
  positions: SchedulePositions;
}

/**
 * Parses and validates schedule text. Collects every problem it can find rather than stopping at
 * the first, so `check` lists them all; throws ScheduleError when any is an error.
 */
export function parseSchedule(text: string, file: string, { clock }: { clock?: ClockIn } = {}): ParsedSchedule {
  return parseSource(new YamlSource(file, text), clock);
}

/** The schedule in a parsed source; `clock` gives the publishing month open-ended rules are checked from. */
export function parseSource(src: YamlSource, clock?: ClockIn): ParsedSchedule {
  const index = src.root === null && !src.hasErrors ? emptyFile(src) : readSchedule(src, clock);
  if (src.hasErrors || !index) {
    if (!src.hasErrors) src.problem(null, 'the schedule could not be read');
    throw src.error();
  }
  return {
    schedule: index.schedule,
    index,
    warnings: src.warnings,
    positions: positionsOf(src),
  };
}

function emptyFile(src: YamlSource): null {
  src.problem(null, 'the file is empty; it needs calendar, providers, systems and windows');
  return null;
}

function readSchedule(src: YamlSource, clock: ClockIn | undefined): ScheduleIndex | null {
  if (src.root === null) return null;
  const top = readMap(src, src.root, 'the schedule', [
    'calendar',
    'providers',
    'systems',
    'audiences',
    'windows',
    'announcements',
    'freezes',
  ]);
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
  const systems = systemsEntry
    ? readCatalogue(src, systemsEntry, 'system', ['name', 'description', 'aliases', 'depends-on', 'from', 'until'])
    : [];
  if (systemsEntry) {
    checkAliasCollisions(src, systemsEntry.value, systems);
    readDependencies(src, systemsEntry.value, systems);
    readLifetimes(src, systemsEntry.value, systems);
  }
  const known = { providers: new Known(providers), systems: new Known(systems) };
  const audiencesEntry = top.get('audiences');
  const audiences = audiencesEntry
    ? readAudiences(src, audiencesEntry.value, systemsEntry?.value ?? null, {
        idProblem: (id) => (ID.test(id) ? undefined : ID_HINT),
        readSystems: (node) => readSystems(src, node, known.systems),
      })
    : [];
  if (!calendar || !windowsEntry) return null;
  // Open-ended rules are checked (and holidays skipped) HORIZON_YEARS from now (time/horizon.ts).
  const month = clock ? publishingMonth(clock(calendar.timezone).now(), calendar.timezone) : undefined;
  const seenIds = new Map<string, Node>();
  const pendingOverlaps: PendingOverlaps[] = [];
  const windowNodes = new Map<string, Node>();
  const windows = readWindows(src, windowsEntry.value, calendar, known, seenIds, pendingOverlaps, month, windowNodes);
  checkOverlapIds(src, pendingOverlaps, windows);
  const announcementsEntry = top.get('announcements');
  const announcements = announcementsEntry ? readAnnouncements(src, announcementsEntry.value, known, seenIds) : [];
  const freezesEntry = top.get('freezes');
  const read = freezesEntry
    ? readFreezes(
        src,
        freezesEntry.value,
        calendar.timezone,
        (m, item) => readCommon(src, m, item, 'freeze', known, seenIds),
        month,
      )
    : null;
  const schedule: Schedule = { calendar, providers, systems, windows, announcements, audiences };
  if (read?.freezes.length) schedule.freezes = read.freezes;
  const index = new ScheduleIndex(schedule);
  // Conflicts only between what was read without error: a broken window or freeze is reported already.
  if (read && !src.hasErrors) applyFreezes(src, index, windowNodes, read.nodes, freezesEntry!.value, month);
  return zoneDescribable(src, calendarEntry?.value ?? null, index, month) ? index : null;
}

/**
 * Refuses a zone that changed its rules within the years the windows use: Outlook reads one
 * yearly rule pair per zone, so some windows would be shown an hour off there (zone-rules.ts).
 */
function zoneDescribable(
  src: YamlSource,
  calendarNode: Node | null,
  index: ScheduleIndex,
  month: WallClock | undefined,
): boolean {
  const { schedule } = index;
  const years = index.years(month);
  const change = zoneRuleChange(schedule.calendar.timezone, years);
  if (!change) return true;
  const node = isMap(calendarNode) ? (calendarNode.get('timezone', true) as Node | undefined) : undefined;
  const affected = schedule.windows.filter((w) => {
    const y = windowYears(w, month);
    return y.first <= change.year && change.year <= y.last;
  });
  src.problem(
    node ?? calendarNode,
    `time zone ${schedule.calendar.timezone} has no one yearly rule for all the years the windows use (${years.first}–${years.last}): ${change.what}. Outlook reads one yearly rule per zone and would show some times an hour off; keep the windows within years whose rules agree (open-ended rules count ${HORIZON_YEARS} years from now; give them \`until:\`). Windows in ${change.year}: ${affected.map((w) => w.id).join(', ')}`,
  );
  return false;
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
    'contact',
    'holidays',
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
  const contactEntry = m.get('contact');
  if (contactEntry) {
    const contact = readContact(src, contactEntry);
    if (contact) calendar.contact = contact;
  }
  const holidays = readHolidays(src, m.get('holidays'));
  if (holidays) calendar.holidays = holidays;
  return calendar;
}

/** calendar.contact: where staff ask (name, phone, email, url), at least one way to reach them. */
function readContact(src: YamlSource, entry: Entry): Contact | null {
  const m = readMap(src, entry.value, 'calendar.contact', ['name', 'phone', 'email', 'url']);
  if (!m) return null;
  const contact: Contact = {};
  for (const key of ['name', 'phone', 'email', 'url'] as const) {
    const text = optionalText(src, m, key, `calendar.contact ${key}`);
    if (text) contact[key] = text;
  }
  const checks = [
    ['email', /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i, 'an e-mail address such as servicedesk@example.no'],
    ['url', /^https?:\/\/\S+$/, 'a web address starting with https:// or http://'],
    ['phone', /^\+?[0-9][0-9 ]{2,19}$/, 'digits and spaces, optionally after +, such as +47 61 18 90 00'],
  ] as const;
  let ok = true;
  for (const [key, pattern, hint] of checks) {
    if (contact[key] && !pattern.test(contact[key])) {
      src.problem(m.get(key)!.value, `contact ${key} '${contact[key]}' must be ${hint}`);
      ok = false;
    }
  }
  if (!ok) return null;
  if (!contact.phone && !contact.email && !contact.url) {
    src.problem(entry.value, 'calendar.contact needs at least one of `phone:`, `email:` and `url:`');
    return null;
  }
  return contact;
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
    const aliasesEntry = fields.get('aliases');
    if (aliasesEntry) {
      const aliases = readSeq(src, aliasesEntry.value, `${kind} '${id}' aliases (a list of names)`)?.map((n) =>
        readText(src, n, `an alias of ${kind} '${id}'`),
      );
      if (aliases?.every((a) => a !== null) && aliases.length > 0) item.aliases = aliases;
      else if (aliases?.length === 0)
        src.problem(aliasesEntry.value, `aliases of ${kind} '${id}' must list at least one name`);
    }
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
  ...PLANNING_KEYS,
];

function readWindows(
  src: YamlSource,
  node: Node | null,
  calendar: CalendarSettings,
  known: KnownReferences,
  seenIds: Map<string, Node>,
  pendingOverlaps: PendingOverlaps[],
  month: WallClock | undefined,
  nodes?: Map<string, Node>,
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
    const common = readCommon(src, m, item, 'window', known, seenIds);
    const { id, title, provider, affected, label } = common;
    const status = readStatus(src, m.get('status'));
    const sequence = readSequence(src, m.get('sequence'));
    const updated = readUpdated(src, m.get('updated'), calendar.timezone);
    const timing = readTiming(src, m, item, label, calendar.timezone, cost, month);
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
    const pending = readWindowPlanning(src, m, window, calendar, month);
    if (pending) pendingOverlaps.push(pending);
    out.push(window);
    nodes?.set(id, item);
  }
  return out;
}

/**
 * What windows, announcements and freezes share: id (unique across all three), title, provider
 * (not for a freeze) and systems.
 */
function readCommon(
  src: YamlSource,
  m: Map<string, Entry>,
  item: Node,
  kind: 'window' | 'announcement' | 'freeze',
  known: KnownReferences,
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
  const providerEntry = kind === 'freeze' ? undefined : need('provider');
  const provider = providerEntry ? readReference(src, providerEntry.value, 'provider', known.providers) : null;
  const systemsEntry = need('systems');
  const affected = systemsEntry ? readSystems(src, systemsEntry.value, known.systems) : null;
  const description = optionalText(src, m, 'description', `${label} description`);
  return { id, title, provider, affected, need, label, description };
}

function readAnnouncements(
  src: YamlSource,
  node: Node | null,
  known: KnownReferences,
  seenIds: Map<string, Node>,
): Announcement[] {
  const items = readSeq(src, node, 'announcements');
  if (!items) return [];
  const out: Announcement[] = [];
  for (const item of items) {
    const m = readMap(src, item, 'an announcement', [
      'id',
      'title',
      'description',
      'provider',
      'systems',
      'expected',
      'until',
    ]);
    if (!m) continue;
    const { id, title, provider, affected, need, label, description } = readCommon(
      src,
      m,
      item,
      'announcement',
      known,
      seenIds,
    );
    const expectedEntry = need('expected');
    const expected = expectedEntry
      ? readText(src, expectedEntry.value, `${label} expected (when it is expected, e.g. "våren 2022")`)
      : null;
    const untilEntry = m.get('until');
    const untilText = untilEntry ? readText(src, untilEntry.value, `${label} until`) : undefined;
    const until = untilText ? parseWallDate(untilText) : undefined;
    if (untilText && !until)
      src.problem(
        untilEntry!.value,
        `until '${untilText}' must be the last date the work is expected, such as 2022-06-30`,
      );
    if (!id || !title || !provider || !affected || !expected || untilText === null || until === null) continue;
    out.push({
      id,
      title,
      provider,
      systems: affected.ids,
      allSystems: affected.all,
      expected,
      ...(description ? { description } : {}),
      ...(until ? { until } : {}),
    });
  }
  return out;
}

/** The systems or providers read, with their ids as a Set: 30,000 references to 1,000 systems scanned the list each. */
class Known<T extends { id: string }> {
  readonly ids: ReadonlySet<string>;
  constructor(readonly list: T[]) {
    this.ids = new Set(list.map((k) => k.id));
  }
}

/** What windows, announcements and freezes may name. */
interface KnownReferences {
  providers: Known<Provider>;
  systems: Known<System>;
}

function readReference(
  src: YamlSource,
  node: Node | null,
  kind: 'provider' | 'system',
  known: Known<Provider> | Known<System>,
): string | null {
  const id = readText(src, node, kind);
  if (!id) return null;
  if (known.ids.has(id)) return id;
  const other = kind === 'system' ? otherNameOf(id, known.list) : undefined;
  if (other) {
    src.problem(node, other);
    return null;
  }
  const names = known.list.map((k) => k.id);
  const guess = closest(id, names);
  src.problem(
    node,
    `unknown ${kind} '${id}'${guess ? `; did you mean '${guess}'?` : ''} (known: ${names.join(', ') || 'none'})`,
  );
  return null;
}

function readSystems(
  src: YamlSource,
  node: Node | null,
  systems: Known<System>,
): { ids: string[]; all: boolean } | null {
  if (isScalar(node) && node.value === 'all') return { ids: systems.list.map((s) => s.id), all: true };
  const items = isScalar(node) ? null : readSeq(src, node, 'systems (a list of system ids, or the word all)');
  if (isScalar(node)) {
    const hint = systemsHint(
      String(node.value),
      systems.list.map((s) => s.id),
    );
    src.problem(node, `systems must be a list such as [visma, gat], or the word all${hint}`);
  }
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
  if (text === 'confirmed' || text === 'tentative' || text === 'cancelled') return text;
  if (text)
    src.problem(
      entry.value,
      `status '${text}' must be confirmed, tentative or cancelled (to call off single occurrences, list them under cancelled)`,
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

/** `calendar.holidays`: a country (NO) or country-region (DE-BY) code, or none; NO when absent. */
function readHolidays(src: YamlSource, entry: Entry | undefined): string | undefined {
  if (!entry) return 'NO';
  const text = readText(src, entry.value, 'calendar.holidays');
  if (!text || text.toLowerCase() === 'none') return undefined;
  if (isHolidayCode(text)) return text.toUpperCase();
  const guess = closest(text.split('-')[0]!, holidayCountries());
  src.problem(
    entry.value,
    `calendar.holidays '${text}' is not a country or region date-holidays knows; use a code such as NO or DE-BY, or none${guess ? ` (did you mean '${guess}'?)` : ''}`,
  );
  return undefined;
}

function optionalText(src: YamlSource, m: Map<string, Entry>, key: string, what: string): string | undefined {
  const e = m.get(key);
  return e ? (readText(src, e.value, what) ?? undefined) : undefined;
}

function textOf(e: Entry): string {
  return isScalar(e.value) ? String(e.value.value) : '?';
}
