import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Writes the one access line of a request, at level info: method, url (first 300 characters),
 * status, the feed answered from, bytes sent and milliseconds.
 */
export function logAccess(request: FastifyRequest, reply: FastifyReply, feed: string, status: number): void {
  const url = request.url.length > 300 ? request.url.slice(0, 300) : request.url;
  const bytes = Number(reply.getHeader('content-length') ?? 0);
  const ms = Math.round(reply.elapsedTime * 10) / 10;
  request.log.info({ method: request.method, url, status, feed, bytes, ms }, 'request');
}
