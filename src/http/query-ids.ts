/**
 * System ids from a query: `?systems=a,b`, `?system=a&system=b`, or both. Empty items are dropped.
 */
export function queryIds(...values: (string | string[] | undefined)[]): string[] {
  return values
    .flatMap((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}
