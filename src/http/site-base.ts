import type { FastifyRequest } from 'fastify';

/**
 * The absolute base of every link the service writes (catalogue, page, Atom), without a
 * trailing slash: PUBLIC_URL when set, else what the request says it was sent to.
 */
export function siteBase(request: FastifyRequest, publicUrl: string | undefined): string {
  return (publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
}
