import pino from 'pino';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';

/** What a pino logger holds besides its API (pino.symbols): its bindings as JSON and its stream. */
interface PinoInternals {
  [pino.symbols.chindingsSym]?: string;
  [pino.symbols.streamSym]?: { write(line: string): unknown; writeBatched?: (line: string) => void };
}

/** Printable ASCII but `"` and `\`: a string of these is its own JSON text between quotes. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** A string as JSON, as JSON.stringify writes it; that call cost more than a test for the usual case. */
function jsonString(s: string): string {
  return PLAIN.test(s) ? `"${s}"` : JSON.stringify(s);
}

/**
 * Milliseconds to one decimal, as `Math.round(ms * 10) / 10` prints, put together from integers:
 * printing a fraction makes V8 search for its shortest form, which took longer than the rest.
 */
function tenths(ms: number): string {
  const t = Math.round(ms * 10);
  const digit = t % 10;
  return digit === 0 ? String(t / 10) : `${(t - digit) / 10}.${digit}`;
}

/**
 * Writes the one access line of a request: method, url (first 300 characters), status, feed,
 * bytes and ms, at level info. With the service's pino logger the line is put together here,
 * as pino itself writes it with the service's options (numeric level, epoch time, the request
 * logger's bindings: pid, hostname, reqId), and handed to pino's stream: pino's generic field
 * loop cost more than the rest of this hook. Any other logger gets the same fields through
 * `info`.
 */
export function logAccess(request: FastifyRequest, reply: FastifyReply, feed: string, status: number): void {
  const log = request.log as FastifyBaseLogger & PinoInternals & Partial<Pick<pino.Logger, 'isLevelEnabled'>>;
  const url = request.url.length > 300 ? request.url.slice(0, 300) : request.url;
  const bytes =
    request.rawContentLength >= 0 ? request.rawContentLength : Number(reply.getHeader('content-length') ?? 0);
  const ms = reply.elapsedTime;
  const stream = log[pino.symbols.streamSym];
  const bindings = log[pino.symbols.chindingsSym];
  if (stream === undefined || bindings === undefined || log.isLevelEnabled === undefined) {
    log.info({ method: request.method, url, status, feed, bytes, ms: Math.round(ms * 10) / 10 }, 'request');
    return;
  }
  if (!log.isLevelEnabled('info')) return;
  // The service's stream (log-stream.ts) writes access lines in larger batches than other lines.
  const line = `{"level":30,"time":${Date.now()}${bindings},"method":${jsonString(request.method)},"url":${jsonString(url)},"status":${status},"feed":${jsonString(feed)},"bytes":${bytes},"ms":${tenths(ms)},"msg":"request"}\n`;
  if (stream.writeBatched) stream.writeBatched(line);
  else stream.write(line);
}
