import { DateTime } from 'luxon';
import { expandSelected } from '../occurrences/expand-window.js';
import { API_MAX_DAYS, API_RANGE_YEARS, UPCOMING_DAYS } from '../views/horizons.js';
import { occurrencesJson } from '../views/occurrences-json.js';
import { statusJson } from '../views/status-json.js';
import { subscribeLinks } from '../views/subscribe-links.js';
import { selectedSystems, sendError } from './error-body.js';
import type { Routes } from './route-options.js';
import { FEED_LIST, OCCURRENCES, STATUS } from './route-schemas.js';
import { maintenanceNow } from './maintenance-now.js';
import { idList } from '../text/id-list.js';
import { siteBase } from './site-base.js';

/** /api/…: JSON for tools, from the same feeds and expansion as the calendars and the page. */
export const apiRoutes: Routes = async (app, { store, publicUrl, now }) => {
  app.get('/api/feeds', { schema: FEED_LIST }, (request, reply) => {
    const base = siteBase(request, reply, publicUrl);
    return {
      feeds: store.current.feeds.map((f) => {
        const links = subscribeLinks(`${base}/${f.definition.path}`, f.definition.name);
        return {
          id: f.definition.id,
          kind: f.definition.kind as 'combined' | 'system' | 'provider' | 'audience' | 'freezes',
          name: f.definition.name,
          url: links.https,
          webcal: links.webcal,
        };
      }),
    };
  });

  app.get('/api/occurrences', { schema: OCCURRENCES }, (request, reply) => {
    const feeds = store.current;
    const schedule = feeds.schedule;
    const zone = schedule.calendar.timezone;
    const q = request.query;
    const parse = (name: string, value: string | undefined, fallback: DateTime) => {
      if (value === undefined) return fallback;
      const d = DateTime.fromISO(value, { zone });
      return d.isValid ? d : name;
    };
    const from = parse('from', q.from, now());
    const to = typeof from === 'string' ? from : parse('to', q.to, from.plus({ days: UPCOMING_DAYS }));
    if (typeof from === 'string' || typeof to === 'string') {
      const name = typeof from === 'string' ? 'from' : 'to';
      const example = 'such as 2022-06-01 or 2022-06-01T12:00';
      sendError(reply, 400, 'bad_request', `${name} '${q[name]}' must be an ISO 8601 date or date-time ${example}`);
      return;
    }
    if (to <= from || to.diff(from, 'days').days > API_MAX_DAYS) {
      sendError(reply, 400, 'bad_request', `to must be after from and at most ${API_MAX_DAYS} days later`);
      return;
    }
    // Far dates are refused rather than expanded: nobody plans downtime in the year 9999.
    const today = now();
    const [earliest, latest] = [today.minus({ years: API_RANGE_YEARS }), today.plus({ years: API_RANGE_YEARS })];
    const beyond = (d: DateTime) => d < earliest || d > latest;
    const outside = beyond(from) ? 'from' : beyond(to) ? 'to' : undefined;
    if (outside) {
      const value = q[outside] ?? `${from.toISODate()} + ${UPCOMING_DAYS} days`;
      const range = `${earliest.toISODate()} to ${latest.toISODate()} (${API_RANGE_YEARS} years either side of today)`;
      sendError(reply, 400, 'bad_request', `${outside} '${value}' must be from ${range}`);
      return;
    }
    const systems = selectedSystems(reply, feeds, idList(q.systems));
    if (!systems) return;
    const occurrences = expandSelected(schedule, from, to, systems);
    reply.send(occurrencesJson(schedule, from, to, occurrences));
  });

  // What is down now, for uptime checkers and chat bots. Windows start and end on whole minutes
  // and a poller can be half a minute late, so caches may keep the answer 30 seconds.
  app.get('/api/status', { schema: STATUS }, (request, reply) => {
    const feeds = store.current;
    const systems = selectedSystems(reply, feeds, idList(request.query.systems));
    if (!systems) return;
    const { at, status } = maintenanceNow(feeds, now());
    const chosen = systems.length ? status.filter((s) => systems.includes(s.system.id)) : status;
    reply.header('cache-control', 'public, max-age=30').send(statusJson(feeds.schedule, at, chosen));
  });
};
