/**
 * Structural checks of a feed the way strict clients read it. Each check has a name so a
 * failure says which rule a feed broke (calendar-clients.md lists why each one matters).
 */
export interface LintFinding {
  check: string;
  message: string;
  /** 1-based physical line, where one applies. */
  line?: number;
}

interface Property {
  name: string;
  params: ReadonlyMap<string, string>;
  value: string;
  line: number;
}

interface Block {
  kind: string;
  props: Property[];
  children: Block[];
}

/** RFC 5545 and RFC 7986 properties, and the X- ones clients are known to read. */
const KNOWN = new Set([
  'BEGIN',
  'END',
  'VERSION',
  'PRODID',
  'CALSCALE',
  'METHOD',
  'NAME',
  'DESCRIPTION',
  'REFRESH-INTERVAL',
  'SOURCE',
  'COLOR',
  'URL',
  'LAST-MODIFIED',
  'UID',
  'DTSTAMP',
  'DTSTART',
  'DTEND',
  'DURATION',
  'SUMMARY',
  'LOCATION',
  'STATUS',
  'TRANSP',
  'SEQUENCE',
  'RRULE',
  'EXDATE',
  'RECURRENCE-ID',
  'ORGANIZER',
  'CATEGORIES',
  'CLASS',
  'CREATED',
  'PRIORITY',
  'TZID',
  'TZOFFSETFROM',
  'TZOFFSETTO',
  'TZNAME',
  'TZURL',
  'COMMENT',
  'CONTACT',
  'RELATED-TO',
  'RDATE',
  'ATTENDEE',
  'GEO',
  'RESOURCES',
  'X-WR-CALNAME',
  'X-WR-CALDESC',
  'X-PUBLISHED-TTL',
  'X-MICROSOFT-CDO-BUSYSTATUS',
  'X-MICROSOFT-CDO-ALLDAYEVENT',
  'X-MICROSOFT-MSNCALENDAR-ALLDAYEVENT',
  'X-WR-RELCALID',
]);
const TEXT = new Set([
  'SUMMARY',
  'DESCRIPTION',
  'LOCATION',
  'COMMENT',
  'NAME',
  'X-WR-CALNAME',
  'X-WR-CALDESC',
  'CONTACT',
]);

/** Properties whose values are DATE or DATE-TIME (lists for EXDATE). */
const DATES = new Set(['DTSTART', 'DTEND', 'RECURRENCE-ID', 'EXDATE', 'DTSTAMP', 'LAST-MODIFIED', 'CREATED']);
/** Properties whose values are DURATION: libical drops `P1M` or `P1Y` (months and years are not dur-values). */
const DURATIONS = new Set(['REFRESH-INTERVAL', 'X-PUBLISHED-TTL', 'DURATION']);
/** RFC 5545 §3.3.6 dur-value. */
const DUR_VALUE =
  /^[+-]?P(?:\d+W|\d+D(?:T(?:\d+H(?:\d+M(?:\d+S)?)?|\d+M(?:\d+S)?|\d+S))?|T(?:\d+H(?:\d+M(?:\d+S)?)?|\d+M(?:\d+S)?|\d+S))$/;

/** A DATE (yyyymmdd) or DATE-TIME (yyyymmddThhmmss[Z]) that names a real day and time. */
function validDate(value: string, dateOnly: boolean): boolean {
  const m = (
    dateOnly ? /^(\d{4})(\d{2})(\d{2})$/ : /^(\d{4})(\d{2})(\d{2})T([01]\d|2[0-3])([0-5]\d)([0-5]\d|60)Z?$/
  ).exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(2000, mo - 1, d));
  day.setUTCFullYear(y);
  return mo >= 1 && mo <= 12 && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

