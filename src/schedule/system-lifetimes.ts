import type { WallClock } from '../time/wall-clock.js';
import type { System } from './schedule.js';

/** Whether a system exists on a local date (wall-clock midnight, or any time that day). */
export function existsOn(system: System, day: WallClock): boolean {
  const date = day.startOf('day');
  return (!system.from || date >= system.from) && (!system.until || date <= system.until);
}
