import { Type } from '@fastify/type-provider-typebox';

/**
 * The schema of a query parameter of system ids: `?systems=a,b` or repeated
 * `?system=a&system=b` (read with idList, text/id-list.ts).
 */
export const Ids = Type.Union([
  Type.String({ maxLength: 200 }),
  Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 }),
]);
