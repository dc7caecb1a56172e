/** The one-click links each client understands for a feed URL (calendar-clients.md, HTTP). */
export interface SubscribeLinks {
  https: string;
  /** Apple Calendar and classic Outlook subscribe on webcal://. */
  webcal: string;
  /** Outlook on the web for work accounts (undocumented add-from-web URL). */
  outlookWeb: string;
  /** Google's cid link is undocumented and flaky; the page also shows the manual steps. */
  google: string;
}

export function subscribeLinks(url: string, name: string): SubscribeLinks {
  const webcal = url.replace(/^https?:\/\//, 'webcal://');
  return {
    https: url,
    webcal,
    outlookWeb: `https://outlook.office.com/calendar/0/addfromweb?url=${encodeURIComponent(url)}&name=${encodeURIComponent(name)}`,
    google: `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}`,
  };
}
