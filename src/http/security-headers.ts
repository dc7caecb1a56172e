/**
 * Headers every response carries (added by the app's onSend hook). Feeds, written on the raw
 * response where no onSend hook runs, include them in their precomputed headers. A route may set
 * its own Content-Security-Policy (the page and the embed do); this one is the default.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  // Feeds and the catalogue are public data; intranet pages may fetch them from another origin.
  'access-control-allow-origin': '*',
};
