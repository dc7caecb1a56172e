import type { System } from '../schedule/schedule.js';
import { closest } from '../text/closest.js';

/** Suggestions for the first few unknown values only: a link naming hundreds of them is not a typo. */
const MAX_SUGGESTIONS = 3;

/**
 * The systems a reader probably meant by values that matched none (`?system=vsima`): for each of
 * the first few, the system whose id, name or alias is within two edits; each system once.
 * The page and the embed say the same.
 */
export function suggestedSystems(asked: readonly string[], systems: readonly System[]): System[] {
  const byName = new Map(systems.flatMap((s) => [s.id, s.name, ...(s.aliases ?? [])].map((n) => [n, s] as const)));
  const names = [...byName.keys()];
  const found = asked.slice(0, MAX_SUGGESTIONS).map((a) => {
    const name = closest(a, names);
    return name === undefined ? undefined : byName.get(name);
  });
  return [...new Set(found.filter((s) => s !== undefined))];
}
