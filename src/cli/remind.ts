import { parseArgs } from 'node:util';
import type { DateTime } from 'luxon';
import type { Lead, Reminder } from '../notify/due-reminders.js';
import { loadSchedule } from '../schedule-file/load-schedule.js';
import type { Window } from '../schedule/schedule.js';
import { nowIn } from './command-dates.js';
import { usage, type CommandContext } from './command.js';
import { selectedSystems } from './selected-systems.js';
import { postedLine, postMessage, webhookTarget } from './webhook-post.js';

/** `--before` values: a reminder plan needs two or three (P7D, P1D, PT1H). */
const MAX_LEADS = 10;

/**
 * `nedetid remind`: the occurrences whose reminder falls in the period this run covers, posted as
 * one message; what was posted and what was skipped (cancelled) is printed by window id and time.
 */
export async function remind(args: string[], { io, defaultConfig }: CommandContext): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string' },
      before: { type: 'string', multiple: true },
      every: { type: 'string' },
      webhook: { type: 'string' },
      format: { type: 'string' },
      'page-url': { type: 'string' },
      audience: { type: 'string', multiple: true },
      system: { type: 'string', multiple: true },
    },
  });
  const { dueReminders, parseEvery, parseLead } = await import('../notify/due-reminders.js');
  if (!values.before?.length) return usage('remind needs --before, such as --before P1D');
  if (values.before.length > MAX_LEADS)
    return usage(`--before is given ${values.before.length} times; at most ${MAX_LEADS} reminders per occurrence`);
  const leads: Lead[] = [];
  for (const text of values.before) {
    const lead = parseLead(text);
    if (!lead)
      return usage(
        `--before '${text}' must be a duration in weeks, days, hours or minutes up to a year, such as P7D, P1D or PT1H`,
      );
    if (!leads.some((l) => l.duration.toMillis() === lead.duration.toMillis())) leads.push(lead);
  }
  if (!values.every) return usage('remind needs --every, how often it runs, such as --every PT15M');
  const every = parseEvery(values.every);
  if (every === null)
    return usage(`--every '${values.every}' must be minutes that divide a day, such as PT15M, PT1H or P1D`);
  const target = webhookTarget('remind', values);
  if (typeof target === 'string') return usage(target);
  const { schedule, index } = await loadSchedule(values.config ?? defaultConfig);
  const zone = schedule.calendar.timezone;
  // --audience and --system: each municipality's channel is reminded of what its feed shows.
  let include: ((w: Window) => boolean) | undefined;
  if (values.system !== undefined || values.audience !== undefined) {
    const selected = selectedSystems(index, values.system, values.audience);
    if (typeof selected === 'string') return usage(selected);
    include = (w) => index.windowFor(w, selected) !== undefined;
  }
  const { from, to, due, cancelled } = dueReminders(schedule, nowIn(zone), every, leads, include);
  const at = (d: DateTime) => d.setZone(zone).toFormat('yyyy-MM-dd HH:mm');
  const about = (r: Reminder) => {
    const o = r.occurrence;
    const moved = o.movedFrom ? ` (moved from ${o.movedFrom.toFormat('yyyy-MM-dd')})` : '';
    return `${r.lead.text} before ${o.window.id} at ${at(o.start)}${moved}`;
  };
  io.out(`covering reminders due after ${at(from)} up to ${at(to)} (${zone})\n`);
  for (const r of cancelled) io.out(`skipped (cancelled): ${about(r)}\n`);
  if (due.length === 0) {
    io.out('nothing to remind of in this period\n');
    return 0;
  }
  const { reminderMessage } = await import('../notify/reminder-message.js');
  const tries = await postMessage(
    'remind',
    target.url,
    reminderMessage(due, schedule, target.format, target.pageUrl),
    io,
  );
  if (tries === null) return 1;
  for (const r of due) io.out(`reminded: ${about(r)}\n`);
  io.out(postedLine(due.length, 'reminder', target.format, tries));
  return 0;
}
