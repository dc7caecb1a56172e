import { DateTime } from 'luxon';
import { LOAD_BUDGET_MS, WORKER_HEAP_MB } from './feeds/worker-loader.js';

/** An environment variable has a value the service can not use; the message says which and why. */
export class SettingsError extends Error {}
import { isIP } from 'node:net';

/** Service settings from the environment, checked once at start. */
export interface Settings {
  port: number;
  host: string;
  config: string;
  publicUrl?: string;
  /** How often the schedule file is polled for changes. */
  watchIntervalMs: number;
  /** How long the file must hold still before it is loaded (see SETTLE_MS). */
  settleMs: number;
  /** How long a load may take before it is abandoned (see LOAD_BUDGET_MS). */
  loadBudgetMs: number;
  /** Event loop delay (mean over a second) above which requests get 503; 0 turns the guard off. */
  maxLoopDelayMs: number;
  /** The load worker's old-space limit in MB (see WORKER_HEAP_MB); size the container's memory for it. */
  workerHeapMb: number;
  /** Origins allowed to frame /embed (besides the site itself). */
  frameAncestors: string[];
  /** A fixed "now" for the page (demos and tests); absent: the real clock. */
  fixedNow?: string;
  /** Addresses or ranges of the proxies whose X-Forwarded-* headers are believed; absent: none. */
  trustProxy?: string[];
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const port = Number(env.PORT ?? 8080);
  if (!/^\d+$/.test(env.PORT ?? '8080') || port > 65535)
    throw new SettingsError(`PORT '${env.PORT}' must be a port number from 0 to 65535`);
  const publicUrl = env.PUBLIC_URL?.trim();
  if (publicUrl && !/^https?:\/\/[^/\s]+(\/\S*)?$/.test(publicUrl)) {
    throw new SettingsError(
      `PUBLIC_URL '${publicUrl}' must be an absolute http(s) URL such as https://nedetid.example.no`,
    );
  }
  const watchIntervalMs = Number(env.NEDETID_WATCH_MS ?? 1000);
  if (!Number.isInteger(watchIntervalMs) || watchIntervalMs < 50)
    throw new SettingsError(
      `NEDETID_WATCH_MS '${env.NEDETID_WATCH_MS}' must be a whole number of milliseconds, at least 50`,
    );
  const settleMs = Number(env.NEDETID_SETTLE_MS ?? 500);
  if (!Number.isInteger(settleMs) || settleMs < 0)
    throw new SettingsError(`NEDETID_SETTLE_MS '${env.NEDETID_SETTLE_MS}' must be a whole number of milliseconds`);
  const loadBudgetMs = readLoadBudget(env);
  const maxLoopDelayMs = Number(env.NEDETID_MAX_LOOP_DELAY_MS ?? 1000);
  if (!Number.isInteger(maxLoopDelayMs) || maxLoopDelayMs < 0)
    throw new SettingsError(
      `NEDETID_MAX_LOOP_DELAY_MS '${env.NEDETID_MAX_LOOP_DELAY_MS}' must be a whole number of milliseconds (0 turns the overload guard off)`,
    );
  const workerHeapMb = Number(env.NEDETID_WORKER_HEAP_MB ?? WORKER_HEAP_MB);
  if (!Number.isInteger(workerHeapMb) || workerHeapMb < 16)
    throw new SettingsError(
      `NEDETID_WORKER_HEAP_MB '${env.NEDETID_WORKER_HEAP_MB}' must be a whole number of megabytes, at least 16`,
    );
  const frameAncestors = (env.NEDETID_FRAME_ANCESTORS ?? '').split(/[\s,]+/).filter(Boolean);
  for (const origin of frameAncestors) {
    if (!/^https?:\/\/[a-z0-9.-]+(:\d+)?$/i.test(origin))
      throw new SettingsError(
        `NEDETID_FRAME_ANCESTORS: '${origin}' must be an origin such as https://intranett.example.no`,
      );
  }
  const fixedNow = readFixedNow(env);
  const trustProxy = (env.TRUST_PROXY ?? '').split(/[\s,]+/).filter(Boolean);
  for (const entry of trustProxy) {
    if (!isProxyAddress(entry))
      throw new SettingsError(
        `TRUST_PROXY: '${entry}' must be a proxy address or range such as 10.0.0.0/8, 10.1.2.3 or loopback (a hop count cannot tell a proxy from a client)`,
      );
  }
  return {
    port,
    ...(trustProxy.length > 0 ? { trustProxy } : {}),
    watchIntervalMs,
    settleMs,
    loadBudgetMs,
    maxLoopDelayMs,
    workerHeapMb,
    frameAncestors,
    ...(fixedNow ? { fixedNow } : {}),
    host: env.HOST ?? '0.0.0.0',
    config: env.NEDETID_CONFIG ?? 'config/schedule.yaml',
    ...(publicUrl ? { publicUrl: publicUrl.replace(/\/+$/, '') } : {}),
  };
}

/** NEDETID_NOW, the fixed local "now" of the service and of `nedetid upcoming`, checked. */
export function readFixedNow(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fixedNow = env.NEDETID_NOW?.trim();
  if (fixedNow && (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(fixedNow) || !DateTime.fromISO(fixedNow).isValid))
    throw new SettingsError(`NEDETID_NOW '${fixedNow}' must be a date and time such as 2022-06-13T10:00`);
  return fixedNow || undefined;
}

/** What Fastify's trustProxy (proxy-addr) takes: an IP address, a CIDR range, or a named range. */
function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

/** How `notify` and `remind` post: the wait before a retry and the deadline of each try. */
export interface WebhookSettings {
  retryMs: number;
  timeoutMs: number;
}

export function readWebhookSettings(env: NodeJS.ProcessEnv = process.env): WebhookSettings {
  const read = (name: string, fallback: number, min: number) => {
    const text = env[name]?.trim() || String(fallback);
    if (!/^\d+$/.test(text) || Number(text) < min)
      throw new SettingsError(`${name} '${env[name]}' must be a whole number of milliseconds, at least ${min}`);
    return Number(text);
  };
  return {
    retryMs: read('NEDETID_WEBHOOK_RETRY_MS', 1000, 0),
    timeoutMs: read('NEDETID_WEBHOOK_TIMEOUT_MS', 15_000, 1),
  };
}

/** NEDETID_LOAD_BUDGET_MS, checked: how long a load may take before the service stops it. */
export function readLoadBudget(env: NodeJS.ProcessEnv = process.env): number {
  const loadBudgetMs = Number(env.NEDETID_LOAD_BUDGET_MS ?? LOAD_BUDGET_MS);
  if (!Number.isInteger(loadBudgetMs) || loadBudgetMs < 100)
    throw new SettingsError(
      `NEDETID_LOAD_BUDGET_MS '${env.NEDETID_LOAD_BUDGET_MS}' must be a whole number of milliseconds, at least 100`,
    );
  return loadBudgetMs;
}
