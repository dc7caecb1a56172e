import { DateTime } from 'luxon';
import { cachedZone, type CachedZone } from '../time/cached-zone.js';

/**
 * A VTIMEZONE in the one shape Outlook reads: one STANDARD and one DAYLIGHT block, each a
 * yearly rule from 1970 (calendar-clients.md; lists of RDATEs shift events). The rule is read
 * off the zone's transitions in a reference year and must predict every year in `years`;
 * otherwise the zone changed its rules inside the schedule's span and no such block is true.
 */
export function buildVTimezone(zone: string, years: { first: number; last: number }): string[] {
  const tz = cachedZone(zone);
  const ref = years.first;
  const transitions = tz.transitions(ref);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  if (transitions.length === 0) {
    const offset = offsetText(tz.offset(Date.UTC(ref, 0, 1)));
    for (let y = years.first; y <= years.last; y++) {
      if (tz.transitions(y).length > 0) throw new Error(`time zone ${zone} has DST in ${y} but not in ${ref}`);
    }
    lines.push(
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      `TZOFFSETFROM:${offset}`,
      `TZOFFSETTO:${offset}`,
      'END:STANDARD',
    );
  } else {
    if (transitions.length !== 2)
      throw new Error(`time zone ${zone} has ${transitions.length} changes in ${ref}; Outlook takes one DST pair`);
    const actual = new Map<number, number[]>();
    for (let y = years.first; y <= years.last; y++) actual.set(y, tz.transitions(y));
    const rules = transitions.map((t, i) => {
      const rule = rulesOf(tz, DateTime.fromMillis(t, { zone: 'utc' })).find((r) =>
        [...actual].every(([y, a]) => a.length === 2 && a[i] === r.at(y)),
      );
      if (!rule)
        throw new Error(
          `time zone ${zone} changed its DST rules within ${years.first}–${years.last}; one yearly rule can not describe it`,
        );
      return rule;
    });
    for (const r of [...rules].sort((a, b) => (a.kind < b.kind ? 1 : -1))) lines.push(...r.lines);
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** The yearly rules that match one transition: the nth weekday and, in a month's last week, "last". */
function rulesOf(tz: CachedZone, transition: DateTime) {
  const before = tz.offset(transition.toMillis() - 60_000);
  const after = tz.offset(transition.toMillis());
  // DTSTART of an observance is the local time of the change in the offset in force before it.
  const local = transition.plus({ minutes: before });
  const daysInMonth = local.daysInMonth!;
  const weekday = local.weekday; // 1 = Monday
  // "Last" first: EU and most zones define their changes that way.
  const candidates = [...(local.day + 7 > daysInMonth ? [-1] : []), Math.ceil(local.day / 7)];
  const kind = after > before ? 'DAYLIGHT' : 'STANDARD';
  const month = local.month;
  const hm = { hour: local.hour, minute: local.minute };
  const at = (n: number) => (year: number) => {
    const first = DateTime.fromObject({ year, month, day: 1, ...hm }, { zone: 'utc' });
    let day: DateTime;
    if (n > 0) day = first.plus({ days: ((weekday - first.weekday + 7) % 7) + 7 * (n - 1) });
    else {
      const last = first.endOf('month').startOf('day').set(hm);
      day = last.minus({ days: (last.weekday - weekday + 7) % 7 });
    }
    return day.minus({ minutes: before }).toMillis();
  };
  return candidates.map((n) => ({
    kind,
    at: at(n),
    lines: [
      `BEGIN:${kind}`,
      `DTSTART:${DateTime.fromMillis(at(n)(1970) + before * 60_000, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss")}`,
      `TZOFFSETFROM:${offsetText(before)}`,
      `TZOFFSETTO:${offsetText(after)}`,
      `RRULE:FREQ=YEARLY;BYMONTH=${month};BYDAY=${n}${DAYS[weekday - 1]}`,
      `END:${kind}`,
    ],
  }));
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}
