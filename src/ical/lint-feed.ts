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
export function validDate(value: string, dateOnly: boolean): boolean {
  // Read by character codes, not a pattern with captures: the combined feed of a large schedule
  // has 100,000 of them. Digits are 0x30-0x39.
  const length = value.length;
  if (dateOnly ? length !== 8 : length !== 15 && !(length === 16 && value.charCodeAt(15) === 0x5a)) return false;
  let y = 0;
  for (let i = 0; i < 8; i++) {
    const c = value.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return false;
    if (i < 4) y = y * 10 + c;
  }
  const mo = (value.charCodeAt(4) - 0x30) * 10 + value.charCodeAt(5) - 0x30;
  const d = (value.charCodeAt(6) - 0x30) * 10 + value.charCodeAt(7) - 0x30;
  if (!dateOnly) {
    if (value.charCodeAt(8) !== 0x54) return false; // T
    for (let i = 9; i < 15; i++) {
      const c = value.charCodeAt(i) - 0x30;
      if (c < 0 || c > 9) return false;
    }
    const h = (value.charCodeAt(9) - 0x30) * 10 + value.charCodeAt(10) - 0x30;
    const mi = (value.charCodeAt(11) - 0x30) * 10 + value.charCodeAt(12) - 0x30;
    const se = (value.charCodeAt(13) - 0x30) * 10 + value.charCodeAt(14) - 0x30;
    if (h > 23 || mi > 59 || se > 60) return false;
  }
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return mo >= 1 && mo <= 12 && d >= 1 && d <= (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]!);
}
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

type Add = (check: string, message: string, line?: number) => void;

function collector(): { findings: LintFinding[]; add: Add } {
  const findings: LintFinding[] = [];
  return { findings, add: (check, message, line) => findings.push({ check, message, ...(line ? { line } : {}) }) };
}

/**
 * The checks of a feed as bytes (`build`'s files, what is sent): those only bytes can fail (a fold
 * inside a multi-byte character, invalid UTF-8), then lintFeedText on the decoded text.
 */
export function lintFeed(bytes: Buffer): LintFinding[] {
  const split: LintFinding[] = [];
  // A fold inside a multi-byte character leaves a continuation byte at the start of the next
  // line (Outlook then shows garbage for æøå); look for that before decoding, which would fail.
  for (let i = bytes.indexOf(FOLD); i >= 0 && i + 3 < bytes.length; i = bytes.indexOf(FOLD, i + 1)) {
    if ((bytes[i + 3]! & 0xc0) === 0x80)
      split.push({ check: 'utf8-fold', message: 'a fold splits a UTF-8 character', line: lineAt(bytes, i) + 1 });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return [...split, { check: 'utf8', message: 'the feed is not valid UTF-8' }];
  }
  return [...split, ...lintFeedText(text)];
}

/** A UTF-16 surrogate without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The checks of a feed's text: the one parse of its lines and components, which loads run on the
 * combined feed while it is still a string. A string always encodes to valid UTF-8, and a fold in
 * it can only split a character by splitting a surrogate pair (each half is then written as
 * U+FFFD), which is looked for here; decoded bytes never hold one.
 */