export function lintFeed(bytes: Buffer): LintFinding[] {
  const findings: LintFinding[] = [];
  const add = (check: string, message: string, line?: number) =>
    findings.push({ check, message, ...(line ? { line } : {}) });

  // A fold inside a multi-byte character leaves a continuation byte at the start of the next
  // line (Outlook then shows garbage for æøå); look for that before decoding.
  // Found with indexOf (native), and lines counted only for a finding: this runs over every
  // byte of the combined feed on each load.
  for (let i = bytes.indexOf(FOLD); i >= 0 && i + 3 < bytes.length; i = bytes.indexOf(FOLD, i + 1)) {
    if ((bytes[i + 3]! & 0xc0) === 0x80) add('utf8-fold', 'a fold splits a UTF-8 character', lineAt(bytes, i) + 1);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    add('utf8', 'the feed is not valid UTF-8');
    return findings;
  }
  if (!text.endsWith('\r\n')) add('crlf', 'the feed does not end with CRLF');
  const physical = text.replace(/\r\n$/, '').split('\r\n');
  // Bare CR or LF, and control characters, are looked for in the whole text first: lines are
  // visited one by one only when there is one to place.
  const bare = /[\r\n]/;
  const anyBare = bare.test(physical.join(''));
  const anyControl = CONTROL_CHARS.test(text);
  physical.forEach((l, i) => {
    if (anyBare && bare.test(l)) add('crlf', 'a line ends with a bare LF or CR instead of CRLF', i + 1);
    // RFC 5545 §3.1 allows no CONTROL character but HTAB; libical marks the calendar broken.
    if (anyControl && CONTROL_CHARS.test(l)) add('control-chars', 'a line holds a control character', i + 1);
    // At most 3 octets per UTF-16 unit: a line of 25 units or fewer is within 75 octets.
    const octets = l.length > 25 ? Buffer.byteLength(l, 'utf8') : 0;
    if (octets > 75) add('fold-75', `line is ${octets} octets; fold at 75 (RFC 5545 §3.1)`, i + 1);
  });

  // Unfold, then parse into a tree of components.
  const logical: { text: string; line: number }[] = [];
  physical.forEach((l, i) => {
    if ((l.startsWith(' ') || l.startsWith('\t')) && logical.length) logical[logical.length - 1]!.text += l.slice(1);
    else logical.push({ text: l, line: i + 1 });
  });
  const roots: Block[] = [];
  const stack: Block[] = [];
  for (const { text: t, line } of logical) {
    const p = parseProperty(t, line);
    if (!p) {
      add('syntax', `not a content line: ${t.slice(0, 60)}`, line);
      continue;
    }
    if (!KNOWN.has(p.name) && !p.name.startsWith('X-'))
      add('known-properties', `${p.name} is not an RFC 5545/7986 property`, line);
    else if (p.name.startsWith('X-') && !KNOWN.has(p.name))
      add('known-properties', `${p.name} is not a known X- property`, line);
    if (p.name === 'BEGIN') {
      const b: Block = { kind: p.value, props: [], children: [] };
      (stack.at(-1)?.children ?? roots).push(b);
      stack.push(b);
    } else if (p.name === 'END') {
      if (stack.at(-1)?.kind !== p.value)
        add('structure', `END:${p.value} closes ${stack.at(-1)?.kind ?? 'nothing'}`, line);
      stack.pop();
    } else if (!stack.length) add('structure', `${p.name} outside any component`, line);
    else stack.at(-1)!.props.push(p);
    if (DATES.has(p.name) && !p.value.split(',').every((v) => validDate(v, p.params.get('VALUE') === 'DATE')))
      add(
        'date-values',
        `${p.name} is not a ${p.params.get('VALUE') ?? 'DATE-TIME'} with a 4-digit year: ${p.value}`,
        line,
      );
    if (p.name === 'RRULE' && /UNTIL=/.test(p.value) && !validDate(/UNTIL=([^;]*)/.exec(p.value)![1]!, false))
      add('date-values', `UNTIL is not a DATE-TIME with a 4-digit year: ${p.value}`, line);
    if (DURATIONS.has(p.name) && !DUR_VALUE.test(p.value))
      add(
        'duration-values',
        `${p.name} is not an RFC 5545 dur-value (weeks, days, hours, minutes, seconds): ${p.value}`,
        line,
      );
    if (TEXT.has(p.name) && !escapedText(p.value)) {
      add('text-escaping', `${p.name} has an unescaped ; , or \\ (RFC 5545 §3.3.11)`, line);
    }
  }
  if (stack.length) add('structure', `${stack.map((b) => b.kind).join('/')} is not closed`);
  if (roots.length !== 1 || roots[0]!.kind !== 'VCALENDAR') {
    add('one-vcalendar', `expected exactly one VCALENDAR, found ${roots.map((r) => r.kind).join(', ') || 'none'}`);
    return findings;
  }
  const cal = roots[0]!;
  const calProp = (name: string) => cal.props.filter((p) => p.name === name);
  if (calProp('VERSION')[0]?.value !== '2.0') add('version-prodid', 'VERSION:2.0 is missing');
  if (calProp('PRODID').length !== 1) add('version-prodid', 'exactly one PRODID is needed');
  for (const m of calProp('METHOD'))
    if (m.value !== 'PUBLISH') add('method', `METHOD:${m.value} in a feed; use PUBLISH or none`, m.line);

  const zones = new Map<string, Block>();
  for (const z of cal.children.filter((c) => c.kind === 'VTIMEZONE')) {
    const id = z.props.find((p) => p.name === 'TZID')?.value ?? '';
    zones.set(id, z);
    const obs = z.children.filter((c) => c.kind === 'STANDARD' || c.kind === 'DAYLIGHT');
    const yearly = obs.every(
      (o) =>
        !o.props.some((p) => p.name === 'RDATE') &&
        (obs.length === 1 ||
          /^FREQ=YEARLY;BYMONTH=\d+;BYDAY=-?\d?(MO|TU|WE|TH|FR|SA|SU)$/.test(
            o.props.find((p) => p.name === 'RRULE')?.value ?? '',
          )),
    );
    if (obs.length < 1 || obs.length > 2 || !yearly)
      add('vtimezone-shape', `VTIMEZONE ${id} is not one yearly STANDARD/DAYLIGHT pair (Outlook reads only that)`);
  }

  const events = cal.children.filter((c) => c.kind === 'VEVENT');
  const masters = new Map<string, Property>();
  const overrides: { uid: string; rid: Property }[] = [];
  for (const ev of events) {
    const get = (name: string) => ev.props.filter((p) => p.name === name);
    const uid = get('UID')[0]?.value;
    const starts = get('DTSTART');
    const where = starts[0]?.line ?? get('UID')[0]?.line;
    if (!uid) add('uid', 'a VEVENT has no UID', where);
    if (starts.length !== 1) add('one-dtstart', `VEVENT ${uid} has ${starts.length} DTSTART lines`, where);
    if (get('DTSTAMP').length !== 1) add('utc-stamps', `VEVENT ${uid} needs exactly one DTSTAMP`, where);
    for (const p of ev.props) {
      if (['DTSTAMP', 'LAST-MODIFIED', 'CREATED'].includes(p.name) && !/^\d{8}T\d{6}Z$/.test(p.value))
        add('utc-stamps', `${p.name} must be UTC (…Z): ${p.value}`, p.line);
      if (
        p.name === 'RRULE' &&
        /UNTIL=/.test(p.value) &&
        !/UNTIL=\d{8}T\d{6}Z(;|$)/.test(p.value) &&
        starts[0]?.params.has('TZID')
      )
        add('utc-stamps', `UNTIL must be UTC when DTSTART has a TZID: ${p.value}`, p.line);
      if (p.name === 'RDATE')
        add('no-rdate', 'RDATE: Outlook strips its time or rejects the event; use overrides', p.line);
      const tzid = p.params.get('TZID');
      if (tzid !== undefined && !zones.has(tzid))
        add(
          'vtimezone-declared',
          `TZID=${tzid} has no VTIMEZONE in the feed (Outlook shows it as floating time)`,
          p.line,
        );
      if (
        ['DTSTART', 'DTEND', 'RECURRENCE-ID', 'EXDATE'].includes(p.name) &&
        tzid === undefined &&
        p.params.get('VALUE') !== 'DATE' &&
        !/Z$/.test(p.value)
      ) {
        add('no-floating', `${p.name} is a floating time: ${p.value}`, p.line);
      }
    }
    const start = starts[0];
    const end = get('DTEND')[0];
    if (start && end && start.params.get('VALUE') === 'DATE' && !(end.value > start.value))
      add('all-day-dtend', `all-day DTEND ${end.value} is not after DTSTART ${start.value}`, end.line);
    const rid = get('RECURRENCE-ID')[0];
    if (uid && rid) overrides.push({ uid, rid });
    else if (uid && start) {
      if (masters.has(uid)) add('uid-unique', `UID ${uid} is used by two events`, where);
      masters.set(uid, start);
      for (const ex of get('EXDATE')) {
        if (!sameForm(ex, start))
          add(
            'exdate-form',
            `EXDATE ${ex.value} must have the TZID, value type and local time of DTSTART ${start.value}`,
            ex.line,
          );
      }
    }
  }
  const seen = new Set<string>();
  for (const { uid, rid } of overrides) {
    const master = masters.get(uid);
    if (!master) add('recurrence-id-form', `override ${uid} has no master event`, rid.line);
    else if (!sameForm(rid, master, false))
      add(
        'recurrence-id-form',
        `RECURRENCE-ID ${rid.value} must have the TZID and value type of DTSTART ${master.value}`,
        rid.line,
      );
    const key = `${uid} ${rid.value}`;
    if (seen.has(key)) add('uid-unique', `two overrides of ${uid} at ${rid.value}`, rid.line);
    seen.add(key);
  }
  return findings;
}

