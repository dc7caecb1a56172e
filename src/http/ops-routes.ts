import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FeedStore } from '../feeds/feed-store.js';
import type { Metrics } from './metrics.js';

/** For operators and their probes: /healthz and /metrics. */
export const opsRoutes: FastifyPluginAsyncTypebox<{ store: FeedStore; metrics: Metrics }> = async (
  app,
  { store, metrics },
) => {
  app.get(
    '/healthz',
    {
      schema: {
        response: {
          200: Type.Object({
            status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
            error: Type.Optional(Type.Array(Type.String())),
            windows: Type.Integer(),
            feeds: Type.Integer(),
            loadedAt: Type.String(),
          }),
        },
      },
    },
    // Degraded still answers 200: the last good feeds are being served, so the instance must
    // stay in rotation and alive; the status and error say what the editors need to fix.
    () => ({
      ...store.health,
      windows: store.current.schedule.windows.length,
      feeds: store.current.feeds.length,
      loadedAt: store.loadedAt.toISOString(),
    }),
  );

  app.get('/metrics', async (_request, reply) => {
    const { contentType, text } = await metrics.render();
    reply.header('content-type', contentType).send(text);
  });
};