export function lintFeedText(text: string): LintFinding[] {
  const { findings, add } = collector();
  const lone = LONE_SURROGATE.exec(text);
  if (lone) add('utf8-fold', 'a fold splits a character (half a surrogate pair)', lineAt(text, lone.index));
  if (!text.endsWith('\r\n')) add('crlf', 'the feed does not end with CRLF');
  // Bare CR or LF, and control characters, are looked for in the whole text first: lines are
  // visited one by one only when there is one to place.
  const bare = /[\r\n]/;
  const physical = text.endsWith('\r\n') ? text.slice(0, -2) : text;
  const anyBare = BARE_LINE_END.test(physical);
  const anyControl = CONTROL_CHARS.test(text);

  // One pass: each physical line is checked, unfolded into its logical line, and parsed into a
  // tree of components. A VEVENT is checked at its END and not kept: keeping the whole tree of a
  // large feed until the end made most of the lint's time garbage collection (issue 10).
  const roots: Block[] = [];
  const stack: Block[] = [];
  const masters = new Map<string, Property>();
  const overrides: { uid: string; rid: Property }[] = [];
  /** TZIDs used before any VTIMEZONE declared them, checked once all are read. */
  const undeclared: { tzid: string; line: number }[] = [];
  /** The VTIMEZONEs read so far (the final list is the calendar's, below). */
  const declared = new Map<string, Block>();
  /**
   * What the events' checks find, kept apart: they count only for a feed that turns out to be one
   * calendar (with two, one-vcalendar is the finding, and the events' UIDs all repeat).
   */
  const { findings: eventFindings, add: addForEvent } = collector();
  const events = { add: addForEvent, zones: declared, undeclared, masters, overrides };
  const readLogical = (t: string, line: number) => {
    const p = parseProperty(t, line);
    if (!p) {
      add('syntax', `not a content line: ${t.slice(0, 60)}`, line);
      return;
    }
    if (!KNOWN.has(p.name) && !p.name.startsWith('X-'))
      add('known-properties', `${p.name} is not an RFC 5545/7986 property`, line);
    else if (p.name.startsWith('X-') && !KNOWN.has(p.name))
      add('known-properties', `${p.name} is not a known X- property`, line);
    if (p.name === 'BEGIN') {
      const b: Block = { kind: p.value, props: [], children: [] };
      const parent = stack.at(-1);
      // Events are checked at their END (below), so a calendar does not hold on to them.
      if (!parent) roots.push(b);
      else if (!(b.kind === 'VEVENT' && stack.length === 1 && parent.kind === 'VCALENDAR')) parent.children.push(b);
      stack.push(b);
    } else if (p.name === 'END') {
      const closed = stack.at(-1);
      if (closed?.kind !== p.value) add('structure', `END:${p.value} closes ${closed?.kind ?? 'nothing'}`, line);
      stack.pop();
      // Events of a top-level calendar.
      const inCalendar = stack.length === 1 && stack[0]!.kind === 'VCALENDAR';
      if (closed?.kind === 'VEVENT' && inCalendar) checkEvent(closed, events);
      else if (closed?.kind === 'VTIMEZONE' && inCalendar)
        declared.set(closed.props.find((q) => q.name === 'TZID')?.value ?? '', closed);
    } else if (!stack.length) add('structure', `${p.name} outside any component`, line);
    else stack.at(-1)!.props.push(p);
    if (DATES.has(p.name) && !validDates(p.value, p.params.get('VALUE') === 'DATE'))
      add(
        'date-values',
        `${p.name} is not a ${p.params.get('VALUE') ?? 'DATE-TIME'} with a 4-digit year: ${p.value}`,
        line,
      );
    if (p.name === 'RRULE' && p.value.includes('UNTIL=') && !validDate(/UNTIL=([^;]*)/.exec(p.value)![1]!, false))
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
  };

  let logical = '';
  let logicalLine = 0;
  let lineNo = 0;
  for (let from = 0; from <= physical.length;) {
    let to = physical.indexOf('\r\n', from);
    if (to < 0) to = physical.length;
    const l = physical.slice(from, to);
    from = to + 2;
    lineNo++;
    if (anyBare && bare.test(l)) add('crlf', 'a line ends with a bare LF or CR instead of CRLF', lineNo);
    // RFC 5545 §3.1 allows no CONTROL character but HTAB; libical marks the calendar broken.
    if (anyControl && CONTROL_CHARS.test(l)) add('control-chars', 'a line holds a control character', lineNo);
    // At most 3 octets per UTF-16 unit: a line of 25 units or fewer is within 75 octets.
    const octets = l.length > 25 ? Buffer.byteLength(l, 'utf8') : 0;
    if (octets > 75) add('fold-75', `line is ${octets} octets; fold at 75 (RFC 5545 §3.1)`, lineNo);
    const first = l.charCodeAt(0);
    if ((first === 0x20 || first === 0x09) && logicalLine > 0) logical += l.slice(1);
    else {
      if (logicalLine > 0) readLogical(logical, logicalLine);
      logical = l;
      logicalLine = lineNo;
    }
  }
  if (logicalLine > 0) readLogical(logical, logicalLine);

  if (stack.length) add('structure', `${stack.map((b) => b.kind).join('/')} is not closed`);
  // An event left open is still an event of the calendar.
  if (stack[0]?.kind === 'VCALENDAR' && stack[1]?.kind === 'VEVENT') checkEvent(stack[1], events);
  if (roots.length !== 1 || roots[0]!.kind !== 'VCALENDAR') {
    add('one-vcalendar', `expected exactly one VCALENDAR, found ${roots.map((r) => r.kind).join(', ') || 'none'}`);
    return findings;
  }
  for (const f of eventFindings) findings.push(f);
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
  for (const { tzid, line } of undeclared)
    if (!zones.has(tzid))
      add('vtimezone-declared', `TZID=${tzid} has no VTIMEZONE in the feed (Outlook shows it as floating time)`, line);

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

interface EventContext {
  add: Add;
  zones: ReadonlyMap<string, Block>;
  undeclared: { tzid: string; line: number }[];
  masters: Map<string, Property>;
  overrides: { uid: string; rid: Property }[];
}

/** The checks of one VEVENT, in one pass over its properties. */
function checkEvent(ev: Block, { add, zones, undeclared, masters, overrides }: EventContext): void {
  let uidProp: Property | undefined;
  let start: Property | undefined;
  let starts = 0;
  let stamps = 0;
  let end: Property | undefined;
  let rid: Property | undefined;
  const exdates: Property[] = [];
  for (const p of ev.props) {
    if (p.name === 'UID') uidProp ??= p;
    else if (p.name === 'DTSTART') {
      starts++;
      start ??= p;
    } else if (p.name === 'DTSTAMP') stamps++;
    else if (p.name === 'DTEND') end ??= p;
    else if (p.name === 'RECURRENCE-ID') rid ??= p;
    else if (p.name === 'EXDATE') exdates.push(p);
  }
  const uid = uidProp?.value;
  const where = start?.line ?? uidProp?.line;
  if (!uid) add('uid', 'a VEVENT has no UID', where);
  if (starts !== 1) add('one-dtstart', `VEVENT ${uid} has ${starts} DTSTART lines`, where);
  if (stamps !== 1) add('utc-stamps', `VEVENT ${uid} needs exactly one DTSTAMP`, where);
  for (const p of ev.props) {
    if ((p.name === 'DTSTAMP' || p.name === 'LAST-MODIFIED' || p.name === 'CREATED') && !UTC_STAMP.test(p.value))
      add('utc-stamps', `${p.name} must be UTC (…Z): ${p.value}`, p.line);
    if (
      p.name === 'RRULE' &&
      p.value.includes('UNTIL=') &&
      !/UNTIL=\d{8}T\d{6}Z(;|$)/.test(p.value) &&
      start?.params.has('TZID')
    )
      add('utc-stamps', `UNTIL must be UTC when DTSTART has a TZID: ${p.value}`, p.line);
    if (p.name === 'RDATE')
      add('no-rdate', 'RDATE: Outlook strips its time or rejects the event; use overrides', p.line);
    const tzid = p.params.get('TZID');
    if (tzid !== undefined && !zones.has(tzid)) undeclared.push({ tzid, line: p.line });
    if (
      (p.name === 'DTSTART' || p.name === 'DTEND' || p.name === 'RECURRENCE-ID' || p.name === 'EXDATE') &&
      tzid === undefined &&
      p.params.get('VALUE') !== 'DATE' &&
      !p.value.endsWith('Z')
    ) {
      add('no-floating', `${p.name} is a floating time: ${p.value}`, p.line);
    }
  }
  if (start && end && start.params.get('VALUE') === 'DATE' && !(end.value > start.value))
    add('all-day-dtend', `all-day DTEND ${end.value} is not after DTSTART ${start.value}`, end.line);
  if (uid && rid) overrides.push({ uid, rid });
  else if (uid && start) {
    if (masters.has(uid)) add('uid-unique', `UID ${uid} is used by two events`, where);
    masters.set(uid, start);
    for (const ex of exdates) {
      if (!sameForm(ex, start))
        add(
          'exdate-form',
          `EXDATE ${ex.value} must have the TZID, value type and local time of DTSTART ${start.value}`,
          ex.line,
        );
    }
  }
}

const UTC_STAMP = /^\d{8}T\d{6}Z$/;
/** A CR not before LF, or an LF not after CR: a line end other than CRLF. */
const BARE_LINE_END = /\r(?!\n)|(?<!\r)\n/;

/** A comma-separated list of dates (one, for all but EXDATE), each valid. */
function validDates(value: string, dateOnly: boolean): boolean {
  return value.includes(',') ? value.split(',').every((v) => validDate(v, dateOnly)) : validDate(value, dateOnly);
}

/** A TEXT value in which every semicolon, comma and backslash is escaped (RFC 5545 §3.3.11). */
function escapedText(value: string): boolean {
  // By character codes: descriptions are most of a feed's text.
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x5c) {
      const next = value.charCodeAt(i + 1); // NaN past the end
      if (!(next === 0x5c || next === 0x3b || next === 0x2c || next === 0x6e || next === 0x4e)) return false;
      i++;
    } else if (c === 0x3b || c === 0x2c) return false;
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

/** The 1-based line of an offset in bytes or text (for a finding only). */
function lineAt(bytes: Buffer | string, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf('\r\n'); i >= 0 && i < offset; i = bytes.indexOf('\r\n', i + 2)) line++;
  return line;
}

/** A content line (RFC 5545 §3.1) as its name, parameters and value, or null when it is not one. */
function parseProperty(line: string, lineNo: number): Property | null {
  // dotAll: a value may hold U+2028/U+2029, which `.` alone does not match (they are text, not line ends).
  const m = /^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^;:,"]*)(?:,(?:"[^"]*"|[^;:,"]*))*)*):(.*)$/s.exec(line);
  if (!m) return null;
  const params = new Map<string, string>();
  for (const pm of m[2]!.matchAll(/;([A-Za-z0-9-]+)=((?:"[^"]*"|[^;:"])*)/g)) params.set(pm[1]!.toUpperCase(), pm[2]!);
  return { name: m[1]!.toUpperCase(), params, value: m[3]!, line: lineNo };
}
