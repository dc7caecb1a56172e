import type { DateTime } from 'luxon';
import type { FeedSet } from '../feeds/feed-set.js';
import { expandSchedule } from '../occurrences/expand-window.js';
import { scheduleIndex } from '../schedule/schedule-index.js';
import { html } from './html.js';
import { occurrenceItem } from './occurrence-view.js';
import { page } from './render-page.js';
import { TEXTS, type Lang } from './texts.js';

/** A small page for an intranet iframe: the next outages of some systems and a link to the rest. */
export function renderEmbed({
  feeds,
  now,
  lang,
  systems,
  days,
}: {
  feeds: FeedSet;
  now: DateTime;
  lang: Lang;
  systems: string[];
  days: number;
}): string {
  const t = TEXTS[lang];
  const schedule = feeds.schedule;
  const index = scheduleIndex(schedule);
  const list = expandSchedule(schedule, now, now.plus({ days }), (w) => index.affectsAny(w, systems));
  const query = new URLSearchParams([
    ...systems.map((s) => ['system', s]),
    ...(lang === 'en' ? [['lang', 'en']] : []),
  ]).toString();
  const body = html`<main>
    <h1>${t.embedTitle}</h1>
    ${
      list.length
        ? html`<ul class="occurrences">
            ${list.map((o) => occurrenceItem(o, schedule, t, { withDescription: false, withDay: true }))}
          </ul>`
        : html`<p>${t.nothingUpcoming}</p>`
    }
    <p><a href="/${query ? `?${query}` : ''}#kommende" target="_top">${t.fullPage}</a></p>
  </main>`;
  return page(lang, `${t.embedTitle}: ${schedule.calendar.name}`, body, 'embed');
}
