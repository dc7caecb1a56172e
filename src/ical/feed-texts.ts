/**
 * What subscribers read inside their calendars: the feeds' descriptions and the text of each
 * event. Bokmål only, because a feed has no reader language (the page's texts are views/texts.ts).
 */
export const feedTexts = {
  systemFeed: (names: string) => `Planlagt nedetid som berører ${names}`,
  providerFeed: (name: string) => `Planlagt nedetid utført av ${name}`,
  allSystems: 'Alle systemer',
  moved: (from: string, note?: string) => `Flyttet fra ${from}${note ? `: ${note}` : ''}.`,
  tentative: 'Ikke bekreftet: nedetiden kan bli kortere eller utgå.',
  /**
   * The title of a tentative window. Outlook shows the busy status (FREE, so staff are not
   * booked) and never STATUS:TENTATIVE (MS-OXCICAL 2.1.3.1.1.20.31), so the title says it.
   */
  tentativeTitle: (title: string) => `Ikke bekreftet: ${title}`,
  affects: (systems: string, provider: string) => `Berørte systemer: ${systems}\nUtføres av: ${provider}`,
  /** Why a window shows in the feed of a system it does not name (systems.<id>.depends-on). */
  dependents: (system: string, dependents: string) => `Berører ${system}, som ${dependents} er avhengig av.`,
  /** Title of a called-off window or occurrence: Outlook shows cancelled events as active, so the title says it. */
  cancelledTitle: (title: string) => `AVLYST: ${title}`,
  /** The freezes feed (feeds/freezes.ics): for the people who plan downtime, never for staff. */
  freezesFeedName: (calendar: string) => `${calendar}: frysperioder`,
  freezesFeed: 'Perioder uten planlagt nedetid på systemene som er nevnt, for dem som planlegger vedlikehold',
  frozen: (systems: string) => `Ingen planlagt nedetid på: ${systems}`,
  cancelled: (note?: string) => `Avlyst${note ? `: ${note}` : ''}. Nedetiden blir ikke gjennomført.`,
} as const;
