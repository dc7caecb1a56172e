import { API_MAX_DAYS, API_RANGE_YEARS, UPCOMING_DAYS } from '../views/horizons.js';

/**
 * The schema of every route: what Fastify checks in a request (a wrong URL parameter is a 400
 * before any handler runs) and how it writes the JSON it answers with. Route files hold the
 * handlers; their options are one type, RouteOptions (route-options.ts).
 *
 * Plain JSON Schema, `as const`: the type provider (json-schema-to-ts) gives the handlers their
 * types from these objects at compile time, and nothing is loaded to build them at start-up.
 */

const string = { type: 'string' } as const;
const boolean = { type: 'boolean' } as const;
const integer = { type: 'integer' } as const;
const strings = { type: 'array', items: string } as const;
const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;
const oneOf = <T extends readonly string[]>(...values: T) =>
  ({ anyOf: values.map((v) => ({ const: v, type: 'string' })) }) as {
    anyOf: { [K in keyof T]: { const: T[K]; type: 'string' } };
  };

/** Every error the service answers with: a stable code for tools and a message for people. */
export const ErrorBody = {
  type: 'object',
  properties: { error: string, message: string },
  required: ['error', 'message'],
} as const;

/**
 * A query parameter of system ids: `?systems=a,b` or repeated `?system=a&system=b` (read with
 * idList, text/id-list.ts).
 */
const Ids = { anyOf: [text(200), { type: 'array', items: text(200), maxItems: 100 }] } as const;

/**
 * Page parameters people type or editors paste are checked by the page route, not here: a wrong
 * one gets a page that says what is wrong (in HTML, also inside an iframe), never a JSON 400.
 */
const Text = text(200);

const Status = oneOf('confirmed', 'tentative', 'cancelled');

/** GET /feeds/systems|providers|audiences/:id.ics */
export const FEED_BY_ID = {
  params: { type: 'object', properties: { id: text(200) }, required: ['id'] },
  response: { 404: ErrorBody },
} as const;

/** GET /feeds/freezes.ics */
export const FREEZES_FEED = { response: { 404: ErrorBody } } as const;

/** GET /feeds/custom.ics?systems=… */
export const CUSTOM_FEED = {
  querystring: {
    type: 'object',
    properties: {
      systems: {
        type: 'string',
        minLength: 1,
        maxLength: 4000,
        description: 'Comma-separated system ids, e.g. visma,gat',
      },
    },
    required: ['systems'],
  },
  response: { 400: ErrorBody },
} as const;

/** GET /api/feeds */
export const FEED_LIST = {
  response: {
    200: {
      type: 'object',
      properties: {
        feeds: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: string,
              kind: oneOf('combined', 'system', 'provider', 'audience', 'freezes'),
              name: string,
              url: string,
              webcal: string,
            },
            required: ['id', 'kind', 'name', 'url', 'webcal'],
          },
        },
      },
      required: ['feeds'],
    },
  },
} as const;

/** GET /api/occurrences */
export const OCCURRENCES = {
  querystring: {
    type: 'object',
    properties: {
      from: {
        type: 'string',
        maxLength: 40,
        description: `ISO 8601 date or date-time within ${API_RANGE_YEARS} years of now; default now`,
      },
      to: {
        type: 'string',
        maxLength: 40,
        description: `ISO 8601 date or date-time, at most ${API_MAX_DAYS} days after from; default from + ${UPCOMING_DAYS} days`,
      },
      systems: Ids,
    },
  },
  response: {
    200: {
      type: 'object',
      properties: {
        from: string,
        to: string,
        timezone: string,
        occurrences: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              uid: string,
              window: string,
              title: string,
              start: string,
              end: string,
              allDay: boolean,
              status: Status,
              provider: string,
              systems: strings,
              movedFrom: string,
              note: string,
              holiday: string,
            },
            required: ['uid', 'window', 'title', 'start', 'end', 'allDay', 'status', 'provider', 'systems'],
          },
        },
      },
      required: ['from', 'to', 'timezone', 'occurrences'],
    },
    400: ErrorBody,
  },
} as const;

/** GET /api/status */
export const STATUS = {
  querystring: { type: 'object', properties: { systems: Ids } },
  response: {
    200: {
      type: 'object',
      properties: {
        at: string,
        down: strings,
        systems: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: string,
              name: string,
              down: boolean,
              windows: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { id: string, title: string, status: Status, start: string, end: string },
                  required: ['id', 'title', 'status', 'start', 'end'],
                },
              },
              nextStart: string,
              nextWindow: string,
            },
            required: ['id', 'name', 'down', 'windows'],
          },
        },
      },
      required: ['at', 'down', 'systems'],
    },
    400: ErrorBody,
  },
} as const;

/** GET / (the intranet page) */
export const PAGE = {
  querystring: {
    type: 'object',
    properties: { lang: Text, system: Ids, audience: Text, abonner: Ids, kalender: Text },
  },
} as const;

/** GET /embed */
export const EMBED = {
  querystring: {
    type: 'object',
    properties: { lang: Text, systems: Ids, system: Ids, audience: Text, days: Text },
  },
} as const;

/** GET /assets/:name */
export const ASSET = {
  params: { type: 'object', properties: { name: text(40) }, required: ['name'] },
} as const;

/** GET /healthz */
export const HEALTH = {
  response: {
    200: {
      type: 'object',
      properties: {
        status: oneOf('ok', 'degraded'),
        error: strings,
        windows: integer,
        feeds: integer,
        loadedAt: string,
      },
      required: ['status', 'windows', 'feeds', 'loadedAt'],
    },
  },
} as const;
