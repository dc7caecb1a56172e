/**
 * How far ahead the views look. The page's "Kommende" list, the Atom feed and the default span
 * of /api/occurrences all show the same window of time, so a reader sees the same outages in each.
 */
export const UPCOMING_DAYS = 60;
/** The embed is a small box on someone else's page: two weeks unless the editor asks for more. */
export const EMBED_DEFAULT_DAYS = 14;
/** The longest span /api/occurrences expands in one request. */
export const API_MAX_DAYS = 731;
/** /api/occurrences answers for dates at most this many years before or after now. */
export const API_RANGE_YEARS = 5;
/** The page's freeze section and `upcoming --freezes` show the freeze periods this far ahead. */
export const FREEZE_DAYS = 366;
