import { createRequire } from 'node:module';
import type rrule from 'rrule';

// The same CommonJS module object src/time/rrule-expand.ts loads (one file in node_modules).
const { RRule } = createRequire(import.meta.url)('rrule') as typeof rrule;
type Iter = (this: rrule.RRule, result: { total: number }) => unknown;
const proto = RRule.prototype as unknown as { _iter: Iter };
const original = proto._iter;
let walked = 0;
proto._iter = function (this: rrule.RRule, result: { total: number }) {
  try {
    return original.call(this, result);
  } finally {
    walked += result.total;
  }
};

/**
 * How many dates rrule.js walked (every date it generated from DTSTART on, before the range
 * asked for as well as inside it) while `work` ran: the cost of an expansion counted in work
 * done, which a busy machine does not change, where a time bound would.
 */
export async function datesWalked(work: () => unknown): Promise<number> {
  const before = walked;
  await work();
  return walked - before;
}
