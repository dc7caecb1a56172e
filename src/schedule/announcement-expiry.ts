import type { Announcement } from './schedule.js';

/** Whether an announcement's `until` is before `today` (an ISO date in the calendar's zone). */
export function isExpired(a: Announcement, today: string): boolean {
  return a.until !== undefined && a.until.toISODate()! < today;
}
