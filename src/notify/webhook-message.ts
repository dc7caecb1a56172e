import type { Occurrence } from '../occurrences/occurrence.js';
import type { Schedule } from '../schedule/schedule.js';

export type MessageFormat = 'teams' | 'slack';
export const MESSAGE_FORMATS: readonly MessageFormat[] = ['teams', 'slack'];

/** What a message says: our own heading, a short summary, one line per occurrence, a link. */
export interface MessageParts {
  title: string;
  summary: string;
  lines: string[];
  pageUrl?: string;
}

const PAGE_LINK = 'Se all planlagt nedetid';

/**
 * Slack's three control characters, escaped as Slack asks ("Escaping text"): a window title with
 * `<!channel>` would otherwise ping the channel, and `<https://evil.example|Logg inn>` would show
 * a link whose text hides where it goes. Mattermost reads the same.
 */
export function slackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * One message for a Microsoft Teams Workflows webhook (an Adaptive Card in a `message`
 * envelope; the retired Office 365 connectors took MessageCard, Workflows take this) or, with
 * `slack`, Slack's incoming-webhook JSON (`text` plus mrkdwn blocks, also read by Mattermost).
 *
 * Text from the schedule is never read as markup: in Slack it is escaped; in Teams each line is
 * a TextRun, which Adaptive Cards show as written (a TextBlock would turn `[Logg inn](https://…)`
 * into a link; TextRun does not support Markdown).
 */
export function webhookMessage(parts: MessageParts, format: MessageFormat): object {
  const { title, summary, lines, pageUrl } = parts;
  if (format === 'slack') {
    return {
      text: slackText(summary),
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: title } },
        { type: 'section', text: { type: 'mrkdwn', text: lines.map((l) => `• ${slackText(l)}`).join('\n') } },
        ...(pageUrl
          ? [{ type: 'section', text: { type: 'mrkdwn', text: `<${slackText(pageUrl)}|${PAGE_LINK}>` } }]
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
            { type: 'TextBlock', size: 'Medium', weight: 'Bolder', text: title, wrap: true },
            ...lines.map((l) => ({ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: l }] })),
          ],
          ...(pageUrl ? { actions: [{ type: 'Action.OpenUrl', title: PAGE_LINK, url: pageUrl }] } : {}),
        },
      },
    ],
  };
}

/** "ons. 20. jan. 2027 16:00–19:00", "… hele dagen": what staff read, in bokmål like the feeds. */
export function occurrenceWhen(o: Occurrence, zone: string): string {
  const s = o.start.setZone(zone).setLocale('nb');
  const e = o.end.setZone(zone);
  const day = s.toFormat('ccc d. LLL yyyy');
  if (o.allDay) return `${day}, hele dagen`;
  return `${day} ${s.toFormat('HH:mm')}–${e.hasSame(s, 'day') ? e.toFormat('HH:mm') : e.setLocale('nb').toFormat('d. LLL HH:mm')}`;
}

/** The systems an occurrence touches, by name; one the schedule no longer has, by its id. */
export function occurrenceSystems(o: Occurrence, schedule: Schedule): string {
  if (o.window.allSystems) return 'alle systemer';
  const names = new Map(schedule.systems.map((sys) => [sys.id, sys.name]));
  return o.window.systems.map((id) => names.get(id) ?? id).join(', ');
}
