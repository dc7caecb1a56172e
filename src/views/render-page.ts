import type { DateTime } from 'luxon';
import type { Feed, FeedSet } from '../feeds/feed-set.js';
import { expandSchedule } from '../occurrences/expand-window.js';
import { scheduleIndex } from '../schedule/schedule-index.js';
import type { Work } from '../schedule/schedule.js';
import { html, type Html } from './html.js';
import { dayHeading, occurrenceItem, systemNames } from './occurrence-view.js';
import { subscribeLinks } from './subscribe-links.js';
import { TEXTS, type Lang, type Texts } from './texts.js';

import { UPCOMING_DAYS } from './horizons.js';
import { isExpired } from '../schedule/announcement-expiry.js';

export interface PageInput {
  feeds: FeedSet;
  now: DateTime;
  lang: Lang;
  /** Absolute site base for feed addresses, without a trailing slash. */
  base: string;
  /** Systems the reader chose to see (empty: all). */
  filter: string[];
  /** Systems chosen for a custom feed (empty: none yet). */
  custom: string[];
}

/** The intranet page: now, upcoming, announced, and every way to subscribe. No script inline (CSP). */
export function renderPage({ feeds, now, lang, base, filter, custom }: PageInput): string {
  const t = TEXTS[lang];
  const schedule = feeds.schedule;
  const zone = schedule.calendar.timezone;
  const index = scheduleIndex(schedule);
  const shown = (work: Work) => index.affectsAny(work, filter);
  const until = now.plus({ days: UPCOMING_DAYS });
  const occurrences = expandSchedule(schedule, now, until, shown);
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

  const body = html`<a class="skip" href="#innhold">${t.skip}</a>
    <header>
      <h1>${schedule.calendar.name}</h1>
      ${schedule.calendar.description ? html`<p>${schedule.calendar.description}</p>` : ''}
      <p><a href="/${t.languageHref}" lang="${lang === 'nb' ? 'en' : 'nb'}">${t.language}</a></p>
    </header>
    <main id="innhold">
      <section aria-labelledby="na" class="now">
        <h2 id="na">${t.now}</h2>
        ${
          current.length
            ? html`<ul class="occurrences">
                ${current.map((o) => occurrenceItem(o, schedule, t, { withDescription: true }))}
              </ul>`
            : html`<p>${t.nothingNow}</p>`
        }
      </section>

      <section aria-labelledby="kommende">
        <h2 id="kommende">${t.upcoming(UPCOMING_DAYS)}</h2>
        ${systemsForm(
          {
            className: 'filter',
            anchor: 'kommende',
            name: 'system',
            chosen: filter,
            legend: t.filter,
            button: t.filterButton,
            langParam,
            systems: schedule.systems,
          },
          filter.length
            ? html`<p role="status">
                ${t.filtered(systemNames(filter, false, schedule, t))}
                <a href="/${langParam ? '?lang=en' : ''}#kommende">${t.showAll}</a>
              </p>`
            : '',
        )}
        ${
          days.size
            ? [...days].map(
                ([, list]) =>
                  html`<h3>${dayHeading(list[0]!.start.setZone(zone), t)}</h3>
                    <ul class="occurrences">
                      ${list.map((o) => occurrenceItem(o, schedule, t, { withDescription: true }))}
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
                        ${t.systems}: ${systemNames(a.systems, a.allSystems, schedule, t)}. ${t.provider}:
                        ${index.provider(a.provider).name}.
                      </p>
                      ${a.description ? html`<p class="description">${a.description}</p>` : ''}
                    </li>`,
                )}
              </ul>`
            : html`<p>${t.nothingAnnounced}</p>`
        }
      </section>

      <section aria-labelledby="abonner">
        <h2 id="abonner">${t.subscribe}</h2>
        <p>${t.subscribeIntro}</p>
        <p>${t.refreshHelp}</p>
        <details>
          <summary>${t.googleManual}</summary>
          <ol>
            ${t.googleSteps.map((s) => html`<li>${s}</li>`)}
          </ol>
        </details>
        <p id="copy-status" role="status" aria-live="polite" class="status"></p>
        <h3>${t.combined}</h3>
        ${feedTable(
          feeds.feeds.filter((f) => f.definition.kind === 'combined'),
          base,
          t,
        )}
        <h3>${t.bySystem}</h3>
        ${feedTable(
          feeds.feeds.filter((f) => f.definition.kind === 'system'),
          base,
          t,
        )}
        <h3>${t.byProvider}</h3>
        ${feedTable(
          feeds.feeds.filter((f) => f.definition.kind === 'provider'),
          base,
          t,
        )}
        <h3 id="egen">${t.custom}</h3>
        ${systemsForm({ className: 'custom', anchor: 'egen', name: 'abonner', chosen: custom, legend: t.customIntro, button: t.customButton, langParam, systems: schedule.systems })}
        <div id="custom-result">
          ${custom.length ? feedTable([feeds.customFeed(custom)], base, t) : html`<p>${t.customPick}</p>`}
        </div>
      </section>
    </main>`;
  return page(lang, schedule.calendar.name, body);
}

/** A GET form of system checkboxes: the filter and the custom-feed picker, both working without script. */
function systemsForm(
  f: {
    className: string;
    anchor: string;
    name: string;
    chosen: string[];
    legend: string;
    button: string;
    langParam: string | null;
    systems: { id: string; name: string }[];
  },
  after: Html | '' = '',
): Html {
  return html`<form method="get" action="/#${f.anchor}" class="${f.className}">
    ${f.langParam ? html`<input type="hidden" name="lang" value="${f.langParam}" />` : ''}
    <fieldset>
      <legend>${f.legend}</legend>
      ${f.systems.map((s) => html`<label><input type="checkbox" name="${f.name}" value="${s.id}" ${f.chosen.includes(s.id) ? html` checked` : ''} /> ${s.name}</label> `)}
      <button type="submit">${f.button}</button>
    </fieldset>
    ${after}
  </form>`;
}

function feedTable(list: Feed[], base: string, t: Texts): Html {
  return html`<ul class="feeds">
    ${list.map((f) => {
      const url = `${base}/${f.definition.path}`;
      const links = subscribeLinks(url, f.definition.name);
      return html`<li class="feed">
        <p class="feed-name">${f.definition.name.replace(/^[^:]*: /, '')}</p>
        <p class="feed-links">
          <a href="${links.webcal}">${t.outlookDesktop}</a> ·
          <a href="${links.outlookWeb}" rel="noopener" target="_blank">${t.outlookWeb}</a> ·
          <a href="${links.google}" rel="noopener" target="_blank">${t.google}</a>
        </p>
        <p class="feed-address">
          <label>${t.address} <input type="text" readonly value="${links.https}" size="40" /></label>
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
      </li>`;
    })}
  </ul>`;
}

/** The HTML document around a page body; the embed uses it too. */
export function page(lang: Lang, title: string, body: Html, extraClass = ''): string {
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/assets/style.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="alternate" type="application/atom+xml" href="/feeds/all.atom" title="${title}">
<script src="/assets/app.js" defer></script>
</head>
<body${extraClass ? html` class="${extraClass}"` : ''}>
${body}
</body>
</html>
`.text;
}
