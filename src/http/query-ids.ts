import { Type } from '@fastify/type-provider-typebox';

/** A query parameter of system ids: `?systems=a,b` or repeated `?system=a&system=b`. */
export const Ids = Type.Union([
  Type.String({ maxLength: 200 }),
  Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 }),
]);

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
