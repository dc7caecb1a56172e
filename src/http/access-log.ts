import pino from 'pino';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';

/** What a pino logger holds besides its API (pino.symbols): its bindings as JSON and its stream. */
interface PinoInternals {
  [pino.symbols.chindingsSym]?: string;
  [pino.symbols.streamSym]?: { write(line: string): unknown; writeBatched?: (line: string) => void };
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
  const ms = Math.round(reply.elapsedTime * 10) / 10;
  const stream = log[pino.symbols.streamSym];
  const bindings = log[pino.symbols.chindingsSym];
  if (stream === undefined || bindings === undefined || log.isLevelEnabled === undefined) {
    log.info({ method: request.method, url, status, feed, bytes, ms }, 'request');
    return;
  }
  if (!log.isLevelEnabled('info')) return;
  // The service's stream (log-stream.ts) writes access lines in larger batches than other lines.
  const line = `{"level":30,"time":${Date.now()}${bindings},"method":${JSON.stringify(request.method)},"url":${JSON.stringify(url)},"status":${status},"feed":${JSON.stringify(feed)},"bytes":${bytes},"ms":${ms},"msg":"request"}\n`;
  if (stream.writeBatched) stream.writeBatched(line);
  else stream.write(line);
}
