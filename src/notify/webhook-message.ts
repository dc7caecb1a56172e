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
  const { title, summary, pageUrl } = parts;
  const lines = boundedLines(parts.lines);
  if (format === 'slack') {
    return {
      text: slackText(summary),
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: title } },
        ...slackSections(lines.map((l) => `• ${slackText(l)}`)).map((text) => ({
          type: 'section',
          text: { type: 'mrkdwn', text },
        })),
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

/**
 * What one message holds at most: Slack refuses a section over 3,000 characters and Teams a card
 * over about 28 KB, so a long freeze-reason or a change of hundreds of occurrences would lose the
 * whole message. The rest is counted and the page (linked below the lines) has it all.
 */
export const MAX_MESSAGE_LINES = 20;
export const MAX_LINE_CHARS = 300;
const SLACK_SECTION_CHARS = 3000;

/** The first MAX_MESSAGE_LINES lines, each cut to MAX_LINE_CHARS, and a line counting the rest. */
function boundedLines(lines: readonly string[]): string[] {
  const cut = (l: string) => ([...l].length > MAX_LINE_CHARS ? `${[...l].slice(0, MAX_LINE_CHARS - 1).join('')}…` : l);
  const shown = lines.slice(0, MAX_MESSAGE_LINES).map(cut);
  const rest = lines.length - shown.length;
  return rest > 0 ? [...shown, `… og ${rest} til: se siden for hele listen.`] : shown;
}

/** Slack lines joined into sections of at most SLACK_SECTION_CHARS each (an escaped line can grow). */
function slackSections(lines: readonly string[]): string[] {
  const sections: string[] = [];
  let current = '';
  for (const line of lines) {
    const piece = line.length > SLACK_SECTION_CHARS ? `${line.slice(0, SLACK_SECTION_CHARS - 1)}…` : line;
    if (current && current.length + 1 + piece.length > SLACK_SECTION_CHARS) {
      sections.push(current);
      current = piece;
    } else current = current ? `${current}\n${piece}` : piece;
  }
  if (current) sections.push(current);
  return sections;
}

/** The systems an occurrence touches, by name; one the schedule no longer has, by its id. */
export function occurrenceSystems(o: Occurrence, schedule: Schedule): string {
  if (o.window.allSystems) return 'alle systemer';
  const names = new Map(schedule.systems.map((sys) => [sys.id, sys.name]));
  return o.window.systems.map((id) => names.get(id) ?? id).join(', ');
}
