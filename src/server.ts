import closeWithGrace from 'close-with-grace';
import { FeedSet } from './feeds/feed-set.js';
import { FeedStore } from './feeds/feed-store.js';
import { buildApp } from './http/app.js';
import { loadSchedule } from './schedule/load-schedule.js';
import type { Settings } from './settings.js';

/**
 * Loads and renders the schedule before listening: a schedule that does not load stops the
 * service here (the caller prints its FILE:LINE:COL lines), so it never serves a partial calendar.
 */
export async function startServer(settings: Settings) {
  const { schedule } = await loadSchedule(settings.config);
  const store = new FeedStore(new FeedSet(schedule));
  const app = buildApp({ store, ...(settings.publicUrl ? { publicUrl: settings.publicUrl } : {}), logger: { level: process.env.LOG_LEVEL ?? 'info' } });
  app.log.info({ config: settings.config, windows: schedule.windows.length, feeds: store.current.feeds.length }, 'schedule loaded');
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after error');
    else app.log.info({ signal }, 'closing');
    await app.close();
  });
  await app.listen({ port: settings.port, host: settings.host });
  return app;
}
