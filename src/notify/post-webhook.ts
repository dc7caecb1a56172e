/** Why a post failed, in words that never contain the webhook address (it is the secret). */
export class WebhookError extends Error {}

export interface PostOptions {
  /** Tries in all, the first included. */
  attempts?: number;
  /** Wait before the second try; doubles each time (Retry-After wins when the server sends it). */
  baseDelayMs?: number;
  /** Per try. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Told about each failed try, without the address. */
  onRetry?: (attempt: number, reason: string, delayMs: number) => void;
}

const MAX_RETRY_AFTER_MS = 60_000;

/**
 * POSTs JSON to a webhook, retrying network errors, timeouts, 408, 429 and 5xx with exponential
 * backoff. Other answers (400, 401, 403, 404) are final: retrying will not fix a wrong address.
 * Messages name the status or the network error code only, never the URL (Teams and Slack
 * webhook URLs carry their credential in the path and query).
 */
export async function postWebhook(url: string, body: object, opts: PostOptions = {}): Promise<number> {
  const attempts = opts.attempts ?? 4;
  const base = opts.baseDelayMs ?? 1000;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new WebhookError('the webhook address is not a URL');
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:')
    throw new WebhookError('the webhook address must start with https://');
  const payload = JSON.stringify(body);
  for (let attempt = 1; ; attempt++) {
    let reason: string;
    let retryAfterMs: number | undefined;
    try {
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: payload,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
        redirect: 'error',
      });
      await res.arrayBuffer(); // drain: the body may echo the request, so it is never printed
      if (res.ok) return attempt;
      reason = `the webhook answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
      if (res.status !== 408 && res.status !== 429 && res.status < 500) throw new WebhookError(reason);
      const header = Number(res.headers.get('retry-after'));
      if (Number.isFinite(header) && header > 0) retryAfterMs = Math.min(header * 1000, MAX_RETRY_AFTER_MS);
    } catch (err) {
      if (err instanceof WebhookError) throw err;
      reason = `could not reach the webhook (${networkCode(err)})`;
    }
    if (attempt >= attempts) throw new WebhookError(`${reason}; gave up after ${attempts} tries`);
    const delay = retryAfterMs ?? base * 2 ** (attempt - 1);
    opts.onRetry?.(attempt, reason, delay);
    await sleep(delay);
  }
}

/** ECONNREFUSED, ENOTFOUND, timeout: the code only, since fetch's messages can include the address. */
function networkCode(err: unknown): string {
  const e = err as { name?: string; cause?: { code?: unknown; name?: string } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return 'timeout';
  const code = e?.cause?.code;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : 'network error';
}
