import closeWithGrace from 'close-with-grace';
import { Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { DateTime } from 'luxon';
import { FeedStore } from './feeds/feed-store.js';
import { FeedSet } from './feeds/feed-set.js';
import { ScheduleReloader } from './feeds/schedule-reloader.js';
import { firstLoad, type FirstLoad } from './feeds/first-load.js';
import { buildApp } from './http/app.js';
import { logDestination } from './log-stream.js';
import type { Settings } from './settings.js';
import { clockFromSettings } from './time/clock.js';

/** How long a closing server still answers on open connections before it closes idle ones. */
const DRAIN_MS = 1000;

/**
 * Loads and renders the schedule before listening: a schedule that does not load stops the
 * service here (the caller prints its FILE:LINE:COL lines), so it never serves a partial
 * calendar. After that, changes to the file (or SIGHUP) reload it; a broken edit is refused
 * and the last good feeds stay. Every load runs in a worker thread within a time budget, so a
 * slow one never holds the requests being answered.
 */
export async function startServer(settings: Settings, first: Promise<FirstLoad> = firstLoad(settings)) {
  // The app is built, and Fastify compiles its routes, while the worker loads the schedule: this
  // thread would only wait. It listens once the feeds are in.
  const store = FeedStore.loading();
  const app = buildApp({
    store,
    ...(settings.publicUrl ? { publicUrl: settings.publicUrl } : {}),
    ...(settings.trustProxy ? { trustProxy: settings.trustProxy } : {}),
    logger: { level: process.env.LOG_LEVEL ?? 'info', stream: logDestination() },
    frameAncestors: settings.frameAncestors,
    pressure: { maxEventLoopDelay: settings.maxLoopDelayMs },
    // Now in the zone of the schedule being served (NEDETID_NOW is a local time there).
    now: () => {
      const zone = store.current.schedule.calendar.timezone;
      return DateTime.fromJSDate(clockFromSettings(settings.fixedNow, zone).now(), { zone });
    },
  });
  let loaded;
  try {
    await app.ready();
    loaded = await first;
  } catch (err) {
    await app.close();
    throw err;
  }
  const { load, read, schedule, rendered, started } = loaded;
  const clock = clockFromSettings(settings.fixedNow, schedule.calendar.timezone);
  const feeds = new FeedSet(schedule, undefined, clock, rendered);
  const ms = performance.now() - started;
  store.start(feeds, clock.now(), ms);
  app.log.info(
    { config: settings.config, windows: feeds.schedule.windows.length, feeds: feeds.feeds.length, ms: Math.round(ms) },
    'schedule loaded',
  );

  const reloader = new ScheduleReloader(settings.config, store, app.log, { settleMs: settings.settleMs, load, clock });
  // What was loaded, so an edit made while starting is seen by the first poll.
  reloader.markLoaded(read);
  const unwatch = reloader.watch(settings.watchIntervalMs);
  const onHup = () => void reloader.reload('SIGHUP');
  process.on('SIGHUP', onHup);

  // close-with-grace would also shut down on SIGHUP; here SIGHUP means "reload the schedule".
  closeWithGrace({ delay: 10_000, skip: ['SIGHUP'] }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after error');
    else app.log.info({ signal }, 'closing: finishing requests in flight');
    unwatch();
    process.off('SIGHUP', onHup);
    // While closing, every response tells the client to close its connection after it, so
    // keep-alive clients stop sending on it (cleanly, by FIN) instead of finding it reset. Set on
    // the raw response before Fastify sees the request (Node merges it into Fastify's headers),
    // so requests before shutdown pay nothing for it.
    app.server.prependListener('request', (_request, response) => response.setHeader('connection', 'close'));
    // Stop accepting with net.Server's close: http.Server's also destroys idle keep-alive sockets
    // at once, which resets (RST) a request a client has already sent on one (issue 9). For
    // DRAIN_MS those requests are answered, with Connection: close; then Fastify closes the rest.
    Server.prototype.close.call(app.server);
    await sleep(DRAIN_MS);
    await app.close();
  });
  await app.listen({ port: settings.port, host: settings.host });
  return app;
}
