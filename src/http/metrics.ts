import type { FeedStore } from '../feeds/feed-store.js';

/**
 * Prometheus counters, kept by hand: a few labelled counters do not need a client library.
 * Feed labels are bounded by the catalogue (unknown ids count as one label).
 */
export class Metrics {
  private readonly requests = new Map<string, number>();

  countRequest(feed: string, status: number): void {
    const key = `${feed}\u0000${status}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  render(store: FeedStore): string {
    const lines = [
      '# HELP nedetid_http_requests_total HTTP requests by feed and status (304 = revalidated without a body).',
      '# TYPE nedetid_http_requests_total counter',
    ];
    for (const [key, n] of [...this.requests].sort()) {
      const [feed, status] = key.split('\u0000');
      lines.push(`nedetid_http_requests_total{feed="${escape(feed!)}",status="${status}"} ${n}`);
    }
    lines.push(
      '# HELP nedetid_schedule_reloads_total Schedule reloads by result.',
      '# TYPE nedetid_schedule_reloads_total counter',
      `nedetid_schedule_reloads_total{result="ok"} ${store.reloads.ok}`,
      `nedetid_schedule_reloads_total{result="failed"} ${store.reloads.failed}`,
      '# HELP nedetid_schedule_degraded 1 while the newest schedule file is refused and the last good one is served.',
      '# TYPE nedetid_schedule_degraded gauge',
      `nedetid_schedule_degraded ${store.health.status === 'degraded' ? 1 : 0}`,
      '# HELP nedetid_schedule_load_seconds Time the last good schedule took to read, validate and render.',
      '# TYPE nedetid_schedule_load_seconds gauge',
      `nedetid_schedule_load_seconds ${(store.lastLoadMs / 1000).toFixed(6)}`,
      '# HELP nedetid_schedule_windows Windows in the schedule being served.',
      '# TYPE nedetid_schedule_windows gauge',
      `nedetid_schedule_windows ${store.current.schedule.windows.length}`,
      '# HELP nedetid_feeds Feeds in the catalogue being served.',
      '# TYPE nedetid_feeds gauge',
      `nedetid_feeds ${store.current.feeds.length}`,
    );
    return lines.join('\n') + '\n';
  }
}

function escape(label: string): string {
  return label.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}
