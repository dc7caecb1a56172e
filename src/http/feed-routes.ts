import type { FeedSet } from '../feeds/feed-set.js';
import { expandSchedule } from '../occurrences/expand-window.js';
import { UPCOMING_DAYS } from '../views/horizons.js';
import { renderAtom } from '../views/render-atom.js';
import { selectedSystems, sendError } from './error-body.js';
import type { Routes } from './route-options.js';
import { CUSTOM_FEED, FEED_BY_ID, FREEZES_FEED } from './route-schemas.js';
import { idList } from '../text/id-list.js';
import { sendFeed } from './send-feed.js';
import { siteBase } from './site-base.js';

/** At most this many systems in one custom feed; more is a broken link, not a user. */
const MAX_CUSTOM_SYSTEMS = 100;

/** /feeds/…: the calendar feeds (prebuilt bytes) and the Atom feed of the next days. */
export const feedRoutes: Routes = async (app, { store, publicUrl, now }) => {
  app.get('/feeds/all.ics', (request, reply) => {
    const feed = store.current.get('feeds/all.ics');
    if (!feed) throw new Error('internal: the combined feed is missing');
    sendFeed(request, reply, feed);
  });

  // The planners' feed of freeze periods: only when the schedule has freezes.
  app.get('/feeds/freezes.ics', { schema: FREEZES_FEED }, (request, reply) => {
    const feed = store.current.get('feeds/freezes.ics');
    if (feed) sendFeed(request, reply, feed);
    else sendError(reply, 404, 'not_found', 'the schedule has no freezes (add them under `freezes:`)');
  });

  for (const kind of ['systems', 'providers', 'audiences'] as const) {
    app.get(`/feeds/${kind}/:id.ics`, { schema: FEED_BY_ID }, (request, reply) => {
      const feeds = store.current;
      const feed = feeds.get(`feeds/${kind}/${request.params.id}.ics`);
      if (feed) {
        sendFeed(request, reply, feed);
        return;
      }
      const known = feeds.schedule[kind].map((x) => x.id);
      const what = kind.slice(0, -1);
      sendError(reply, 404, 'not_found', `no ${what} '${request.params.id}'; known: ${known.join(', ')}`);
    });
  }

  app.get('/feeds/custom.ics', { schema: CUSTOM_FEED }, (request, reply) => {
    const ids = idList(request.query.systems);
    if (ids.length === 0 || ids.length > MAX_CUSTOM_SYSTEMS) {
      const example = 'e.g. ?systems=visma,gat';
      sendError(
        reply,
        400,
        'bad_request',
        `systems must list 1 to ${MAX_CUSTOM_SYSTEMS} system ids separated by commas, ${example}`,
      );
      return;
    }
    const feeds = store.current;
    const systems = selectedSystems(reply, feeds, ids);
    if (systems) sendFeed(request, reply, feeds.customFeed(systems));
  });

  // The Atom feed depends only on the feeds, the minute and the base URL: render it once per minute,
  // not per request (a large schedule makes the 60-day expansion the expensive part).
  const atomCache = new WeakMap<FeedSet, { key: string; text: string }>();
  app.get('/feeds/all.atom', (request, reply) => {
    const feeds = store.current;
    const at = now().startOf('minute');
    const base = siteBase(request, reply, publicUrl);
    const key = `${at.toMillis()} ${base}`;
    let cached = atomCache.get(feeds);
    if (cached?.key !== key) {
      const text = renderAtom(
        feeds.schedule,
        expandSchedule(feeds.schedule, at, at.plus({ days: UPCOMING_DAYS })),
        base,
      );
      atomCache.set(feeds, (cached = { key, text }));
    }
    reply
      .header('content-type', 'application/atom+xml; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(cached.text);
  });
};
