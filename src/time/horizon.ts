/**
 * How far ahead an open-ended rule is followed, from its `from` date: validation checks DST gaps
 * and overlaps this far, the layout writes DST-crossing occurrences out this far, and the
 * VTIMEZONE covers these years. One number, so the three always agree.
 */
export const HORIZON_YEARS = 20;
