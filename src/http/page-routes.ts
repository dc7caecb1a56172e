import type { FastifyReply } from 'fastify';
import type { FeedSet } from '../feeds/feed-set.js';
import { scheduleIndex } from '../schedule/schedule-index.js';
import { EMBED_DEFAULT_DAYS, UPCOMING_DAYS } from '../views/horizons.js';
import { renderEmbed, renderEmbedError } from '../views/render-embed.js';
import { renderPage } from '../views/render-page.js';
import { suggestedSystems } from '../views/system-suggestions.js';
import { LANGS, TEXTS, type Lang } from '../views/texts.js';
import type { Routes } from './route-options.js';
import { EMBED, PAGE } from './route-schemas.js';
import { idList } from '../text/id-list.js';
import { siteBase } from './site-base.js';

/** Pages are rendered per request: they depend on the clock and the reader's filters. */
const pageCsp = (ancestors: string) =>
  `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors ${ancestors}`;

/** A language the page has, or undefined. */
const langOf = (code: string | undefined): Lang | undefined => LANGS.find((l) => l === code);

/** The systems a reader named, by id, name or alias, as every surface resolves them. */
function resolveSystems(feeds: FeedSet, asked: string[]): { ids: string[]; unknown: string[] } {
  return scheduleIndex(feeds.schedule).resolveSystems(asked);
}

/** The pages people read: / (the intranet page) and /embed (for an iframe elsewhere). */
export const pageRoutes: Routes = async (app, { store, publicUrl, now, frameAncestors }) => {
  const sendHtml = (reply: FastifyReply, text: string, ancestors: string) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', pageCsp(ancestors))
      .send(text);

  app.get('/', { schema: PAGE }, (request, reply) => {
    const q = request.query;
    const feeds = store.current;
    const index = scheduleIndex(feeds.schedule);
    const lang = langOf(q.lang);
    // A municipality first (`?audience=gjovik`), then any systems ticked besides its own.
    const audience = q.audience ? index.findAudience(q.audience) : undefined;
    const filter = resolveSystems(feeds, [...(audience?.systems ?? []), ...idList(q.system)]);
    // Abonner offers the audience's feed, or the one chosen there (`kalender=<audience id>`).
    // Unknown ids in a subscription link are dropped: an old bookmark still gives a calendar.
    const chosenAudience = q.kalender === undefined ? audience : index.findAudience(q.kalender);
    // Without a choice there, Abonner offers what the page is filtered to: filter and subscribe are one choice.
    const custom =
      q.kalender === 'alle' || chosenAudience
        ? []
        : q.abonner === undefined
          ? filter.ids
          : resolveSystems(feeds, idList(q.abonner)).ids;
    const text = renderPage({
      feeds,
      now: now(),
      lang: lang ?? 'nb',
      base: siteBase(request, reply, publicUrl),
      filter: filter.ids,
      custom,
      ...(audience ? { audience } : {}),
      ...(chosenAudience && custom.length === 0 ? { subscribeAudience: chosenAudience } : {}),
      unknown: {
        systems: filter.unknown,
        ...(q.lang !== undefined && !lang ? { lang: q.lang } : {}),
        ...(q.audience && !audience ? { audience: q.audience } : {}),
      },
    });
    sendHtml(reply, text, "'self'");
  });

  app.get('/embed', { schema: EMBED }, (request, reply) => {
    const q = request.query;
    const feeds = store.current;
    const lang = langOf(q.lang) ?? 'nb';
    const t = TEXTS[lang];
    const ancestors = ["'self'", ...frameAncestors].join(' ');
    const refuse = (message: string) =>
      sendHtml(reply.code(400), renderEmbedError({ feeds, lang, message }), ancestors);
    const audience = q.audience ? scheduleIndex(feeds.schedule).findAudience(q.audience) : undefined;
    if (q.audience && !audience) {
      refuse(t.unknownAudience(q.audience));
      return;
    }
    const systems = resolveSystems(feeds, [...(audience?.systems ?? []), ...idList(q.systems, q.system)]);
    if (systems.unknown.length > 0) {
      // The same suggestion as the page's notice, in words: the embed's error has no links.
      const suggested = suggestedSystems(systems.unknown, feeds.schedule.systems).map((s) => `${s.name} (${s.id})`);
      const hint = suggested.length ? ` ${t.didYouMean} ${suggested.join(', ')}?` : '';
      refuse(t.unknownSystems(systems.unknown.map((u) => `«${u}»`).join(', ')) + hint);
      return;
    }
    // More days than the page shows is clamped to it: the editor still gets a working box.
    const days = q.days === undefined ? EMBED_DEFAULT_DAYS : Number(q.days);
    if (!Number.isInteger(days) || days < 1) {
      refuse(t.embedDays(UPCOMING_DAYS));
      return;
    }
    const text = renderEmbed({
      feeds,
      now: now(),
      lang,
      systems: systems.ids,
      days: Math.min(days, UPCOMING_DAYS),
      ...(audience ? { audience } : {}),
    });
    sendHtml(reply, text, ancestors);
  });
};
