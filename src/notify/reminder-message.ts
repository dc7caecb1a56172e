import type { Schedule } from '../schedule/schedule.js';
import type { Lead, Reminder } from './due-reminders.js';
import { occurrenceSystems, webhookMessage, type MessageFormat } from './webhook-message.js';
import { spanText } from '../views/occurrence-span.js';
import { TEXTS } from '../views/texts.js';

const TITLE = 'Påminnelse om planlagt nedetid';

const UNITS = [
  ['weeks', 'uke', 'uker'],
  ['days', 'dag', 'dager'],
  ['hours', 'time', 'timer'],
  ['minutes', 'minutt', 'minutter'],
] as const;

/** "om 1 dag", "om 2 uker", "om 1 time og 30 minutter": the lead as staff say it. */
export function leadWords(lead: Lead): string {
  const parts = UNITS.filter(([unit]) => lead.duration[unit] > 0).map(
    ([unit, one, many]) => `${lead.duration[unit]} ${lead.duration[unit] === 1 ? one : many}`,
  );
  return `om ${parts.length > 1 ? `${parts.slice(0, -1).join(', ')} og ${parts.at(-1)}` : parts[0]}`;
}

/** "Om 1 dag: Månedlig vedlikehold … – ons. 27. jan. 2027 16:00–19:00 (flyttet fra ons. 20. jan.). Berører: …" */
export function reminderLine(r: Reminder, schedule: Schedule): string {
  const o = r.occurrence;
  const words = leadWords(r.lead);
  const moved = o.movedFrom ? ` (flyttet fra ${o.movedFrom.setLocale('nb').toFormat('ccc d. LLL')})` : '';
  const note = o.note ? ` ${o.note}.` : '';
  return `${words[0]!.toUpperCase()}${words.slice(1)}: ${o.window.title} – ${spanText(o, schedule.calendar.timezone, TEXTS.nb, 'short')}${moved}.${note} Berører: ${occurrenceSystems(o, schedule)}.`;
}

/** `remind`'s one message: every reminder due in the run, for Teams or Slack. */
export function reminderMessage(due: Reminder[], schedule: Schedule, format: MessageFormat, pageUrl?: string): object {
  const lines = due.map((r) => reminderLine(r, schedule));
  const summary = due.length === 1 ? `${TITLE}: ${due[0]!.occurrence.window.title}` : `${TITLE}: ${due.length} vinduer`;
  return webhookMessage({ title: TITLE, summary, lines, pageUrl }, format);
}
