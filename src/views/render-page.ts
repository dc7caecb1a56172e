import { DateTime } from 'luxon';
import type { Feed, FeedSet } from '../feeds/feed-set.js';
import { expandSelected } from '../occurrences/expand-window.js';
import type { ScheduleIndex } from '../schedule/schedule-index.js';
import type { Audience, Schedule, System, Work } from '../schedule/schedule.js';
import { suggestedSystems } from './system-suggestions.js';
import { UPCOMING_DAYS } from './horizons.js';
import { html, type Html } from './html.js';
import { occurrenceItem, systemNames } from './occurrence-view.js';
import { dayText } from './occurrence-span.js';
import { subscribeLinks } from './subscribe-links.js';
import { freezeSection } from './freeze-section.js';
import { TEXTS, type Lang, type Texts } from './texts.js';

import { isExpired } from '../schedule/announcement-expiry.js';
export interface PageInput {
  feeds: FeedSet;
  now: DateTime;
  lang: Lang;
  /** Absolute site base for feed addresses, without a trailing slash. */
  base: string;
  /** Systems the reader chose to see (empty: all). */
  filter: string[];
  /** Systems chosen to subscribe to (empty: all systems). */
  custom: string[];
  /** The audience (municipality) the reader picked; its systems are in `filter`. */
  audience?: Audience;
  /** The audience whose feed Abonner offers (when `custom` is empty). */
  subscribeAudience?: Audience;
  /** What the reader asked for that does not exist: system names or ids, a language code, an audience. */
  unknown?: { systems: string[]; lang?: string; audience?: string };
}

/**
 * The intranet page: now, upcoming, announced, and one subscribe flow. Every URL on it is
 * relative, so the page works behind a reverse proxy under a path (PUBLIC_URL=…/nedetid/).
 * No script inline (CSP).
 */
export function renderPage({
  feeds,
  now,
  lang,
  base,
  filter,
  custom,
  audience,
  subscribeAudience,
  unknown,
}: PageInput): string {
  const t = TEXTS[lang];
  const { schedule, index } = feeds;
  const zone = schedule.calendar.timezone;
  const shown = (work: Work) => index.affectsAny(work, filter);
  const until = now.plus({ days: UPCOMING_DAYS });
  const occurrences = expandSelected(index, now, until, filter);
  // A called-off occurrence is never "now"; it stays under Kommende, marked Avlyst, until its start.
  const current = occurrences.filter((o) => o.start <= now && now < o.end && !o.cancelled);
  const next = occurrences.filter((o) => o.start > now);
  const days = new Map<string, typeof next>();
  for (const o of next) {
    const key = o.start.setZone(zone).toISODate()!;
    days.set(key, [...(days.get(key) ?? []), o]);
  }
  const today = now.setZone(zone).toISODate()!;
  const announcements = schedule.announcements.filter((a) => shown(a) && !isExpired(a, today));
  const langParam = lang === 'en' ? 'en' : null;
  // The other language keeps what the reader chose (filter and subscription).
  const otherLanguage = pageQuery({
    lang: t.otherLang,
    ...(audience ? { audience: audience.id } : {}),
    system: audience ? filter.filter((id) => !audience.systems.includes(id)) : filter,
    abonner: custom,
  });

  const body = html`<a class="skip" href="#innhold">${t.skip}</a>
    <header>
      <h1>${schedule.calendar.name}</h1>
      ${schedule.calendar.description ? html`<p>${schedule.calendar.description}</p>` : ''}
      ${unknown?.lang ? html`<p class="notice" role="status">${TEXTS.nb.unknownLanguage(unknown.lang)}</p>` : ''}
      <p><a href="./${otherLanguage}" lang="${t.otherLang}">${t.language}</a></p>
    </header>
    <main id="innhold">
      <section aria-labelledby="na" class="now">
        <h2 id="na">${t.now}</h2>
        ${
          current.length
            ? html`<ul class="occurrences">
                ${current.map((o) => occurrenceItem(o, index, t, { withDescription: true, now }))}
              </ul>`
            : html`<p>${t.nothingNow}</p>`
        }
      </section>

      <section aria-labelledby="kommende">
        <h2 id="kommende">${t.upcoming(UPCOMING_DAYS)}</h2>
        ${unknown?.audience ? html`<p class="notice" role="status">${t.unknownAudience(unknown.audience)}</p>` : ''}
        ${unknown?.systems.length ? unknownSystemsNotice(unknown.systems, schedule, t, langParam) : ''}
        ${systemsForm(
          {
            className: 'filter',
            anchor: 'kommende',
            name: 'system',
            chosen: audience ? filter.filter((id) => !audience.systems.includes(id)) : filter,
            legend: html`${t.filter}`,
            button: t.filterButton,
            langParam,
            systems: schedule.systems,
            t,
            audiences: { list: schedule.audiences, ...(audience ? { chosen: audience.id } : {}) },
          },
          filter.length
            ? html`<p role="status">
                ${t.filtered(filteredNames(filter, audience, index, t))}
                <a href="./${pageQuery({ lang: langParam })}#kommende">${t.showAll}</a>
              </p>`
            : '',
        )}
        ${
          days.size
            ? [...days].map(
                ([, list]) =>
                  html`<h3>${dayText(list[0]!.start.setZone(zone), t)}</h3>
                    <ul class="occurrences">
                      ${list.map((o) => occurrenceItem(o, index, t, { withDescription: true }))}
                    </ul>`,
              )
            : html`<p>${t.nothingUpcoming}</p>`
        }
      </section>

      <section aria-labelledby="varslet">
        <h2 id="varslet">${t.announced}</h2>
        ${
          announcements.length
            ? html`<ul class="occurrences">
                ${announcements.map(
                  (a) =>
                    html`<li class="occurrence">
                      <p class="when">${t.expected}: ${a.expected}</p>
                      <p class="title">${a.title}</p>
                      <p class="meta">
                        ${t.systems}: ${systemNames(a.systems, a.allSystems, index, t)}. ${t.provider}:
                        ${index.provider(a.provider).name}.
                      </p>
                      ${a.description ? html`<p class="description">${a.description}</p>` : ''}
                    </li>`,
                )}
              </ul>`
            : html`<p>${t.nothingAnnounced}</p>`
        }
      </section>

      ${freezeSection(index, now, t, lang)} ${subscribeSection(feeds, base, custom, t, langParam, subscribeAudience)}
    </main>
    ${pageFooter(schedule, t)}`;
  return page(lang, schedule.calendar.name, body);
}

