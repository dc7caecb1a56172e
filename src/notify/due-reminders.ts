import { DateTime, Duration } from 'luxon';
import { expandSchedule } from '../occurrences/expand-window.js';
import type { Occurrence } from '../occurrences/occurrence.js';
import type { Schedule, Window } from '../schedule/schedule.js';

/** How long before an occurrence's start a reminder goes out, as written (`P1D`) and as a Duration. */
export interface Lead {
  text: string;
  duration: Duration;
}

/** One reminder: an occurrence and the lead it is due for. */
export interface Reminder {
  occurrence: Occurrence;
  lead: Lead;
}

/** What one run of `remind` covers and finds. */
export interface DueReminders {
  /** The period the run covers: reminders due after `from`, up to and including `to`. */
  from: DateTime;
  to: DateTime;
  /** To post, by the time each is due, then by start. */
  due: Reminder[];
  /** Called off: listed, never posted. */
  cancelled: Reminder[];
}

const LEAD = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;

/** `--before`: weeks, days, hours and minutes (P7D, P1D, PT1H, PT30M), up to a year; null when not. */
export function parseLead(text: string): Lead | null {
  const m = LEAD.exec(text.toUpperCase());
  if (!m || text.length < 3 || text.toUpperCase().endsWith('T')) return null;
  const [weeks, days, hours, minutes] = m.slice(1).map((n) => Number(n ?? 0)) as [number, number, number, number];
  const duration = Duration.fromObject({ weeks, days, hours, minutes });
  const total = duration.as('minutes');
  return total > 0 && total <= 366 * 1440 ? { text: text.toUpperCase(), duration } : null;
}

/**
 * `--every`: whole minutes that divide a day (PT5M, PT15M, PT1H, P1D), so that the periods runs
 * cover tile the clock and a cron schedule can start one run in each; null when not.
 */
export function parseEvery(text: string): number | null {
  const lead = parseLead(text);
  if (!lead || lead.duration.weeks > 0) return null;
  const minutes = lead.duration.as('minutes');
  return Number.isInteger(minutes) && 1440 % minutes === 0 ? minutes : null;
}

/**
 * The reminders one run posts. The run covers the last whole period of `everyMinutes` that has
 * ended at `now`, counted in UTC from 1970 (for PT15M: the quarter hours), so a run that starts a
 * little late covers the same period as one on time, and runs in consecutive periods neither
 * repeat nor miss a reminder. A reminder is due in the period when its occurrence's start minus
 * the lead falls in it, the lead counted on the calendar's clock (P1D before 16:00 is 16:00 the
 * day before, across a clock change too). Nothing is remembered between runs: a period whose run
 * never happened is not made up for.
 *
 * Moved occurrences are found at their new time, as the expansion has them; cancelled ones are
 * returned apart. `include` picks the windows (all by default).
 */
export function dueReminders(
  schedule: Schedule,
  now: DateTime,
  everyMinutes: number,
  leads: Lead[],
  include: (w: Window) => boolean = () => true,
): DueReminders {
  const zone = schedule.calendar.timezone;
  const everyMs = everyMinutes * 60_000;
  const to = DateTime.fromMillis(Math.floor(now.toMillis() / everyMs) * everyMs, { zone });
  const from = to.minus(everyMs);
  const found: Reminder[] = [];
  for (const lead of leads) {
    // A day of margin each side: calendar days are 23 or 25 hours on clock-change days.
    const occurrences = expandSchedule(
      schedule,
      from.plus(lead.duration).minus({ days: 1 }),
      to.plus(lead.duration).plus({ days: 1 }),
      include,
    );
    for (const occurrence of occurrences) {
      const at = occurrence.start.minus(lead.duration);
      if (at > from && at <= to) found.push({ occurrence, lead });
    }
  }
  found.sort((a, b) => dueAt(a) - dueAt(b) || a.occurrence.start.toMillis() - b.occurrence.start.toMillis());
  return {
    from,
    to,
    due: found.filter((r) => !r.occurrence.cancelled),
    cancelled: found.filter((r) => r.occurrence.cancelled),
  };
}

function dueAt(r: Reminder): number {
  return r.occurrence.start.minus(r.lead.duration).toMillis();
}
