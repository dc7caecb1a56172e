/**
 * Every limit a schedule is held to, in one place so they agree with each other and with the
 * docs/schedule-format.md (Limits). They are sized for the largest real schedule allowed
 * (20,000 windows in block style, with descriptions) and make hostile files cheap to refuse:
 * the text is scanned for depth and size before the YAML parser sees it, and rules are priced
 * before they are expanded.
 */

/** Far more than a region plans; keeps a runaway generated file from exhausting memory. */
export const MAX_WINDOWS = 20_000;

/** 20,000 block-style windows with a description each are about 6 MB. */
export const MAX_SCHEDULE_BYTES = 8 * 1024 * 1024;

/** Nesting of mappings and lists; a schedule needs 5 (top, windows, window, moved, one move). */
export const MAX_DEPTH = 20;

/** Keys, scalars and lists in the file; a block-style window has about 20. */
export const MAX_YAML_VALUES = 20 * MAX_WINDOWS;

/**
 * Every date in a schedule lies in these years, so every output has 4-digit years that every
 * client reads (libical refuses 10000-01-31) and no date is read as 19xx by 2-digit-year code.
 */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2199;

/** More occurrences than this in a window's checked span is a typo, not a maintenance plan. */
export const MAX_OCCURRENCES = 20_000;

/**
 * Checking a rule walks it period by period (days for DAILY, weeks, months, years) from its
 * `from` to the end of its checked span, whether or not a period yields a date. This many
 * periods for all rules together keeps a load well under a second.
 */
export const MAX_RULE_PERIODS = 200_000;

/**
 * Text in the combined feed (characters; nearly all are one byte). The largest schedule allowed,
 * 20,000 windows published as series, makes about 12 MB; a feed many times that size is one no
 * calendar program takes in, and rendering it cost gigabytes (windows published date by date).
 */
export const MAX_FEED_CHARS = 64 * 1024 * 1024;

/** calendar.refresh, as an RFC 5545 dur-value (weeks, days, hours, minutes). */
export const MIN_REFRESH_MINUTES = 5;
export const MAX_REFRESH_MINUTES = 7 * 24 * 60;
