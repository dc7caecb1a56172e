import { idList } from '../text/id-list.js';
import type { ScheduleIndex } from '../schedule/schedule-index.js';

/**
 * `--system` (ids, names or aliases) and `--audience` as one set of system ids, resolved as every
 * surface resolves them; or what is unknown and what exists, for a usage error.
 */
export function selectedSystems(
  index: ScheduleIndex,
  system: string[] | undefined,
  audiences: string[] | undefined,
): string[] | string {
  // One audience: a second --audience (a mistake in a CronJob's arguments) would silently win.
  if (audiences !== undefined && audiences.length > 1)
    return `--audience is given ${audiences.length} times; give one (--system adds systems to it)`;
  const audienceId = audiences?.[0];
  const { schedule } = index;
  const audience = audienceId === undefined ? undefined : index.findAudience(audienceId);
  if (audienceId !== undefined && !audience) {
    const known = schedule.audiences.map((a) => a.id).join(', ') || 'none (audiences: in the schedule)';
    return `--audience '${audienceId}' is not an audience; known: ${known}`;
  }
  const { ids, unknown } = index.resolveSystems([...(audience?.systems ?? []), ...idList(system)]);
  // `--system ""` (an empty variable in a CronJob) selects nothing; it must not mean everyone.
  if (unknown.length === 0 && ids.length === 0 && (system !== undefined || audiences !== undefined))
    return '--system and --audience name no system; give ids, names or an audience, such as --system visma';
  if (unknown.length === 0) return ids;
  const known = schedule.systems.map((s) => s.id).join(', ');
  return `--system ${unknown.map((u) => `'${u}'`).join(', ')} is not a system; known: ${known}`;
}
