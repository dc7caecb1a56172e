import { readWebhookSettings } from '../settings.js';
import { MESSAGE_FORMATS, type MessageFormat } from '../notify/webhook-message.js';
import type { Out } from './command.js';

/** Where and how `notify` and `remind` post, or what is wrong with the options. */
export function webhookTarget(
  command: 'notify' | 'remind',
  values: { webhook?: string | undefined; format?: string | undefined; 'page-url'?: string | undefined },
): { url: string; format: MessageFormat; pageUrl?: string | undefined } | string {
  const format = (values.format ?? 'teams') as MessageFormat;
  if (!MESSAGE_FORMATS.includes(format))
    return `--format '${values.format}' must be one of ${MESSAGE_FORMATS.join(', ')}`;
  const url = values.webhook ?? process.env.NEDETID_WEBHOOK_URL;
  if (!url) return `${command} needs --webhook URL or NEDETID_WEBHOOK_URL`;
  return { url, format, pageUrl: values['page-url'] ?? process.env.PUBLIC_URL };
}

/**
 * Posts one message with the shared webhook client and says how it went: the number of tries,
 * or null after printing why it failed (never the address).
 */
export async function postMessage(
  command: 'notify' | 'remind',
  url: string,
  message: object,
  io: Out,
): Promise<number | null> {
  const { retryMs, timeoutMs } = readWebhookSettings();
  const { postWebhook, WebhookError } = await import('../notify/post-webhook.js');
  try {
    const { tries } = await postWebhook(url, message, {
      baseDelayMs: retryMs,
      timeoutMs,
      onRetry: (attempt, reason, ms) => io.err(`try ${attempt} failed: ${reason}; trying again in ${ms} ms\n`),
    });
    return tries;
  } catch (err) {
    if (!(err instanceof WebhookError)) throw err;
    io.err(`nedetid ${command}: ${err.message}\n`);
    return null;
  }
}

/** "posted 3 changes to the webhook (teams, 1 try)". */
export function postedLine(count: number, what: string, format: MessageFormat, tries: number): string {
  return `posted ${count} ${what}${count === 1 ? '' : 's'} to the webhook (${format}, ${tries} ${tries === 1 ? 'try' : 'tries'})\n`;
}
