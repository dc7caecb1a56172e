import type { DateTime } from 'luxon';
import type { Schedule } from '../schedule/schedule.js';
import type { FreezeOccurrence, Occurrence } from '../occurrences/occurrence.js';

/** `nedetid upcoming`: one line per occurrence, local time of the calendar's zone. */
export function formatOccurrenceTable(
  occurrences: Occurrence[],
  schedule: Schedule,
  from: DateTime,
  days: number,
): string {
  const zone = schedule.calendar.timezone;
  const header = `Planned downtime ${from.toISODate()} + ${days} day${days === 1 ? '' : 's'} (${zone})`;
  if (occurrences.length === 0) return `${header}\nnothing planned\n`;
  const rows = occurrences.map((o) => {
    const when = whenCell(o, zone);
    const systems = o.window.allSystems ? 'all systems' : o.window.systems.join(', ');
    const flags = [
      o.window.status === 'tentative' ? 'tentative' : '',
      o.movedFrom ? `moved from ${o.movedFrom.toISODate()}` : '',
      o.cancelled ? 'cancelled' : '',
      o.holiday ? `on ${o.holiday}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return [when, o.window.title, systems, flags];
  });
  return `${header}\n${tableLines(rows)}\n`;
}

/** `nedetid upcoming --freezes`: one line per freeze period, as the occurrences are listed. */
export function formatFreezeTable(
  periods: FreezeOccurrence[],
  schedule: Schedule,
  from: DateTime,
  days: number,
): string {
  const zone = schedule.calendar.timezone;
  const header = `Freeze periods ${from.toISODate()} + ${days} day${days === 1 ? '' : 's'} (${zone})`;
  if (periods.length === 0) return `${header}\nno freeze\n`;
  const rows = periods.map((o) => [
    whenCell(o, zone),
    o.freeze.title,
    o.freeze.allSystems ? 'all systems' : o.freeze.systems.join(', '),
    o.freeze.id,
  ]);
  return `${header}\n${tableLines(rows)}\n`;
}

/** When a period is, in the calendar's zone: "Fri 2024-12-23  00:00–2025-01-03 00:00", "Fri 2027-03-26  all day to 2027-03-28". */
function whenCell(o: Pick<Occurrence, 'start' | 'end' | 'allDay'>, zone: string): string {
  const s = o.start.setZone(zone);
  const e = o.end.setZone(zone);
  return o.allDay
    ? `${s.toFormat('ccc yyyy-MM-dd')}  all day${o.end.diff(o.start, 'days').days > 1 ? ` to ${e.minus({ days: 1 }).toISODate()}` : ''}`
    : `${s.toFormat('ccc yyyy-MM-dd  HH:mm')}–${e.hasSame(s, 'day') ? e.toFormat('HH:mm') : e.toFormat('yyyy-MM-dd HH:mm')}`;
}

/** Rows as aligned columns (the last one as it is). */
function tableLines(rows: string[][]): string {
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) =>
    r
      .map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c))
      .join('  ')
      .trimEnd(),
  );
  return lines.join('\n');
}
