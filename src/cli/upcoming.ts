import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { expandFreezes, expandSelected } from '../occurrences/expand-window.js';
import { loadSchedule } from '../schedule-file/load-schedule.js';
import { FIRST_YEAR, LAST_YEAR } from '../schedule-file/schedule-limits.js';
import { FREEZE_DAYS, UPCOMING_DAYS } from '../views/horizons.js';
import { formatFreezeTable, formatOccurrenceTable } from '../views/occurrence-table.js';
import { freezesJson, occurrencesJson } from '../views/occurrences-json.js';
import { nowIn } from './command-dates.js';
import { usage, type CommandContext } from './command.js';
import { selectedSystems } from './selected-systems.js';

/** `nedetid upcoming`: the next occurrences (or freeze periods) as the page lists them. */
export async function upcoming(args: string[], { io, defaultConfig }: CommandContext): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string' },
      days: { type: 'string' },
      system: { type: 'string', multiple: true },
      audience: { type: 'string', multiple: true },
      from: { type: 'string' },
      json: { type: 'boolean', default: false },
      freezes: { type: 'boolean', default: false },
    },
  });
  const days = Number(values.days ?? (values.freezes ? FREEZE_DAYS : UPCOMING_DAYS));
  if (!Number.isInteger(days) || days < 1 || days > 3660)
    return usage(`--days '${values.days}' must be a whole number from 1 to 3660`);
  const { schedule, index } = await loadSchedule(values.config ?? defaultConfig);
  const zone = schedule.calendar.timezone;
  const systems = selectedSystems(index, values.system, values.audience);
  if (typeof systems === 'string') return usage(systems);
  const start = values.from ? DateTime.fromISO(values.from, { zone }) : nowIn(zone);
  if (!start.isValid || start.year < FIRST_YEAR || start.year > LAST_YEAR)
    return usage(`--from '${values.from}' must be a date from ${FIRST_YEAR} to ${LAST_YEAR} such as 2022-01-01`);
  const end = start.plus({ days });
  if (values.freezes) {
    // The freezes on any of the systems asked for (systems: all is on every one).
    const periods = expandFreezes(schedule, start, end).filter(
      (o) => systems.length === 0 || o.freeze.allSystems || o.freeze.systems.some((s) => systems.includes(s)),
    );
    if (values.json) io.out(JSON.stringify(freezesJson(schedule, start, end, periods), null, 2) + '\n');
    else io.out(formatFreezeTable(periods, schedule, start, days));
    return 0;
  }
  const occurrences = expandSelected(index, start, end, systems);
  if (values.json) io.out(JSON.stringify(occurrencesJson(schedule, start, end, occurrences), null, 2) + '\n');
  else io.out(formatOccurrenceTable(occurrences, schedule, start, days));
  return 0;
}
