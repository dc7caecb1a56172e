import { parseArgs } from 'node:util';
import { feedSizeWarnings } from '../feeds/feed-size-warnings.js';
import { loadFeeds } from '../feeds/load-feeds.js';
import { explainWindow } from '../ical/render-window.js';
import { PLANNING_YEARS, planningWarnings } from '../planning/planning-checks.js';
import { fileProblem, formatProblem, ScheduleError } from '../schedule-file/schedule-error.js';
import { readFixedNow, readLoadBudget } from '../settings.js';
import { settingsClock } from '../time/clock.js';
import { startDate } from './command-dates.js';
import { usage, type CommandContext } from './command.js';
import { formatProblems, PROBLEM_FORMATS, type ProblemFormat } from './problem-annotations.js';

/** `nedetid check`: the schedule as the service would load it, and the planning warnings. */
export async function check(args: string[], { io, defaultConfig }: CommandContext): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      explain: { type: 'boolean', default: false },
      years: { type: 'string' },
      'holiday-years': { type: 'string' },
      from: { type: 'string' },
      format: { type: 'string', default: 'text' },
    },
  });
  if (positionals.length > 1 || (positionals.length === 1 && values.config !== undefined))
    return usage('check reads one schedule: give FILE or --config FILE');
  const file = positionals[0] ?? values.config ?? defaultConfig;
  const format = values.format as ProblemFormat;
  if (!PROBLEM_FORMATS.includes(format))
    return usage(`--format '${values.format}' must be one of ${PROBLEM_FORMATS.join(', ')}`);
  const yearsText = values.years ?? values['holiday-years'] ?? String(PLANNING_YEARS);
  const years = Number(yearsText);
  if (!Number.isInteger(years) || years < 0 || years > 20)
    return usage(`--years '${yearsText}' must be a whole number from 0 to 20`);
  const budgetMs = readLoadBudget();
  let loaded;
  try {
    loaded = await loadFeeds(file, { clock: settingsClock(readFixedNow()) });
    // The service stops a load past its budget and keeps the last good schedule: a file
    // that passes here but takes longer would never be served, so it fails here too.
    if (loaded.ms > budgetMs)
      throw fileProblem(
        file,
        `loading this schedule took ${Math.round(loaded.ms)} ms here; the service stops a load after ${budgetMs} ms (NEDETID_LOAD_BUDGET_MS) and would keep serving the last good one: make it cheaper (fewer windows, shorter rules, fewer freeze periods) or raise the budget`,
      );
  } catch (err) {
    if (!(err instanceof ScheduleError) || format === 'text') throw err;
    io.out(formatProblems(err.problems, format));
    io.err(err.summary() + '\n');
    return 1;
  }
  const { feeds, warnings, positions } = loaded;
  const schedule = feeds.schedule;
  const start = startDate(values.from, schedule.calendar.timezone);
  if (!start) return usage(`--from '${values.from}' must be a date such as 2026-01-01`);
  const all = [
    ...warnings,
    ...planningWarnings({ schedule, warnings, positions }, start, years),
    ...feedSizeWarnings(feeds, positions),
  ];
  const freezes = schedule.freezes?.length;
  const frozen = freezes ? `, ${freezes} freeze${freezes === 1 ? '' : 's'}` : '';
  const summary = `${file}: ok: ${schedule.windows.length} windows, ${schedule.announcements.length} announced${frozen}, ${schedule.systems.length} systems, ${schedule.providers.length} providers, ${feeds.feeds.length} feeds\n`;
  if (format === 'text') for (const w of all) io.err(formatProblem(w) + '\n');
  else io.out(formatProblems(all, format));
  if (values.explain) {
    for (const w of schedule.windows) io.out(`${w.id}: ${explainWindow(w, schedule, feeds.month)}\n`);
  }
  (format === 'gitlab' ? io.err : io.out)(summary);
  return 0;
}
