import type { DateTime } from 'luxon';
import type { FeedSet } from '../feeds/feed-set.js';
import { expandSelected } from '../occurrences/expand-window.js';
import type { Audience } from '../schedule/schedule.js';
import { html } from './html.js';
import { occurrenceItem } from './occurrence-view.js';
import { page } from './render-page.js';
import { TEXTS, type Lang } from './texts.js';

/**
 * A small page for an intranet iframe: the next outages of some systems (those in progress
 * marked), and a link to the rest. Relative URLs, like the page, so it works under a path.
 */
export function renderEmbed({
  feeds,
  now,
  lang,
  systems,
  days,
  audience,
}: {
  feeds: FeedSet;
  now: DateTime;
  lang: Lang;
  /** The systems shown (an audience's included). */
  systems: string[];
  days: number;
  /** The audience asked for (`?audience=`): the full page link keeps it. */
  audience?: Audience;
}): string {
  const t = TEXTS[lang];
  const { schedule, index } = feeds;
  const list = expandSelected(index, now, now.plus({ days }), systems);
  const body = html`<main>
    <h1>${t.embedTitle}</h1>
    ${
      list.length
        ? html`<ul class="occurrences">
            ${list.map((o) => occurrenceItem(o, index, t, { withDescription: false, withDay: true, now }))}
          </ul>`
        : html`<p>${t.nothingUpcoming}</p>`
    }
    <p><a href="./${fullPageQuery(lang, systems, audience)}#kommende" target="_top">${t.fullPage}</a></p>
  </main>`;
  return page(lang, `${t.embedTitle}: ${schedule.calendar.name}`, body, 'embed');
}

/**
 * What the embed shows instead of JSON when its link is wrong: an HTML page in the editor's
 * language saying what is wrong and what exists, since it appears inside someone else's page.
 */
export function renderEmbedError({ feeds, lang, message }: { feeds: FeedSet; lang: Lang; message: string }): string {
  const t = TEXTS[lang];
  const schedule = feeds.schedule;
  const body = html`<main>
    <h1>${t.embedError}</h1>
    <p>${message}</p>
    <p>${t.knownSystems}: ${schedule.systems.map((s, i) => html`${i ? ', ' : ''}<code>${s.id}</code> (${s.name})`)}.</p>
    ${
      schedule.audiences.length
        ? html`<p>
            ${t.knownAudiences}:
            ${schedule.audiences.map((a, i) => html`${i ? ', ' : ''}<code>${a.id}</code> (${a.name})`)}.
          </p>`
        : ''
    }
    <p><a href="./#kommende" target="_top">${t.fullPage}</a></p>
  </main>`;
  return page(lang, `${t.embedError}: ${schedule.calendar.name}`, body, 'embed');
}

function fullPageQuery(lang: Lang, systems: string[], audience: Audience | undefined): string {
  const query = new URLSearchParams([
    ...(audience ? [['audience', audience.id]] : []),
    ...systems.filter((s) => !audience?.systems.includes(s)).map((s) => ['system', s]),
    ...(lang === 'en' ? [['lang', 'en']] : []),
  ]).toString();
  return query ? `?${query}` : '';
}
