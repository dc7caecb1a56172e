import { Settings } from 'luxon';

/**
 * One locale for Luxon in every process, not the one the environment (LANG) names: text such as
 * the weekday names `check`, `diff` and `upcoming` print is the same on every machine, and Luxon
 * skips asking Intl for the system locale (about 10 ms of every start). Pages and messages that
 * speak Norwegian set their own locale. Imported for this effect by the modules that make
 * DateTimes when they load (schedule.ts) and by wall-clock.ts, so it is set before the first.
 */
Settings.defaultLocale = 'en-US';
