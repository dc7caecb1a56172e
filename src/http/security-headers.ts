/**
 * Headers every response carries (added by the app's onSend hook). Feeds include them in their
 * precomputed headers, and the hook leaves a response that has them alone. A route may set its
 * own Content-Security-Policy (the page and the embed do); this one is the default.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  // Feeds and the catalogue are public data; intranet pages may fetch them from another origin.
  'access-control-allow-origin': '*',
};
