import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { FeedSet } from '../feeds/feed-set.js';
import { unknownSystemsMessage } from '../schedule/schedule-index.js';

/** Every error the service answers with: a stable code for tools and a message for people. */
export const ErrorBody = Type.Object({ error: Type.String(), message: Type.String() });

export type ErrorCode =
  'bad_request' | 'unknown_system' | 'not_found' | 'method_not_allowed' | 'overloaded' | 'internal_error';

export function sendError(reply: FastifyReply, status: number, error: ErrorCode, message: string): void {
  reply.code(status).send({ error, message });
}

/**
 * Answers 400 when `ids` names systems the schedule does not have, saying which and what exists.
 * Returns whether it answered, so a route can stop.
 */
export function refuseUnknownSystems(reply: FastifyReply, feeds: FeedSet, ids: readonly string[]): boolean {
  const unknown = feeds.unknownSystems(ids);
  if (unknown.length === 0) return false;
  sendError(reply, 400, 'unknown_system', unknownSystemsMessage(unknown, feeds.schedule));
  return true;
}
