import type { DateTime } from 'luxon';
import type { Occurrence } from '../occurrences/occurrence.js';
import type { ScheduleIndex } from '../schedule/schedule-index.js';
import { DEFAULT_STAMP } from '../schedule/schedule.js';
import { html } from './html.js';
import { systemNames } from './occurrence-view.js';
import { spanText } from './occurrence-span.js';
import { TEXTS } from './texts.js';

/**
 * An Atom feed (RFC 4287) of upcoming occurrences, for intranet tools and feed readers that take
 * feeds rather than calendars. Entry ids and dates come from the schedule, not the clock.
 */
export function renderAtom(index: ScheduleIndex, occurrences: Occurrence[], base: string): string {
  const t = TEXTS.nb;
  const { schedule } = index;
  const zone = schedule.calendar.timezone;
  const stamp = (u?: DateTime) =>
    (u ?? schedule.calendar.updated ?? DEFAULT_STAMP).toUTC().toISO({ suppressMilliseconds: true })!;
  const updated = [stamp(), ...occurrences.map((o) => stamp(o.window.updated))].sort().at(-1)!;
  const entries = occurrences.map((o) => {
    const start = o.start.setZone(zone);
    const provider = index.provider(o.window.provider).name;
    const summary = [
      `${spanText(o, zone, t)}.`,
      o.cancelled ? `${t.cancelled}${o.note ? `: ${o.note}` : ''}.` : '',
      o.holiday ? `${t.holiday(o.holiday)}.` : '',
      o.window.status === 'tentative' ? `${t.tentative}.` : '',
      o.movedFrom ? `${t.moved(o.movedFrom.setLocale('nb').toFormat('d. LLLL yyyy'))}.` : '',
      `${t.systems}: ${systemNames(o.window.systems, o.window.allSystems, index, t)}. ${t.provider}: ${provider}.`,
      o.window.description ?? '',
    ]
      .filter(Boolean)
      .join(' ');
    const title = o.cancelled ? `${t.cancelled.toUpperCase()}: ${o.window.title}` : o.window.title;
    return html`
      <entry>
        <id>urn:nedetid:${schedule.calendar.domain}:${o.window.id}:${start.toUTC().toFormat("yyyyMMdd'T'HHmm'Z'")}</id>
        <title>${spanText(o, zone, t, 'numeric')}: ${title}</title>
        <updated>${stamp(o.window.updated)}</updated>
        <link rel="alternate" type="text/html" href="${base}/#kommende" />
        <summary>${summary}</summary>
      </entry>
    `;
  });
  return html`<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nb">
      <id>urn:nedetid:${schedule.calendar.domain}:upcoming</id>
      <title>${schedule.calendar.name}</title>
      <updated>${updated}</updated>
      <author><name>${schedule.calendar.name}</name></author>
      <link rel="self" type="application/atom+xml" href="${base}/feeds/all.atom" />
      <link rel="alternate" type="text/html" href="${base}/" />
      ${entries}</feed
    > `.text;
}
