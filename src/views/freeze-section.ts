import type { DateTime } from 'luxon';
import { expandFreezes } from '../occurrences/expand-window.js';
import type { ScheduleIndex } from '../schedule/schedule-index.js';
import { FREEZE_DAYS } from './horizons.js';
import { html, type Html } from './html.js';
import { systemNames } from './occurrence-view.js';
import { spanText } from './occurrence-span.js';
import type { Lang, Texts } from './texts.js';

/** The freeze section's words, by language (the rest of the page's are in texts.ts). */
export const FREEZE_TEXTS = {
  nb: {
    heading: 'Frysperioder',
    intro:
      'For IT-ansatte og redaktører: i disse periodene skal det ikke planlegges nedetid på systemene som er nevnt.',
    none: 'Ingen frysperioder det neste året.',
    feed: 'Abonner på frysperiodene',
  },
  en: {
    heading: 'Freeze periods',
    intro: 'For IT staff and editors: no downtime may be planned on the systems named during these periods.',
    none: 'No freeze periods in the coming year.',
    feed: 'Subscribe to the freeze periods',
  },
} as const satisfies Record<Lang, Record<string, string>>;

/**
 * The page's section of coming freezes, for the people who plan (staff read the rest): nothing
 * when the schedule has no freezes. Its feed is feeds/freezes.ics, never offered under Abonner.
 */
export function freezeSection(index: ScheduleIndex, now: DateTime, t: Texts, lang: Lang): Html | '' {
  const { schedule } = index;
  if (!schedule.freezes?.length) return '';
  const words = FREEZE_TEXTS[lang];
  const zone = schedule.calendar.timezone;
  // Those going on now and those starting within FREEZE_DAYS, by start.
  const coming = expandFreezes(schedule, now, now.plus({ days: FREEZE_DAYS }));
  return html`<section aria-labelledby="frys" class="freezes">
    <h2 id="frys">${words.heading}</h2>
    <p>${words.intro}</p>
    ${
      coming.length
        ? html`<ul class="occurrences">
            ${coming.map(
              (o) =>
                html`<li class="occurrence freeze">
                  <p class="when">${spanText(o, zone, t)}</p>
                  <p class="title">${o.freeze.title}</p>
                  <p class="meta">${t.systems}: ${systemNames(o.freeze.systems, o.freeze.allSystems, index, t)}.</p>
                  ${o.freeze.description ? html`<p class="description">${o.freeze.description}</p>` : ''}
                </li>`,
            )}
          </ul>`
        : html`<p>${words.none}</p>`
    }
    <p><a href="feeds/freezes.ics">${words.feed}</a></p>
  </section>`;
}
