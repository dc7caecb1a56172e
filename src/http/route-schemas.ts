import { Type } from '@fastify/type-provider-typebox';
import { API_MAX_DAYS, API_RANGE_YEARS, UPCOMING_DAYS } from '../views/horizons.js';

/**
 * The schema of every route: what Fastify checks in a request (a wrong URL parameter is a 400
 * before any handler runs) and how it writes the JSON it answers with. Route files hold the
 * handlers; their options are one type, RouteOptions (route-options.ts).
 */

/** Every error the service answers with: a stable code for tools and a message for people. */
export const ErrorBody = Type.Object({ error: Type.String(), message: Type.String() });

/**
 * A query parameter of system ids: `?systems=a,b` or repeated `?system=a&system=b` (read with
 * idList, text/id-list.ts).
 */
const Ids = Type.Union([
  Type.String({ maxLength: 200 }),
  Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 }),
]);

/**
 * Page parameters people type or editors paste are checked by the page route, not here: a wrong
 * one gets a page that says what is wrong (in HTML, also inside an iframe), never a JSON 400.
 */
const Text = Type.Optional(Type.String({ maxLength: 200 }));

const Status = Type.Union([Type.Literal('confirmed'), Type.Literal('tentative'), Type.Literal('cancelled')]);

/** GET /feeds/systems|providers|audiences/:id.ics */
export const FEED_BY_ID = {
  params: Type.Object({ id: Type.String({ maxLength: 200 }) }),
  response: { 404: ErrorBody },
};

/** GET /feeds/freezes.ics */
export const FREEZES_FEED = { response: { 404: ErrorBody } };

/** GET /feeds/custom.ics?systems=… */
export const CUSTOM_FEED = {
  querystring: Type.Object({
    systems: Type.String({ minLength: 1, maxLength: 4000, description: 'Comma-separated system ids, e.g. visma,gat' }),
  }),
  response: { 400: ErrorBody },
};

/** GET /api/feeds */
export const FEED_LIST = {
  response: {
    200: Type.Object({
      feeds: Type.Array(
        Type.Object({
          id: Type.String(),
          kind: Type.Union([
            Type.Literal('combined'),
            Type.Literal('system'),
            Type.Literal('provider'),
            Type.Literal('audience'),
            Type.Literal('freezes'),
          ]),
          name: Type.String(),
          url: Type.String(),
          webcal: Type.String(),
        }),
      ),
    }),
  },
};

/** GET /api/occurrences */
export const OCCURRENCES = {
  querystring: Type.Object({
    from: Type.Optional(
      Type.String({
        maxLength: 40,
        description: `ISO 8601 date or date-time within ${API_RANGE_YEARS} years of now; default now`,
      }),
    ),
    to: Type.Optional(
      Type.String({
        maxLength: 40,
        description: `ISO 8601 date or date-time, at most ${API_MAX_DAYS} days after from; default from + ${UPCOMING_DAYS} days`,
      }),
    ),
    systems: Type.Optional(Ids),
  }),
  response: {
    200: Type.Object({
      from: Type.String(),
      to: Type.String(),
      timezone: Type.String(),
      occurrences: Type.Array(
        Type.Object({
          uid: Type.String(),
          window: Type.String(),
          title: Type.String(),
          start: Type.String(),
          end: Type.String(),
          allDay: Type.Boolean(),
          status: Status,
          provider: Type.String(),
          systems: Type.Array(Type.String()),
          movedFrom: Type.Optional(Type.String()),
          note: Type.Optional(Type.String()),
          holiday: Type.Optional(Type.String()),
        }),
      ),
    }),
    400: ErrorBody,
  },
};

/** GET /api/status */
export const STATUS = {
  querystring: Type.Object({ systems: Type.Optional(Ids) }),
  response: {
    200: Type.Object({
      at: Type.String(),
      down: Type.Array(Type.String()),
      systems: Type.Array(
        Type.Object({
          id: Type.String(),
          name: Type.String(),
          down: Type.Boolean(),
          windows: Type.Array(
            Type.Object({
              id: Type.String(),
              title: Type.String(),
              status: Status,
              start: Type.String(),
              end: Type.String(),
            }),
          ),
          nextStart: Type.Optional(Type.String()),
          nextWindow: Type.Optional(Type.String()),
        }),
      ),
    }),
    400: ErrorBody,
  },
};

/** GET / (the intranet page) */
export const PAGE = {
  querystring: Type.Object({
    lang: Text,
    system: Type.Optional(Ids),
    audience: Text,
    abonner: Type.Optional(Ids),
    kalender: Text,
  }),
};

/** GET /embed */
export const EMBED = {
  querystring: Type.Object({
    lang: Text,
    systems: Type.Optional(Ids),
    system: Type.Optional(Ids),
    audience: Text,
    days: Text,
  }),
};

/** GET /assets/:name */
export const ASSET = { params: Type.Object({ name: Type.String({ maxLength: 40 }) }) };

/** GET /healthz */
export const HEALTH = {
  response: {
    200: Type.Object({
      status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
      error: Type.Optional(Type.Array(Type.String())),
      windows: Type.Integer(),
      feeds: Type.Integer(),
      loadedAt: Type.String(),
    }),
  },
};
