import { readFileSync } from 'node:fs';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { renderAtom } from '../atom/render-atom.js';
import { UnknownSystemsError, type FeedSet } from '../feeds/feed-set.js';
import type { FeedStore } from '../feeds/feed-store.js';
import { expandSchedule } from '../occurrences/expand-window.js';
import { renderEmbed } from '../page/render-embed.js';
import { renderPage, UPCOMING_DAYS } from '../page/render-page.js';
import { queryIds } from './query-ids.js';

export interface PageOptions {
  store: FeedStore;
  publicUrl?: string;
  now: () => DateTime;
  /** Origins allowed to frame /embed, besides this site itself. */
  frameAncestors: string[];
}

const ASSETS = new URL('../../public/', import.meta.url);
const assets = {
  'app.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(new URL('app.js', ASSETS)) },
  'style.css': { type: 'text/css; charset=utf-8', body: readFileSync(new URL('style.css', ASSETS)) },
  'favicon.svg': { type: 'image/svg+xml', body: readFileSync(new URL('favicon.svg', ASSETS)) },
};

const Ids = Type.Union([
  Type.String({ maxLength: 200 }),
  Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 }),
]);
const Lang = Type.Optional(Type.Union([Type.Literal('nb'), Type.Literal('en')]));

/** Pages are rendered per request: they depend on the clock and the reader's filters. */
const pageCsp = (ancestors: string) =>
  `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors ${ancestors}`;

export const pageRoutes: FastifyPluginAsyncTypebox<PageOptions> = async (
  app,
  { store, publicUrl, now, frameAncestors },
) => {
  const base = (request: FastifyRequest) => (publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
  // Unknown ids in a page link are dropped rather than refused: an old bookmark still works.
  const known = (ids: string[]) => ids.filter((id) => store.current.schedule.systems.some((s) => s.id === id));
  /** Answers 400 naming unknown systems (the same message as custom feeds) and says whether all are known. */
  const systemsKnown = (reply: FastifyReply, ids: string[]) => {
    try {
      store.current.checkSystems(ids);
      return true;
    } catch (err) {
      if (!(err instanceof UnknownSystemsError)) throw err;
      reply.code(400).send({ error: 'unknown_system', message: err.message });
      return false;
    }
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
        base: base(request),
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
          days: Type.Optional(Type.Integer({ minimum: 1, maximum: UPCOMING_DAYS, default: 14 })),
        }),
      },
    },
    (request, reply) => {
      const q = request.query;
      const systems = queryIds(q.systems, q.system);
      if (!systemsKnown(reply, systems)) return;
      const text = renderEmbed({ feeds: store.current, now: now(), lang: q.lang ?? 'nb', systems, days: q.days ?? 14 });
      sendHtml(reply, text, ["'self'", ...frameAncestors].join(' '));
    },
  );

  app.get(
    '/api/occurrences',
    {
      schema: {
        querystring: Type.Object({
          from: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601 date or date-time; default now' })),
          to: Type.Optional(
            Type.String({
              maxLength: 40,
              description: `ISO 8601 date or date-time; default from + ${UPCOMING_DAYS} days`,
            }),
          ),
          systems: Type.Optional(Ids),
        }),
      },
    },
    (request, reply) => {
      const schedule = store.current.schedule;
      const zone = schedule.calendar.timezone;
      const q = request.query;
      const parse = (name: string, value: string | undefined, fallback: DateTime) => {
        if (value === undefined) return fallback;
        const d = DateTime.fromISO(value, { zone });
        return d.isValid ? d : name;
      };
      const from = parse('from', q.from, now());
      const to = typeof from === 'string' ? from : parse('to', q.to, from.plus({ days: UPCOMING_DAYS }));
      if (typeof from === 'string' || typeof to === 'string') {
        const name = typeof from === 'string' ? 'from' : 'to';
        reply.code(400).send({
          error: 'bad_request',
          message: `${name} '${q[name]}' must be an ISO 8601 date or date-time such as 2022-06-01 or 2022-06-01T12:00`,
        });
        return;
      }
      if (to <= from || to.diff(from, 'days').days > 731) {
        reply.code(400).send({ error: 'bad_request', message: 'to must be after from and at most two years later' });
        return;
      }
      const systems = queryIds(q.systems);
      if (!systemsKnown(reply, systems)) return;
      const occurrences = expandSchedule(
        schedule,
        from,
        to,
        (w) => systems.length === 0 || w.systems.some((s) => systems.includes(s)),
      );
      reply.send({
        from: from.toISO(),
        to: to.toISO(),
        timezone: zone,
        occurrences: occurrences.map((o) => ({
          uid: `${o.window.id}@${schedule.calendar.domain}`,
          window: o.window.id,
          title: o.window.title,
          start: o.allDay ? o.start.toISODate() : o.start.setZone(zone).toISO({ suppressMilliseconds: true }),
          end: o.allDay ? o.end.toISODate() : o.end.setZone(zone).toISO({ suppressMilliseconds: true }),
          allDay: o.allDay,
          status: o.window.status,
          provider: o.window.provider,
          systems: o.window.systems,
          ...(o.movedFrom ? { movedFrom: o.movedFrom.toISODate() } : {}),
        })),
      });
    },
  );

  // The Atom feed depends only on the feeds, the minute and the base URL: render it once per minute,
  // not per request (a large schedule makes the 60-day expansion the expensive part).
  const atomCache = new WeakMap<FeedSet, { key: string; text: string }>();
  app.get('/feeds/all.atom', (request, reply) => {
    const feeds = store.current;
    const at = now().startOf('minute');
    const key = `${at.toMillis()} ${base(request)}`;
    let cached = atomCache.get(feeds);
    if (cached?.key !== key) {
      const text = renderAtom(
        feeds.schedule,
        expandSchedule(feeds.schedule, at, at.plus({ days: UPCOMING_DAYS })),
        base(request),
      );
      atomCache.set(feeds, (cached = { key, text }));
    }
    const text = cached.text;
    reply
      .header('content-type', 'application/atom+xml; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(text);
  });

  app.get(
    '/assets/:name',
    { schema: { params: Type.Object({ name: Type.String({ maxLength: 40 }) }) } },
    (request, reply) => {
      const asset = assets[request.params.name as keyof typeof assets];
      if (!asset) {
        reply.code(404).send({ error: 'not_found', message: `no asset '${request.params.name}'` });
        return;
      }
      reply.header('content-type', asset.type).header('cache-control', 'public, max-age=3600').send(asset.body);
    },
  );
};
