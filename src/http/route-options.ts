import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { DateTime } from 'luxon';
import type { FeedStore } from '../feeds/feed-store.js';
import type { Metrics } from './metrics.js';

/** What buildApp gives every route file: one type, so each reads what it needs from the same place. */
export interface RouteOptions {
  store: FeedStore;
  /** Absolute base for links, e.g. https://nedetid.example.no; else taken from the request. */
  publicUrl: string | undefined;
  /** Now in the calendar's zone: the service's clock (NEDETID_NOW or the real time). */
  now: () => DateTime;
  /** Origins allowed to frame /embed, besides this site itself. */
  frameAncestors: string[];
  metrics: Metrics;
}

/** A route file: a Fastify plugin over RouteOptions, with TypeBox schemas (route-schemas.ts). */
export type Routes = FastifyPluginAsyncTypebox<RouteOptions>;
