import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { DateTime } from 'luxon';
import type { FeedStore } from '../feeds/feed-store.js';
import { EMBED_DEFAULT_DAYS, UPCOMING_DAYS } from '../views/horizons.js';
import { renderEmbed } from '../views/render-embed.js';
import { renderPage } from '../views/render-page.js';
import { refuseUnknownSystems } from './error-body.js';
import { Ids, queryIds } from './query-ids.js';
import { siteBase } from './site-base.js';

export interface PageOptions {
  store: FeedStore;
  publicUrl?: string;
  now: () => DateTime;
  /** Origins allowed to frame /embed, besides this site itself. */
  frameAncestors: string[];
}

const Lang = Type.Optional(Type.Union([Type.Literal('nb'), Type.Literal('en')]));

/** Pages are rendered per request: they depend on the clock and the reader's filters. */
const pageCsp = (ancestors: string) =>
  `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors ${ancestors}`;

/** The pages people read: / (the intranet page) and /embed (for an iframe elsewhere). */
export const pageRoutes: FastifyPluginAsyncTypebox<PageOptions> = async (
  app,
  { store, publicUrl, now, frameAncestors },
) => {
  // Unknown ids in a page link are dropped rather than refused: an old bookmark still works.
  const known = (ids: string[]) => {
    const unknown = new Set(store.current.unknownSystems(ids));
    return ids.filter((id) => !unknown.has(id));
  };
  const sendHtml = (reply: FastifyReply, text: string, ancestors: string) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', pageCsp(ancestors))
      .send(text);

  app.get(
    '/',
    { schema: { querystring: Type.Object({ lang: Lang, system: Type.Optional(Ids), abonner: Type.Optional(Ids) }) } },
    (request, reply) => {
      const q = request.query;
      const text = renderPage({
        feeds: store.current,
        now: now(),
        lang: q.lang ?? 'nb',
        base: siteBase(request, reply, publicUrl),
        filter: known(queryIds(q.system)),
        custom: known(queryIds(q.abonner)),
      });
      sendHtml(reply, text, "'self'");
    },
  );

  app.get(
    '/embed',
    {
      schema: {
        querystring: Type.Object({
          lang: Lang,
          systems: Type.Optional(Ids),
          system: Type.Optional(Ids),
          days: Type.Optional(Type.Integer({ minimum: 1, maximum: UPCOMING_DAYS, default: EMBED_DEFAULT_DAYS })),
        }),
      },
    },
    (request, reply) => {
      const q = request.query;
      const feeds = store.current;
      const systems = queryIds(q.systems, q.system);
      if (refuseUnknownSystems(reply, feeds, systems)) return;
      const text = renderEmbed({
        feeds,
        now: now(),
        lang: q.lang ?? 'nb',
        systems,
        days: q.days ?? EMBED_DEFAULT_DAYS,
      });
      sendHtml(reply, text, ["'self'", ...frameAncestors].join(' '));
    },
  );
};
