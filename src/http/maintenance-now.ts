import type { DateTime } from 'luxon';
import type { FeedSet } from '../feeds/feed-set.js';
import { systemStatus, type SystemStatus } from '../occurrences/system-status.js';

declare module '../feeds/feed-set.js' {
  interface FeedSetKept {
    /** The state of the minute last asked for. */
    maintenance?: { minute: number; status: SystemStatus[] };
  }
}

/**
 * Every system's state for /metrics and /api/status, computed once per minute per schedule.
 * Windows start and end on whole minutes, so the state at the minute's start holds all minute.
 */
export function maintenanceNow(feeds: FeedSet, now: DateTime): { at: DateTime; status: SystemStatus[] } {
  const at = now.startOf('minute');
  let kept = feeds.kept.maintenance;
  if (kept?.minute !== at.toMillis())
    feeds.kept.maintenance = kept = { minute: at.toMillis(), status: systemStatus(feeds.index, at) };
  return { at, status: kept.status };
}