/** A TEXT value in which every semicolon, comma and backslash is escaped (RFC 5545 §3.3.11). */
function escapedText(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') {
      if (!'\\;,nN'.includes(value[i + 1] ?? 'x')) return false;
      i++;
    } else if (c === ';' || c === ',') return false;
  }
  return true;
}

function sameForm(p: Property, start: Property, sameTime = true): boolean {
  const kind = (x: Property) =>
    `${x.params.get('TZID') ?? ''}|${x.params.get('VALUE') ?? 'DATE-TIME'}|${/Z$/.test(x.value)}`;
  if (kind(p) !== kind(start)) return false;
  return !sameTime || p.value.split(',').every((v) => v.slice(8) === start.value.slice(8));
}

/** CRLF and a space: where a line is folded. */
const FOLD = Buffer.from('\r\n ');
/** Control characters but HTAB, CR and LF (line ends are checked on their own). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** The parameters of a property that has none: shared, and never written to. */
const NO_PARAMS: ReadonlyMap<string, string> = new Map();

/** The 1-based line of a byte offset (for a finding only). */
function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf('\r\n'); i >= 0 && i < offset; i = bytes.indexOf('\r\n', i + 2)) line++;
  return line;
}

function parseProperty(line: string, lineNo: number): Property | null {
  // Most lines have no parameters: NAME:value, read without the full pattern. With no ';'
  // before the first ':', the pattern below could only have matched this way.
  const colon = line.indexOf(':');
  const semicolon = line.indexOf(';');
  if (colon > 0 && (semicolon < 0 || semicolon > colon)) {
    const name = line.slice(0, colon);
    if (!/^[A-Za-z0-9-]+$/.test(name)) return null;
    return { name: name.toUpperCase(), params: NO_PARAMS, value: line.slice(colon + 1), line: lineNo };
  }
  // dotAll: a value may hold U+2028/U+2029, which `.` alone does not match (they are text, not line ends).
  const m = /^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^;:,"]*)(?:,(?:"[^"]*"|[^;:,"]*))*)*):(.*)$/s.exec(line);
  if (!m) return null;
  const params = new Map<string, string>();
  for (const pm of m[2]!.matchAll(/;([A-Za-z0-9-]+)=((?:"[^"]*"|[^;:"])*)/g)) params.set(pm[1]!.toUpperCase(), pm[2]!);
  return { name: m[1]!.toUpperCase(), params, value: m[3]!, line: lineNo };
}