/** What the filter shows: the audience's name for its systems, then the names of any others. */
function filteredNames(filter: string[], audience: Audience | undefined, index: ScheduleIndex, t: Texts): string {
  const others = audience ? filter.filter((id) => !audience.systems.includes(id)) : filter;
  const names = others.length ? systemNames(others, false, index, t) : '';
  return audience ? [audience.name, names].filter(Boolean).join(', ') : names;
}

/** `?lang=en&system=a&system=b`: the query of a page link, without empty parts ('' when none). */
function pageQuery(q: { lang?: string | null; audience?: string; system?: string[]; abonner?: string[] }): string {
  const params = new URLSearchParams();
  if (q.lang && q.lang !== 'nb') params.append('lang', q.lang);
  if (q.audience) params.append('audience', q.audience);
  for (const id of q.system ?? []) params.append('system', id);
  for (const id of q.abonner ?? []) params.append('abonner', id);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** `/?system=vsima`: say so, suggest the likely system, and point at the list. */
function unknownSystemsNotice(asked: string[], schedule: Schedule, t: Texts, langParam: string | null): Html {
  const suggestions = suggestedSystems(asked, schedule.systems);
  return html`<p class="notice" role="status">
    ${t.unknownSystems(asked.map((a) => `«${a}»`).join(', '))}
    ${
      suggestions.length
        ? html`${t.didYouMean}
          ${suggestions.map(
            (s, i) =>
              html`${i ? ', ' : ''}<a href="./${pageQuery({ lang: langParam, system: [s.id] })}#kommende"
                  >${s.name}</a
                >`,
          )}?`
        : ''
    }
    ${t.pickBelow}
  </p>`;
}

/** A system's label: its name, and the other names staff know it by. */
function systemLabel(s: System, t: Texts): Html {
  return html`${s.name}${s.aliases ? html` <span class="aliases">(${t.alsoCalled} ${s.aliases.join(', ')})</span>` : ''}`;
}

/** A GET form of system checkboxes (the filter), working without script. */
function systemsForm(
  f: {
    className: string;
    anchor: string;
    name: string;
    chosen: string[];
    legend: Html;
    button: string;
    langParam: string | null;
    systems: System[];
    t: Texts;
    /**
     * Audiences to pick first (the filter only), each radio carrying its systems for app.js. None
     * is checked until one is picked, so the form sends no empty `audience=`; "show all" clears it.
     */
    audiences?: { list: Audience[]; chosen?: string };
  },
  after: Html | '' = '',
): Html {
  const audiences = f.audiences?.list.length ? f.audiences : undefined;
  return html`<form method="get" action="./#${f.anchor}" class="${f.className}">
    ${f.langParam ? html`<input type="hidden" name="lang" value="${f.langParam}" />` : ''}
    ${
      audiences
        ? html`<fieldset class="audiences">
            <legend>${f.t.pickAudience}</legend>
            ${audiences.list.map((a) => html`<label><input type="radio" name="audience" value="${a.id}" data-systems="${a.systems.join(' ')}" ${audiences.chosen === a.id ? html` checked` : ''} /> ${a.name}</label> `)}
          </fieldset>`
        : ''
    }
    <fieldset>
      <legend>${f.legend}</legend>
      ${f.systems.map((s) => html`<label><input type="checkbox" name="${f.name}" value="${s.id}" ${f.chosen.includes(s.id) ? html` checked` : ''} /> ${systemLabel(s, f.t)}</label> `)}
      <button type="submit">${f.button}</button>
    </fieldset>
    ${after}
  </form>`;
}

/**
 * Abonner: choose all systems or tick some, get one set of buttons and the address (a GET form
 * without script; app.js refreshes the result as boxes are ticked), then every feed in a table.
 */
function subscribeSection(
  feeds: FeedSet,
  base: string,
  custom: string[],
  t: Texts,
  langParam: string | null,
  audience?: Audience,
): Html {
  const schedule = feeds.schedule;
  const chosen =
    custom.length === 0
      ? feeds.get(audience ? `feeds/audiences/${audience.id}.ics` : 'feeds/all.ics')!
      : custom.length === 1
        ? feeds.get(`feeds/systems/${custom[0]}.ics`)!
        : feeds.customFeed(custom);
  const name = custom.length === 0 && !audience ? t.chooseAll : feedLabel(chosen);
  const all = custom.length === 0 && !audience;
  const links = subscribeLinks(`${base}/${chosen.definition.path}`, chosen.definition.name);
  return html`<section aria-labelledby="abonner">
    <h2 id="abonner">${t.subscribe}</h2>
    <p>${t.subscribeIntro}</p>
    <form method="get" action="./#abonner" class="subscribe">
      ${langParam ? html`<input type="hidden" name="lang" value="${langParam}" />` : ''}
      <fieldset>
        <legend>${t.choose}</legend>
        <p>
          <label><input type="radio" name="kalender" value="alle" ${all ? html` checked` : ''} /> ${t.chooseAll}</label>
        </p>
        ${schedule.audiences.map(
          (a) =>
            html`<p>
              <label
                ><input type="radio" name="kalender" value="${a.id}" ${audience?.id === a.id ? html` checked` : ''} />
                ${a.name}</label
              >
            </p>`,
        )}
        <p>
          <label
            ><input type="radio" name="kalender" value="valgte" ${custom.length ? html` checked` : ''} />
            ${t.chooseSome}</label
          >
        </p>
        <div class="choices">
          ${schedule.systems.map((s) => html`<label><input type="checkbox" name="abonner" value="${s.id}" ${custom.includes(s.id) ? html` checked` : ''} /> ${systemLabel(s, t)}</label> `)}
        </div>
        <button type="submit">${t.chooseButton}</button>
      </fieldset>
    </form>
    <div id="abonnement" class="subscription">
      <h3>${t.yourCalendar(name)}</h3>
      <p class="buttons">
        <a class="button" href="${links.webcal}">${t.outlookDesktop}</a>
        <a class="button" href="${links.outlookWeb}" rel="noopener" target="_blank">${t.outlookWeb}</a>
        <a class="button" href="${links.google}" rel="noopener" target="_blank">${t.google}</a>
      </p>
      <p class="feed-address">
        <label for="adresse">${t.address}</label>
        <input id="adresse" type="text" readonly value="${links.https}" />
        <button
          type="button"
          class="copy"
          data-copy="${links.https}"
          data-copied="${t.copied}"
          data-failed="${t.copyFailed}"
        >
          ${t.copy}
        </button>
      </p>
    </div>
    <p id="copy-status" role="status" aria-live="polite" class="status" data-updated="${t.addressUpdated}"></p>
    <p>${t.refreshHelp}</p>
    <details>
      <summary>${t.googleManual}</summary>
      <ol>
        ${t.googleSteps.map((s) => html`<li>${s}</li>`)}
      </ol>
    </details>
    <h3 id="alle-kalendere">${t.allFeeds}</h3>
    <p>${t.systemOrProvider}</p>
    ${feedTable(
      feeds.feeds.filter((f) => f.definition.kind === 'system' || f.definition.kind === 'provider'),
      base,
      t,
      feeds.index,
    )}
  </section>`;
}

/** Every per-system and per-provider feed, one row each: kind, the three links, the address. */
function feedTable(list: Feed[], base: string, t: Texts, index: ScheduleIndex): Html {
  return html`<table class="feeds" aria-labelledby="alle-kalendere">
    <thead>
      <tr>
        <th scope="col">${t.feedColumn}</th>
        <th scope="col">${t.kindColumn}</th>
        <th scope="col">${t.linksColumn}</th>
      </tr>
    </thead>
    <tbody>
      ${list.map((f) => {
        const links = subscribeLinks(`${base}/${f.definition.path}`, f.definition.name);
        const system = f.definition.kind === 'system';
        const label = system ? systemLabel(index.system(f.definition.id), t) : feedLabel(f);
        return html`<tr class="feed ${f.definition.kind}">
          <th scope="row">${label}</th>
          <td>${system ? t.kindSystem : t.kindProvider}</td>
          <td class="feed-links">
            <a href="${links.webcal}">${t.outlookDesktop}</a> ·
            <a href="${links.outlookWeb}" rel="noopener" target="_blank">${t.outlookWeb}</a> ·
            <a href="${links.google}" rel="noopener" target="_blank">${t.google}</a> ·
            <a href="${links.https}" class="https"
              >${t.httpsAddress(links.https.startsWith('https:') ? 'https' : 'http')}</a
            >
          </td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}

/** A feed's name without the calendar's name before it: "Planlagt nedetid IKT: GAT" → "GAT". */
function feedLabel(feed: Feed): string {
  return feed.definition.name.replace(/^[^:]*: /, '');
}

/** When the schedule last changed, and where to ask (calendar.updated, calendar.contact). */
function pageFooter(schedule: Schedule, t: Texts): Html | '' {
  const { updated, contact, timezone } = schedule.calendar;
  if (!updated && !contact) return '';
  const changed = updated?.setZone(timezone).setLocale(t.locale);
  return html`<footer>
    ${
      changed
        ? html`<p>
            ${t.lastChanged}:
            <time datetime="${changed.toISO({ suppressMilliseconds: true })}"
              >${changed.toLocaleString(DateTime.DATETIME_MED)}</time
            >
          </p>`
        : ''
    }
    ${
      contact
        ? html`<p class="contact">
            ${t.contactIntro} ${contact.name ? html`${contact.name}:` : ''}
            ${contact.phone ? html`${t.phone} <a href="tel:${contact.phone.replace(/ /g, '')}">${contact.phone}</a>` : ''}
            ${contact.email ? html`${contact.phone ? ' · ' : ''}${t.email} <a href="mailto:${contact.email}">${contact.email}</a>` : ''}
            ${contact.url ? html`${contact.phone || contact.email ? ' · ' : ''}<a href="${contact.url}">${t.web}</a>` : ''}
          </p>`
        : ''
    }
  </footer>`;
}

/** The HTML document around a page body; the embed uses it too. Relative URLs: see renderPage. */
export function page(lang: Lang, title: string, body: Html, extraClass = ''): string {
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="assets/style.css">
<link rel="icon" href="assets/favicon.svg" type="image/svg+xml">
<link rel="alternate" type="application/atom+xml" href="feeds/all.atom" title="${title}">
<script src="assets/app.js" defer></script>
</head>
<body${extraClass ? html` class="${extraClass}"` : ''}>
${body}
</body>
</html>
`.text;
}
