import { DateTime } from 'luxon';
import type { Occurrence } from '../occurrences/occurrence.js';
import type { ScheduleIndex } from '../schedule/schedule-index.js';
import { html, type Html } from './html.js';
import type { Texts } from './texts.js';
import { spanText, spanTimes } from './occurrence-span.js';

export function systemNames(ids: string[], all: boolean, index: ScheduleIndex, t: Texts): string {
  return all ? t.allSystems : ids.map((id) => index.system(id).name).join(', ');
}

/** One outage as a list item: what the page, its "now" section and the embed show; with `now`, one in progress says so. */
export function occurrenceItem(
  o: Occurrence,
  index: ScheduleIndex,
  t: Texts,
  opts: { withDescription: boolean; withDay?: boolean; now?: DateTime },
): Html {
  const zone = index.schedule.calendar.timezone;
  const w = o.window;
  const provider = index.provider(w.provider);
  const start = o.start.setZone(zone);
  const ongoing = opts.now !== undefined && o.start <= opts.now && opts.now < o.end;
  return html`<li
    class="occurrence${w.status === 'tentative' ? ' tentative' : ''}${ongoing ? ' ongoing' : ''}${o.cancelled ? ' cancelled' : ''}"
    data-systems="${index.reachedBy(w).join(' ')}"
  >
    <p class="when">
      <time datetime="${o.allDay ? start.toISODate()! : start.toISO({ suppressMilliseconds: true })!}"
        >${opts.withDay ? spanText(o, zone, t) : spanTimes(o, zone, t)}</time
      >
    </p>
    <p class="title">${w.title}</p>
    ${extraBadges(o, t)}
    ${
      w.status === 'tentative' || o.movedFrom || ongoing
        ? html`<p class="badges">
            ${ongoing ? html`<span class="badge now">${t.ongoing}</span> ` : ''}${w.status === 'tentative' ? html`<span class="badge">${t.tentative}</span> ` : ''}${o.movedFrom ? html`<span class="badge">${t.moved(o.movedFrom.setLocale(t.locale).toLocaleString(DateTime.DATE_FULL))}${o.note ? `: ${o.note}` : ''}</span>` : ''}
          </p>`
        : ''
    }
    <p class="meta">
      ${t.systems}: ${systemNames(w.systems, w.allSystems, index, t)}. ${t.provider}: ${provider.name}.
    </p>
    ${opts.withDescription && w.description ? html`<p class="description">${w.description}</p>` : ''}
  </li>`;
}

/** "Avlyst" (with the reason) and the public holiday an occurrence falls on. */
function extraBadges(o: Occurrence, t: Texts): Html | '' {
  if (!o.cancelled && !o.holiday) return '';
  return html`<p class="badges">
    ${o.cancelled ? html`<span class="badge cancelled-badge">${t.cancelled}${o.note && !o.movedFrom ? `: ${o.note}` : ''}</span> ` : ''}${o.holiday ? html`<span class="badge holiday-badge">${t.holiday(o.holiday)}</span>` : ''}
  </p>`;
}
