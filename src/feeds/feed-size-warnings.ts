import type { ScheduleProblem } from '../schedule-file/schedule-error.js';
import type { SchedulePositions } from '../schedule-file/schedule-positions.js';
import type { FeedSet } from './feed-set.js';

/**
 * Google Calendar is reported to drop events from subscribed feeds above about 1 MB or 1,000
 * events (user reports, docs/calendar-clients.md); `check` warns before a feed gets there.
 */
export const GOOGLE_FEED_BYTES = 1024 * 1024;
export const GOOGLE_FEED_EVENTS = 1000;

/**
 * One warning per feed over either limit, naming the feed, its size and Google Calendar, at the
 * window that puts the most events into it (the one to shorten).
 */
export function feedSizeWarnings(feeds: FeedSet, positions: SchedulePositions): ScheduleProblem[] {
  const out: ScheduleProblem[] = [];
  for (const feed of feeds.feeds) {
    const texts = feed.texts();
    const bytes = texts.reduce((sum, t) => sum + Buffer.byteLength(t, 'utf8'), 0);
    // The texts are the head, one per window of the feed in schedule order, and the tail.
    const perWindow = feed.definition.windows.map((w, i) => ({ window: w, events: countEvents(texts[i + 1] ?? '') }));
    const events = perWindow.reduce((sum, w) => sum + w.events, 0);
    if ((bytes <= GOOGLE_FEED_BYTES && events <= GOOGLE_FEED_EVENTS) || perWindow.length === 0) continue;
    const most = perWindow.reduce((a, b) => (b.events > a.events ? b : a));
    const size = bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    out.push(
      positions.problem(
        most.window.id,
        most.window.timing.kind === 'recurring' ? 'repeat' : null,
        `${feed.definition.path} holds ${events.toLocaleString('en')} events (${size}); Google Calendar is reported to drop events from subscribed feeds above about 1 MB or 1,000 events. ${
          most.events > 1
            ? `The most (${most.events}) come from '${most.window.id}': give it \`until:\` or a rule Outlook maps as written (docs/schedule-format.md, "Exact in Outlook")`
            : `It holds ${perWindow.length.toLocaleString('en')} windows: remove one-off windows long past`
        }`,
      ),
    );
  }
  return out;
}

function countEvents(text: string): number {
  return text.split('BEGIN:VEVENT\r\n').length - 1;
}
