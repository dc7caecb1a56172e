import Fastify, { type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FeedStore } from '../feeds/feed-store.js';
import { apiRoutes } from './api-routes.js';
import { feedRoutes } from './feed-routes.js';

export interface AppOptions {
  store: FeedStore;
  /** Absolute base for links, e.g. https://nedetid.example.no; else taken from the request. */
  publicUrl?: string;
  logger?: FastifyServerOptions['logger'];
}

/** The HTTP face of the feeds. Routes only read prebuilt feeds from the store; nothing renders here. */
export function buildApp({ store, publicUrl, logger = false }: AppOptions) {
  const app = Fastify({ logger, trustProxy: true, requestTimeout: 30_000 }).withTypeProvider<TypeBoxTypeProvider>();

  app.register(feedRoutes, { store });
  app.register(apiRoutes, { store, ...(publicUrl ? { publicUrl } : {}) });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: 'not_found', message: `no such page: ${request.method} ${request.url.slice(0, 200)}; feeds are listed at /api/feeds` });
  });

  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
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
