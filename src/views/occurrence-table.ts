import type { DateTime } from 'luxon';
import type { Schedule } from '../schedule/schedule.js';
import type { FreezeOccurrence, Occurrence } from '../occurrences/occurrence.js';
import { dayText, spanTimes } from './occurrence-span.js';

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
    const systems = o.window.allSystems ? 'all systems' : o.window.systems.join(', ');
    const flags = [
      o.window.status === 'tentative' ? 'tentative' : '',
      o.movedFrom ? `moved from ${o.movedFrom.toISODate()}` : '',
      o.cancelled ? 'cancelled' : '',
      o.holiday ? `on ${o.holiday}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return [...when(o, zone), o.window.title, systems, flags];
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
    ...when(o, zone),
    o.freeze.title,
    o.freeze.allSystems ? 'all systems' : o.freeze.systems.join(', '),
    o.freeze.id,
  ]);
  return `${header}\n${tableLines(rows)}\n`;
}

/**
 * When, in the calendar's zone, as two columns: "Fri 2024-12-23", "00:00–2025-01-03 00:00";
 * "Fri 2027-03-26", "all day to 2027-03-28".
 */
function when(o: Pick<Occurrence, 'start' | 'end' | 'allDay'>, zone: string): string[] {
  return [dayText(o.start.setZone(zone), 'iso'), spanTimes(o, zone, 'iso')];
}

/** Rows as aligned columns (the last one as it is). */
function tableLines(rows: string[][]): string {
  const last = rows[0]!.length - 1;
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) =>
    r
      .map((c, i) => (i < last ? c.padEnd(widths[i]!) : c))
      .join('  ')
      .trimEnd(),
  );
  return lines.join('\n');
}
