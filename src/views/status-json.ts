import type { DateTime } from 'luxon';
import type { SystemStatus } from '../occurrences/system-status.js';
import type { Schedule } from '../schedule/schedule.js';
import { isoTime } from './occurrences-json.js';

/**
 * GET /api/status: what is down now, small enough for an uptime checker or a chat bot to poll.
 * `down` lists the ids of systems in maintenance; each system says which windows cover it now
 * (until when) and when its next window starts.
 */
export function statusJson(schedule: Schedule, at: DateTime, status: SystemStatus[]) {
  const zone = schedule.calendar.timezone;
  return {
    at: at.setZone(zone).toISO({ suppressMilliseconds: true }) ?? '',
    down: status.filter((s) => s.active.length > 0).map((s) => s.system.id),
    systems: status.map((s) => ({
      id: s.system.id,
      name: s.system.name,
      down: s.active.length > 0,
      windows: s.active.map((o) => ({
        id: o.window.id,
        title: o.window.title,
        status: o.window.status,
        start: isoTime(o, o.start, zone),
        end: isoTime(o, o.end, zone),
      })),
      ...(s.next ? { nextStart: isoTime(s.next, s.next.start, zone), nextWindow: s.next.window.id } : {}),
    })),
  };
}
