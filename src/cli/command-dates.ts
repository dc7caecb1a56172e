import { DateTime } from 'luxon';
import { readFixedNow } from '../settings.js';
import { settingsClock } from '../time/clock.js';
import { usage } from './command.js';

/** Now in `zone`: $NEDETID_NOW when set (checked: a bad value is a usage error), else the real time. */
export function nowIn(zone: string): DateTime {
  let fixedNow;
  try {
    fixedNow = readFixedNow();
  } catch (err) {
    return usage((err as Error).message);
  }
  return DateTime.fromJSDate(settingsClock(fixedNow)(zone).now(), { zone });
}

/** `--from` as the start of a local day, or now when absent; null when it is not a date. */
export function startDate(from: string | undefined, zone: string): DateTime | null {
  if (!from) return nowIn(zone);
  const d = DateTime.fromISO(from, { zone });
  return d.isValid && /^\d{4}-\d{2}-\d{2}$/.test(from) ? d : null;
}
