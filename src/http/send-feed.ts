import { BoundedCache } from '../text/bounded-cache.js';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync, type CompressCallback } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Feed } from '../feeds/feed-set.js';

type Encoding = 'br' | 'gzip' | 'identity';

/**
 * Feeds up to this size are compressed by the request that first asks (a few milliseconds);
 * larger ones on zlib's thread pool, sent uncompressed until ready (brotli took 100 ms of the
 * event loop for the all.ics of 10,000 windows).
 */
const COMPRESS_INLINE_BYTES = 64 * 1024;

/**
 * A large custom feed is compressed only from its second request, and one at a time: anyone can
 * ask for a new set of systems, and a brotli job per new set is work that nothing reuses (300
 * distinct large sets cost 22.7 CPU-s with `br` against 3.3 without). Catalogue feeds are few
 * and asked for again and again, so they are compressed on first request.
 */
const CUSTOM_COMPRESS_AFTER = 2;
let customCompressing = false;

function compressor(encoding: 'br' | 'gzip', body: Buffer) {
  const brotli = { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } };
  return encoding === 'br'
    ? {
        sync: () => brotliCompressSync(body, brotli),
        async: (done: CompressCallback) => brotliCompress(body, brotli, done),
      }
    : { sync: () => gzipSync(body, { level: 9 }), async: (done: CompressCallback) => gzip(body, { level: 9 }, done) };
}

/** The encoding to send: the one wanted when its body is ready (or quick to make), else identity for now. */
function available(feed: Feed, p: Prepared, wanted: Encoding): Encoding {
  if (wanted === 'identity') return wanted;
  const cache = p.compressed;
  const have = cache[wanted];
  if (have === 'pending') return 'identity';
  if (have) return wanted;
  const compress = compressor(wanted, feed.body);
  if (feed.body.length <= COMPRESS_INLINE_BYTES) {
    cache[wanted] = compress.sync();
    return wanted;
  }
  const custom = feed.definition.kind === 'custom';
  if (custom) {
    p.asked++;
    if (p.asked < CUSTOM_COMPRESS_AFTER || customCompressing) return 'identity';
    customCompressing = true;
  }
  cache[wanted] = 'pending';
  compress.async((err, out) => {
    if (custom) customCompressing = false;
    if (err) delete cache[wanted];
    else cache[wanted] = out;
  });
  return 'identity';
}

/** The encodings a feed has a compressed body for, made or being made (for tests). */
export function compressedEncodings(feed: Feed): Encoding[] {
  const cache = feed.kept.sent?.compressed ?? {};
  return (['br', 'gzip'] as const).filter((e) => cache[e] !== undefined);
}

function bodyFor(feed: Feed, p: Prepared, encoding: Encoding): Buffer {
  const body = encoding === 'identity' ? feed.body : p.compressed[encoding];
  if (!(body instanceof Buffer)) throw new Error(`internal: no ${encoding} body for ${feed.definition.path}`);
  return body;
}

/** Picks br, then gzip, when the client lists it with q > 0; never guesses (Google sends no Accept headers). */
function parseEncoding(header: string): Encoding {
  const accepted = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    accepted.set(name!.trim(), q ? Number(q[1]) : 1);
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

/** Clients send a handful of distinct Accept-Encoding values: each is parsed once, up to 64 kept. */
const parsedEncodings = new BoundedCache<Encoding>(64);

function pickEncoding(header: string | undefined): Encoding {
  return header ? parsedEncodings.getOrMake(header, parseEncoding) : 'identity';
}

/** One representation of a feed: its ETag, its body, and the headers of a 200 and of a 304. */
interface Representation {
  etag: string;
  body: Buffer;
  ok: Record<string, string>;
  notModified: Record<string, string>;
}

/**
 * What a feed's responses share, computed on its first request rather than on every one (feeds
 * are immutable, and each load makes new ones) and kept with the feed: the label for logs and
 * metrics, Last-Modified in milliseconds, the headers of each representation sent so far, and
 * the compressed bodies.
 */
interface Prepared {
  label: string;
  lastModifiedMs: number;
  representations: Partial<Record<Encoding, Representation>>;
  /** 'pending' while one is being made. */
  compressed: Partial<Record<Encoding, Buffer | 'pending'>>;
  /** Requests for a compressed body of a large custom feed so far (see CUSTOM_COMPRESS_AFTER). */
  asked: number;
}

declare module '../feeds/feed-set.js' {
  interface FeedKept {
    sent?: Prepared;
  }
}

function prepare(feed: Feed): Prepared {
  if (feed.kept.sent) return feed.kept.sent;
  const d = feed.definition;
  const label =
    d.kind === 'combined' ? 'all' : d.kind === 'custom' || d.kind === 'freezes' ? d.kind : `${d.kind}s/${d.id}`;
  return (feed.kept.sent = {
    label,
    lastModifiedMs: feed.lastModified.getTime(),
    representations: {},
    compressed: {},
    asked: 0,
  });
}

/** Each encoding is its own representation, so it gets its own strong ETag (RFC 9110 §8.8.3). */
function representation(feed: Feed, p: Prepared, encoding: Encoding): Representation {
  let r = p.representations[encoding];
  if (!r) {
    const etag = encoding === 'identity' ? feed.etag : `${feed.etag.slice(0, -1)}-${encoding}"`;
    const notModified: Record<string, string> = {
      'content-type': 'text/calendar; charset=utf-8',
      'cache-control': 'public, max-age=300',
      vary: 'Accept-Encoding',
      etag,
      'last-modified': feed.lastModified.toUTCString(),
      'content-disposition': `inline; filename="${feed.definition.path.split('/').pop()!.replace(/\?.*$/, '')}"`,
    };
    const ok = encoding === 'identity' ? notModified : { ...notModified, 'content-encoding': encoding };
    p.representations[encoding] = r = { etag, body: bodyFor(feed, p, encoding), ok, notModified };
  }
  return r;
}

function notModified(request: FastifyRequest, p: Prepared, etag: string): boolean {
  const inm = request.headers['if-none-match'];
  if (inm !== undefined) {
    // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2); weak comparison applies.
    // Only the ETag of the representation being sent: a gzip ETag does not validate the plain body.
    if (inm === etag) return true;
    const tags = inm.split(',').map((t) => t.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(etag);
  }
  const ims = request.headers['if-modified-since'];
  if (ims !== undefined) {
    const since = Date.parse(ims);
    // A date later than the server's clock is invalid and ignored (RFC 9110 §13.1.3).
    return !Number.isNaN(since) && since <= Date.now() && p.lastModifiedMs <= since;
  }
  return false;
}

/**
 * Answers with a feed through Fastify's reply: the headers of the representation (made once per
 * feed and encoding), 304 when the client's copy is current; Fastify leaves out the body of a
 * HEAD and of a 304, and the onSend hook adds the security headers as on every response.
 */
export function sendFeed(request: FastifyRequest, reply: FastifyReply, feed: Feed): FastifyReply {
  const p = prepare(feed);
  request.feedLabel = p.label;
  const encoding = available(feed, p, pickEncoding(request.headers['accept-encoding']));
  const r = representation(feed, p, encoding);
  if (notModified(request, p, r.etag)) return reply.code(304).headers(r.notModified).send();
  return reply.headers(r.ok).send(r.body);
}
