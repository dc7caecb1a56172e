import { isIPv6 } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A host name or IPv4 address, or an IPv6 address in brackets, with an optional port. */
const HOST =
  /^(?:\[([0-9a-f:.]+)\]|[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*\.?)(?::(\d{1,5}))?$/i;

function badRequest(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400 });
}

/**
 * The absolute base of every link the service writes (catalogue, page, Atom), without a
 * trailing slash: PUBLIC_URL when set, and then no request header can change a link. Else what
 * the request says it was sent to (X-Forwarded-Proto and -Host only from a trusted proxy, see
 * TRUST_PROXY), refused with a 400 unless it is http(s) and a well-formed host; the reply then
 * varies by those headers, so a shared cache keeps one copy per host.
 */
export function siteBase(request: FastifyRequest, reply: FastifyReply, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  reply.header('vary', 'Host, X-Forwarded-Host, X-Forwarded-Proto');
  const { protocol, host } = request;
  // The values are not echoed: they may be made to look like a link.
  if (protocol !== 'http' && protocol !== 'https')
    throw badRequest('the scheme from X-Forwarded-Proto must be http or https');
  if (!host) throw badRequest('links need the address the request was sent to: send a Host header');
  const m = host.length <= 260 ? HOST.exec(host) : null;
  if (!m || (m[1] !== undefined && !isIPv6(m[1])) || (m[2] !== undefined && Number(m[2]) > 65535))
    throw badRequest('the host (Host or X-Forwarded-Host) must be a host name or address with an optional port');
  return `${protocol}://${host}`;
}
