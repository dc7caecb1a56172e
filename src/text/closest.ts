/** Longer words get no suggestion: no id, name or key is that long, so it is not a typo of one. */
export const MAX_SUGGEST_LENGTH = 64;

/**
 * The candidate within two edits of `word` (case-insensitive), for "did you mean" hints; the
 * first of the closest. Candidates whose length differs by more than two are skipped, and each
 * comparison stops as soon as it can not beat the best so far, so a request naming many long
 * unknown values costs little (75 of them against 150 systems took seconds with a full matrix).
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > MAX_SUGGEST_LENGTH) return undefined;
  const a = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    if (Math.abs(c.length - a.length) >= bestDistance) continue;
    const d = distanceBelow(a, c.toLowerCase(), bestDistance);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/** Levenshtein distance of a and b when it is below `limit`, else `limit`. */
function distanceBelow(a: string, b: string, limit: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]!);
    }
    // Every later row is at least this row's least value.
    if (rowMin >= limit) return limit;
    prev = cur;
  }
  return Math.min(prev[b.length]!, limit);
}
