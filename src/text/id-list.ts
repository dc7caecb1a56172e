/**
 * System ids from a query or the command line: `?systems=a,b`, `?system=a&system=b`,
 * `--system a --system b,c`, or a mix. Empty items are dropped.
 */
export function idList(...values: (string | string[] | undefined)[]): string[] {
  return values
    .flatMap((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}
