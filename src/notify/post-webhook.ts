import { STATUS_CODES } from 'node:http';

/** Why a post failed, in words that never contain the webhook address (it is the secret). */
export class WebhookError extends Error {}

export interface PostOptions {
  /** Tries in all, the first included. */
  attempts?: number;
  /** Wait before the second try; doubles each time (Retry-After wins when the server sends it). */
  baseDelayMs?: number;
  /** One deadline per try, covering connect, request, headers and the answer's body. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Told about each failed try, without the address. */
  onRetry?: (attempt: number, reason: string, delayMs: number) => void;
}

/** What the last try did: how many tries it took and how much of the answer was read. */
export interface PostResult {
  tries: number;
  answerBytes: number;
}

const MAX_RETRY_AFTER_MS = 60_000;
const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * The most of an answer that is read. Nothing in it is ever shown (a receiver may echo the
 * request, address included); reading a little lets a short answer end the exchange cleanly, and
 * a 600 MB answer cost 1.9 GB of memory when it was read whole (issue 21).
 */
export const MAX_ANSWER_BYTES = 4096;

/** A try that ran past its deadline; `cause` of the abort, so it is told apart from a network error. */
class DeadlineError extends Error {}

/**
 * POSTs JSON to a webhook, retrying network errors, timeouts, 408, 429 and 5xx with exponential
 * backoff. Other answers are final: retrying will not fix a wrong address (4xx), and a redirect
 * is not followed (a POST that a server moves elsewhere is a configuration to fix, and following
 * it would send the message where the address's owner did not say).
 *
 * Messages name the status code in Node's own words and our own text only, never the URL (Teams
 * and Slack webhook URLs carry their credential in the path and query), nor the receiver's reason
 * phrase, headers or body, which can repeat the URL.
 */
export async function postWebhook(url: string, body: object, opts: PostOptions = {}): Promise<PostResult> {
  const attempts = opts.attempts ?? 4;
  const base = opts.baseDelayMs ?? 1000;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new WebhookError('the webhook address is not a URL');
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:')
    throw new WebhookError('the webhook address must start with https://');
  // fetch refuses these on every try; a retry cannot help, and "network error" would mislead.
  if (target.username || target.password)
    throw new WebhookError('the webhook address must not hold a user name or password before its host');
  const payload = JSON.stringify(body);
  for (let attempt = 1; ; attempt++) {
    let reason: string;
    let retryAfterMs: number | undefined;
    try {
      const answer = await tryOnce(target, payload, timeoutMs);
      const { status } = answer;
      if (status >= 200 && status < 300) return { tries: attempt, answerBytes: answer.bytes };
      if (status >= 300 && status < 400)
        throw new WebhookError(
          `the webhook answered with a redirect (${status}); redirects are not followed: use the address it redirects to`,
        );
      reason = `the webhook answered ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`;
      if (status !== 408 && status !== 429 && status < 500) throw new WebhookError(reason);
      if (answer.retryAfterS > 0) retryAfterMs = Math.min(answer.retryAfterS * 1000, MAX_RETRY_AFTER_MS);
    } catch (err) {
      if (err instanceof WebhookError) throw err;
      reason =
        err instanceof DeadlineError
          ? `the webhook did not answer in full within ${seconds(timeoutMs)}`
          : `could not reach the webhook (${networkCode(err)})`;
    }
    if (attempt >= attempts)
      throw new WebhookError(`${reason}; gave up after ${attempts} ${attempts === 1 ? 'try' : 'tries'}`);
    const delay = retryAfterMs ?? base * 2 ** (attempt - 1);
    opts.onRetry?.(attempt, reason, delay);
    await sleep(delay);
  }
}

/**
 * One POST under one deadline. The controller and its timer live until the answer is read or
 * abandoned: an `AbortSignal.timeout` passed to fetch alone can be garbage-collected while the
 * body is still being read, and a receiver that trickled a body kept notify running for minutes.
 */
async function tryOnce(target: URL, payload: string, timeoutMs: number) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineError()), timeoutMs);
  try {
    const res = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: payload,
      signal: controller.signal,
      redirect: 'manual',
    });
    const bytes = await readAnswer(res.body, MAX_ANSWER_BYTES);
    return { status: res.status, retryAfterS: Number(res.headers.get('retry-after')) || 0, bytes };
  } catch (err) {
    // fetch rejects with the abort reason, or with a TypeError whose cause it is.
    if (controller.signal.aborted) throw controller.signal.reason;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** Reads at most `max` bytes of a body, then cancels the rest; returns how many were read. */
export async function readAnswer(body: ReadableStream<Uint8Array> | null, max: number): Promise<number> {
  if (!body) return 0;
  const reader = body.getReader();
  let bytes = 0;
  try {
    while (bytes < max) {
      const { done, value } = await reader.read();
      if (done) return bytes;
      bytes += value.byteLength;
    }
    return bytes;
  } finally {
    // Closes the connection on a body that goes on; a no-op on one that ended.
    await reader.cancel().catch(() => undefined);
  }
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

/** ECONNREFUSED, ENOTFOUND: the code only, since fetch's messages can include the address. */
function networkCode(err: unknown): string {
  const code = (err as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : 'network error';
}
