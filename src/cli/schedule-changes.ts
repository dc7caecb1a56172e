import { parseArgs } from 'node:util';
import { readFixedNow } from '../settings.js';
import { settingsClock } from '../time/clock.js';
import { nowIn, startDate } from './command-dates.js';
import { usage, type CommandContext } from './command.js';

/** How far ahead `diff` lists changes, and `notify` announces them, unless told. */
const DAYS = { diff: 90, notify: 14 };

/** The options of `diff` and `notify` together: each refuses the other's. */
const OPTIONS = {
  config: { type: 'string' },
  days: { type: 'string' },
  from: { type: 'string' },
  json: { type: 'boolean', default: false },
  fix: { type: 'boolean', default: false },
  format: { type: 'string' },
  webhook: { type: 'string' },
  'page-url': { type: 'string' },
  system: { type: 'string', multiple: true },
  audience: { type: 'string', multiple: true },
} as const;
const FOREIGN = { diff: ['webhook', 'page-url', 'system', 'audience'], notify: ['json', 'fix'] } as const;

/**
 * `diff` and `notify`: the same two schedules (OLD NEW, or REV against the file) and the same
 * changes in the same days; one prints them, the other posts them.
 */
export async function scheduleChanges(command: 'diff' | 'notify', args: string[], { defaultConfig }: CommandContext) {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
  const misplaced = FOREIGN[command].find((k) => values[k] !== undefined && values[k] !== false);
  if (misplaced) return usage(`--${misplaced} is not an option of ${command}`);
  if (positionals.length < 1 || positionals.length > 2)
    return usage(`${command} needs OLD NEW (two schedule files) or REV (a git revision of the schedule)`);
  const days = Number(values.days ?? DAYS[command]);
  if (!Number.isInteger(days) || days < 1 || days > 3660)
    return usage(`--days '${values.days}' must be a whole number from 1 to 3660`);
  // Imported here: `build` and `check` start faster without the diff code.
  const [{ loadVersions }, { diffSchedules }] = await Promise.all([
    import('../diff/schedule-versions.js'),
    import('../diff/schedule-diff.js'),
  ]);
  const clock = settingsClock(readFixedNow());
  const { before, after, afterFile } = await loadVersions(positionals, values.config ?? defaultConfig, clock);
  const start = startDate(values.from, after.schedule.calendar.timezone);
  if (!start) return usage(`--from '${values.from}' must be a date such as 2026-01-01`);
  const now = nowIn(after.schedule.calendar.timezone);
  return { values, days, now, before, after, afterFile, diff: diffSchedules(before, after, start, days, now) };
}
