import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { UnknownSystemsError } from '../feeds/feed-set.js';
import type { FeedStore } from '../feeds/feed-store.js';
import { queryIds } from './query-ids.js';
import { sendFeed } from './send-feed.js';

/** At most this many systems in one custom feed; more is a broken link, not a user. */
const MAX_CUSTOM_SYSTEMS = 100;

const ErrorBody = Type.Object({ error: Type.String(), message: Type.String() });

export const feedRoutes: FastifyPluginAsyncTypebox<{ store: FeedStore }> = async (app, { store }) => {
  app.get('/feeds/all.ics', (request, reply) => {
    sendFeed(request, reply, store.current.get('feeds/all.ics')!);
  });

  for (const kind of ['systems', 'providers'] as const) {
    app.get(
      `/feeds/${kind}/:id.ics`,
      { schema: { params: Type.Object({ id: Type.String({ maxLength: 200 }) }), response: { 404: ErrorBody } } },
      (request, reply) => {
        const feeds = store.current;
        const feed = feeds.get(`feeds/${kind}/${request.params.id}.ics`);
        if (feed) {
          sendFeed(request, reply, feed);
          return;
        }
        const known = (kind === 'systems' ? feeds.schedule.systems : feeds.schedule.providers).map((x) => x.id);
        reply.code(404).send({
          error: 'not_found',
          message: `no ${kind === 'systems' ? 'system' : 'provider'} '${request.params.id}'; known: ${known.join(', ')}`,
        });
      },
    );
  }

  app.get(
    '/feeds/custom.ics',
    {
      schema: {
        querystring: Type.Object({
          systems: Type.String({
            minLength: 1,
            maxLength: 4000,
            description: 'Comma-separated system ids, e.g. visma,gat',
          }),
        }),
        response: { 400: ErrorBody },
      },
    },
    (request, reply) => {
      const ids = queryIds(request.query.systems);
      if (ids.length === 0 || ids.length > MAX_CUSTOM_SYSTEMS) {
        reply.code(400).send({
          error: 'bad_request',
          message: `systems must list 1 to ${MAX_CUSTOM_SYSTEMS} system ids separated by commas, e.g. ?systems=visma,gat`,
        });
        return;
      }
      try {
        sendFeed(request, reply, store.current.customFeed(ids));
      } catch (err) {
        if (!(err instanceof UnknownSystemsError)) throw err;
        reply.code(400).send({ error: 'unknown_system', message: err.message });
      }
    },
  );
};
