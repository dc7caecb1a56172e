import Fastify, { LogController, type FastifyServerOptions } from 'fastify';
import underPressure from '@fastify/under-pressure';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FeedStore } from '../feeds/feed-store.js';
import { apiRoutes } from './api-routes.js';
import { feedRoutes } from './feed-routes.js';
import { Metrics } from './metrics.js';
import { pageRoutes } from './page-routes.js';
import { assetRoutes } from './asset-routes.js';
import { opsRoutes } from './ops-routes.js';
import { sendError } from './error-body.js';
import { logAccess } from './access-log.js';
import { SECURITY_HEADERS } from './security-headers.js';
import type { DateTime } from 'luxon';
import type { RouteOptions } from './route-options.js';

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
  /** Proxies (addresses or ranges) whose X-Forwarded-* headers are believed; none by default. */
  trustProxy?: string[];
  logger?: FastifyServerOptions['logger'];
  /** Now in the calendar's zone, from the service's clock: the page, embed, API, Atom feed and metrics. */
  now: () => DateTime;
  /** Origins allowed to frame /embed besides this site. */
  frameAncestors?: string[];
  /** Overload limits; past them requests get 503 with Retry-After instead of piling up. */
  pressure?: { maxEventLoopDelay?: number; maxHeapUsedBytes?: number; sampleInterval?: number };
}

/**
 * The HTTP layer: one route file per URL prefix. Feeds are served as prebuilt bytes from the
 * store; the page, embed, Atom and JSON are rendered by views/ from the same schedule.
 */
export function buildApp({
  store,
  publicUrl,
  trustProxy = [],
  logger = false,
  pressure = {},
  now,
  frameAncestors = [],
}: AppOptions) {
  const app = Fastify({
    logger,
    // Any client can send X-Forwarded-*: believe them only from the proxies named in TRUST_PROXY.
    trustProxy: trustProxy.length > 0 ? trustProxy : false,
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    // One log line per request, written in onResponse with what operators need.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();
  const metrics = new Metrics(store, now);

  app.decorateRequest('feedLabel', '');
  app.register(underPressure, {
    maxEventLoopDelay: pressure.maxEventLoopDelay ?? 1000,
    maxHeapUsedBytes: pressure.maxHeapUsedBytes ?? 0,
    sampleInterval: pressure.sampleInterval ?? 1000,
    retryAfter: 10,
    // Without a pressureHandler under-pressure ends the request with its coded error (answered by
    // the error handler below) and skips the route; a handler that sends the reply itself and
    // returns nothing lets the route run too (FST_ERR_REP_ALREADY_SENT, counted as a 500).
    message: 'the service is overloaded; retry in 10 seconds',
  });

  // Both hooks run on every response, so they are plain callbacks (an async hook costs a promise
  // and a microtask turn per request).
  app.addHook('onSend', (_request, reply, payload, done) => {
    const csp = reply.hasHeader('content-security-policy');
    for (const name in SECURITY_HEADERS)
      if (name !== 'content-security-policy' || !csp) reply.header(name, SECURITY_HEADERS[name]);
    done(null, payload);
  });

  app.addHook('onResponse', (request, reply, done) => {
    const feed = request.feedLabel || 'none';
    const status = reply.statusCode;
    metrics.countRequest(feed, status);
    logAccess(request, reply, feed, status);
    done();
  });

  // The methods of every route, so that another method on a known URL is a 405 with Allow.
  const allowed = new Map<string, Set<string>>();
  let collecting = true;
  app.addHook('onRoute', (route) => {
    if (!collecting) return;
    if (!allowed.has(route.url)) allowed.set(route.url, new Set());
    for (const method of [route.method].flat()) allowed.get(route.url)!.add(method);
  });

  const routes: RouteOptions = { store, publicUrl, now, frameAncestors, metrics };
  for (const plugin of [feedRoutes, apiRoutes, pageRoutes, assetRoutes, opsRoutes]) app.register(plugin, routes);
  app.register(async (scope) => {
    collecting = false;
    for (const [url, methods] of allowed) {
      const allow = [...methods].sort().join(', ');
      scope.route({
        method: scope.supportedMethods.filter((m) => !methods.has(m)),
        url,
        // Answered before the body is read: a 405 does not care what was sent.
        onRequest: async (request, reply) => {
          reply.header('allow', allow);
          const what = `${request.method} ${request.url.slice(0, 200)}`;
          sendError(reply, 405, 'method_not_allowed', `${what} is not allowed; this URL answers ${allow}`);
          return reply; // sent: the lifecycle ends here, the handler never runs
        },
        handler: () => undefined,
      });
    }
  });

  app.setNotFoundHandler((request, reply) => {
    const what = `${request.method} ${request.url.slice(0, 200)}`;
    sendError(reply, 404, 'not_found', `no such page: ${what}; feeds are listed at /api/feeds`);
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (err.code === 'FST_UNDER_PRESSURE') {
      sendError(reply, 503, 'overloaded', err.message);
      return;
    }
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) request.log.error({ err, request }, 'request failed');
    // Client errors say what was wrong with the request; server errors say nothing internal.
    if (status >= 500) sendError(reply, status, 'internal_error', 'internal error; the cause is in the service log');
    else sendError(reply, status, 'bad_request', err.message);
  });

  return app;
}
