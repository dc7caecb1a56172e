import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { FeedStore } from '../feeds/feed-store.js';

const FeedEntry = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('combined'), Type.Literal('system'), Type.Literal('provider')]),
  name: Type.String(),
  url: Type.String(),
  webcal: Type.String(),
});

export const apiRoutes: FastifyPluginAsyncTypebox<{ store: FeedStore; publicUrl?: string }> = async (
  app,
  { store, publicUrl },
) => {
  const base = (request: FastifyRequest) => (publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');

  app.get(
    '/api/feeds',
    { schema: { response: { 200: Type.Object({ feeds: Type.Array(FeedEntry) }) } } },
    (request) => ({
      feeds: store.current.feeds.map((f) => {
        const url = `${base(request)}/${f.definition.path}`;
        return {
          id: f.definition.id,
          kind: f.definition.kind as 'combined' | 'system' | 'provider',
          name: f.definition.name,
          url,
          // webcal:// makes Apple Calendar and classic Outlook subscribe instead of download.
          webcal: url.replace(/^https?:\/\//, 'webcal://'),
        };
      }),
    }),
  );

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
};
