import type { Routes } from './route-options.js';
import { HEALTH } from './route-schemas.js';

/** For operators and their probes: /healthz and /metrics. */
export const opsRoutes: Routes = async (app, { store, metrics }) => {
  app.get(
    '/healthz',
    { schema: HEALTH },
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
