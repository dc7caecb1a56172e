import type { ChangeKind, OccurrenceChange, ScheduleDiff } from '../diff/schedule-diff.js';
import type { Schedule } from '../schedule/schedule.js';
import { occurrenceSystems, occurrenceWhen, webhookMessage, type MessageFormat } from './webhook-message.js';

/** What staff read in the channel, in bokmål like the feeds. */
const KIND: Record<ChangeKind, string> = {
  added: 'Ny',
  removed: 'Fjernet',
  moved: 'Flyttet',
  cancelled: 'Avlyst',
  restored: 'Gjennomføres likevel',
  changed: 'Endret',
};

/** One line per change: "Flyttet: Månedlig vedlikehold … – ons. 27. jan. 2027 16:00–19:00 (var …). Berører: …" */
export function changeLines(diff: ScheduleDiff, schedule: Schedule): string[] {
  const zone = diff.timezone;
  return diff.changes.map((c: OccurrenceChange) => {
    const o = (c.after ?? c.before)!;
    const was = c.kind === 'moved' ? ` (var ${occurrenceWhen(c.before!, zone)})` : '';
    // Why it was moved or called off ("Flyttet etter ønske fra økonomi"), as the page and diff say.
    const note = (c.kind === 'cancelled' || c.kind === 'moved') && c.after?.note ? ` ${c.after.note}.` : '';
    const freeze = c.freeze ? ` I frysperioden «${c.freeze.title}», godkjent: ${c.freeze.reason}.` : '';
    return `${KIND[c.kind]}: ${o.window.title} – ${occurrenceWhen(o, zone)}${was}.${note}${freeze} Berører: ${occurrenceSystems(o, schedule)}.`;
  });
}

const TITLE = 'Endringer i planlagt nedetid';

/** `notify`'s one message: the changes of the period, for Teams or Slack. */
export function changeMessage(diff: ScheduleDiff, schedule: Schedule, format: MessageFormat, pageUrl?: string): object {
  const lines = changeLines(diff, schedule);
  const summary = `${TITLE}: ${lines.length} endring${lines.length === 1 ? '' : 'er'}`;
  return webhookMessage({ title: TITLE, summary, lines, pageUrl }, format);
}
