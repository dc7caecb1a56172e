import type { ChangeKind, OccurrenceChange, ScheduleDiff } from '../diff/schedule-diff.js';
import type { Occurrence } from '../occurrences/occurrence.js';
import type { Schedule } from '../schedule/schedule.js';

export type MessageFormat = 'teams' | 'slack';
export const MESSAGE_FORMATS: readonly MessageFormat[] = ['teams', 'slack'];

/** What staff read in the channel, in bokmål like the feeds. */
const KIND: Record<ChangeKind, string> = {
  added: 'Ny',
  removed: 'Fjernet',
  moved: 'Flyttet',
  cancelled: 'Avlyst',
  restored: 'Gjennomføres likevel',
  changed: 'Endret',
};

function when(o: Occurrence, zone: string): string {
  const s = o.start.setZone(zone).setLocale('nb');
  const e = o.end.setZone(zone);
  const day = s.toFormat('ccc d. LLL yyyy');
  if (o.allDay) return `${day}, hele dagen`;
  return `${day} ${s.toFormat('HH:mm')}–${e.hasSame(s, 'day') ? e.toFormat('HH:mm') : e.setLocale('nb').toFormat('d. LLL HH:mm')}`;
}

/** One line per change: "Flyttet: Månedlig vedlikehold … – ons. 27. jan. 2027 16:00–19:00 (var …). Berører: …" */
export function changeLines(diff: ScheduleDiff, schedule: Schedule): string[] {
  const zone = diff.timezone;
  // A removed occurrence may name systems the new schedule no longer has: then its id.
  const names = new Map(schedule.systems.map((sys) => [sys.id, sys.name]));
  return diff.changes.map((c: OccurrenceChange) => {
    const o = (c.after ?? c.before)!;
    const systems = o.window.allSystems
      ? 'alle systemer'
      : o.window.systems.map((id) => names.get(id) ?? id).join(', ');
    const was = c.kind === 'moved' ? ` (var ${when(c.before!, zone)})` : '';
    const note = c.kind === 'cancelled' && c.after?.note ? ` ${c.after.note}.` : '';
    const freeze = c.freeze ? ` I frysperioden «${c.freeze.title}», godkjent: ${c.freeze.reason}.` : '';
    return `${KIND[c.kind]}: ${o.window.title} – ${when(o, zone)}${was}.${note}${freeze} Berører: ${systems}.`;
  });
}

const TITLE = 'Endringer i planlagt nedetid';

/**
 * One message for a Microsoft Teams Workflows webhook (an Adaptive Card in a `message`
 * envelope; the retired Office 365 connectors took MessageCard, Workflows take this) or, with
 * `slack`, Slack's incoming-webhook JSON (`text` plus mrkdwn blocks, also read by Mattermost).
 */
export function changeMessage(diff: ScheduleDiff, schedule: Schedule, format: MessageFormat, pageUrl?: string): object {
  const lines = changeLines(diff, schedule);
  if (format === 'slack') {
    return {
      text: `${TITLE}: ${lines.length} endring${lines.length === 1 ? '' : 'er'}`,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: TITLE } },
        { type: 'section', text: { type: 'mrkdwn', text: lines.map((l) => `• ${l}`).join('\n') } },
        ...(pageUrl
          ? [{ type: 'section', text: { type: 'mrkdwn', text: `<${pageUrl}|Se all planlagt nedetid>` } }]
          : []),
      ],
    };
  }
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', size: 'Medium', weight: 'Bolder', text: TITLE, wrap: true },
            ...lines.map((l) => ({ type: 'TextBlock', text: l, wrap: true })),
          ],
          ...(pageUrl ? { actions: [{ type: 'Action.OpenUrl', title: 'Se all planlagt nedetid', url: pageUrl }] } : {}),
        },
      },
    ],
  };
}
