import type { DateTime } from 'luxon';
import type { FeedSet } from '../feeds/feed-set.js';
import { systemStatus, type SystemStatus } from '../occurrences/system-status.js';

const cache = new WeakMap<FeedSet, { minute: number; status: SystemStatus[] }>();

/**
 * Every system's state for /metrics and /api/status, computed once per minute per schedule.
 * Windows start and end on whole minutes, so the state at the minute's start holds all minute.
 */
export function maintenanceNow(feeds: FeedSet, now: DateTime): { at: DateTime; status: SystemStatus[] } {
  const at = now.startOf('minute');
  let cached = cache.get(feeds);
  if (cached?.minute !== at.toMillis()) {
    cached = { minute: at.toMillis(), status: systemStatus(feeds.index, at) };
    cache.set(feeds, cached);
  }
  return { at, status: cached.status };
}
