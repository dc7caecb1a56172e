import type { FastifyReply } from 'fastify';
import type { FeedSet } from '../feeds/feed-set.js';
import { scheduleIndex, unknownSystemsMessage } from '../schedule/schedule-index.js';

/** Every error the service answers with a code for tools (and a message for people: ErrorBody). */
export type ErrorCode =
  'bad_request' | 'unknown_system' | 'not_found' | 'method_not_allowed' | 'overloaded' | 'internal_error';

export function sendError(reply: FastifyReply, status: number, error: ErrorCode, message: string): void {
  reply.code(status).send({ error, message });
}

/**
 * The systems a query names, by id, name or alias, resolved as on every surface (ScheduleIndex
 * resolveSystems): canonical ids, or undefined after answering 400 with what is unknown and what exists.
 */
export function selectedSystems(reply: FastifyReply, feeds: FeedSet, asked: readonly string[]): string[] | undefined {
  const { ids, unknown } = scheduleIndex(feeds.schedule).resolveSystems(asked);
  if (unknown.length === 0) return ids;
  sendError(reply, 400, 'unknown_system', unknownSystemsMessage(unknown, feeds.schedule));
  return undefined;
}
