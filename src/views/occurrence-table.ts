import type { DateTime } from 'luxon';
import type { Schedule } from '../schedule/schedule.js';
import type { Occurrence } from '../occurrences/occurrence.js';

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
    const s = o.start.setZone(zone);
    const e = o.end.setZone(zone);
    const when = o.allDay
      ? `${s.toFormat('ccc yyyy-MM-dd')}  all day${o.end.diff(o.start, 'days').days > 1 ? ` to ${e.minus({ days: 1 }).toISODate()}` : ''}`
      : `${s.toFormat('ccc yyyy-MM-dd  HH:mm')}–${e.hasSame(s, 'day') ? e.toFormat('HH:mm') : e.toFormat('yyyy-MM-dd HH:mm')}`;
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
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) =>
    r
      .map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c))
      .join('  ')
      .trimEnd(),
  );
  return `${header}\n${lines.join('\n')}\n`;
}
