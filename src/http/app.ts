import Fastify, { LogController, type FastifyServerOptions } from 'fastify';
import underPressure from '@fastify/under-pressure';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FeedStore } from '../feeds/feed-store.js';
import { apiRoutes } from './api-routes.js';
import { feedRoutes } from './feed-routes.js';
import { Metrics } from './metrics.js';
import { pageRoutes } from './page-routes.js';
import { DateTime } from 'luxon';

declare module 'fastify' {
  interface FastifyRequest {
    /** The feed a request was answered from, for logs and metrics. */
    feedLabel: string;
  }
}

export interface AppOptions {
  store: FeedStore;
  /** Absolute base for links, e.g. https://nedetid.example.no; else taken from the request. */
  publicUrl?: string;
  logger?: FastifyServerOptions['logger'];
  /** The clock of the page, embed, API and Atom feed (fixed in tests and demos). */
  now?: () => DateTime;
  /** Origins allowed to frame /embed besides this site. */
  frameAncestors?: string[];
  /** Overload limits; past them requests get 503 with Retry-After instead of piling up. */
  pressure?: { maxEventLoopDelay?: number; maxHeapUsedBytes?: number; sampleInterval?: number };
}

/** The HTTP face of the feeds. Routes only read prebuilt feeds from the store; nothing renders here. */
export function buildApp({
  store,
  publicUrl,
  logger = false,
  pressure = {},
  now = () => DateTime.now(),
  frameAncestors = [],
}: AppOptions) {
  const app = Fastify({
    logger,
    trustProxy: true,
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    // One log line per request, written in onResponse with what operators need.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();
  const metrics = new Metrics();

  app.decorateRequest('feedLabel', '');
  app.register(underPressure, {
    maxEventLoopDelay: pressure.maxEventLoopDelay ?? 1000,
    maxHeapUsedBytes: pressure.maxHeapUsedBytes ?? 0,
    sampleInterval: pressure.sampleInterval ?? 1000,
    retryAfter: 10,
    pressureHandler: (_request, reply, type, value) => {
      reply
        .code(503)
        .header('retry-after', '10')
        .send({ error: 'overloaded', message: `the service is overloaded (${type} ${value}); retry in 10 seconds` });
    },
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    if (!reply.hasHeader('content-security-policy'))
      reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    // Feeds and the catalogue are public data; intranet pages may fetch them from another origin.
    reply.header('access-control-allow-origin', '*');
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const feed = request.feedLabel || 'none';
    metrics.countRequest(feed, reply.statusCode);
    request.log.info(
      {
        method: request.method,
        url: request.url.slice(0, 300),
        status: reply.statusCode,
        feed,
        bytes: Number(reply.getHeader('content-length') ?? 0),
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  });

  app.register(feedRoutes, { store });
  app.register(apiRoutes, { store, ...(publicUrl ? { publicUrl } : {}) });
  app.register(pageRoutes, { store, now, frameAncestors, ...(publicUrl ? { publicUrl } : {}) });
  app.get('/metrics', (_request, reply) => {
    reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8').send(metrics.render(store));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({
      error: 'not_found',
      message: `no such page: ${request.method} ${request.url.slice(0, 200)}; feeds are listed at /api/feeds`,
    });
  });

  app.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) request.log.error({ err, request }, 'request failed');
    reply.code(status).send({
      error: status >= 500 ? 'internal_error' : 'bad_request',
      // Client errors say what was wrong with the request; server errors say nothing internal.
      message: status >= 500 ? 'internal error; the cause is in the service log' : err.message,
    });
  });

  return app;
}
