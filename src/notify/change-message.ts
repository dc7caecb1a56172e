import type { ChangeKind, OccurrenceChange, ScheduleDiff } from '../diff/schedule-diff.js';
import type { Occurrence } from '../occurrences/occurrence.js';
import type { Schedule } from '../schedule/schedule.js';
import { occurrenceSystems, webhookMessage, type MessageFormat } from './webhook-message.js';
import { spanText } from '../views/occurrence-span.js';
import { TEXTS } from '../views/texts.js';

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
  // When, in bokmål like the feeds: "ons. 20. jan 2027 16:00–19:00".
  const when = (o: Occurrence) => spanText(o, diff.timezone, TEXTS.nb, 'short');
  return diff.changes.map((c: OccurrenceChange) => {
    const o = (c.after ?? c.before)!;
    const was = c.kind === 'moved' ? ` (var ${when(c.before!)})` : '';
    // Why it was moved or called off ("Flyttet etter ønske fra økonomi"), as the page and diff say.
    const note = (c.kind === 'cancelled' || c.kind === 'moved') && c.after?.note ? ` ${c.after.note}.` : '';
    const freeze = c.freeze ? ` I frysperioden «${c.freeze.title}», godkjent: ${c.freeze.reason}.` : '';
    return `${KIND[c.kind]}: ${o.window.title} – ${when(o)}${was}.${note}${freeze} Berører: ${occurrenceSystems(o, schedule)}.`;
  });
}

const TITLE = 'Endringer i planlagt nedetid';

/** `notify`'s one message: the changes of the period, for Teams or Slack. */
export function changeMessage(diff: ScheduleDiff, schedule: Schedule, format: MessageFormat, pageUrl?: string): object {
  const lines = changeLines(diff, schedule);
  const summary = `${TITLE}: ${lines.length} endring${lines.length === 1 ? '' : 'er'}`;
  return webhookMessage({ title: TITLE, summary, lines, pageUrl }, format);
}
