import type { DateTime } from 'luxon';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { FeedStore } from '../feeds/feed-store.js';
import { STATUS_LOOKAHEAD_DAYS } from '../occurrences/system-status.js';
import { maintenanceNow } from './maintenance-now.js';

/**
 * The service's Prometheus registry (prom-client): request counts, the schedule being served,
 * each system's maintenance state, and Node's process, heap, GC and event-loop-lag metrics.
 * One registry per app, so test apps do not share counts. Feed labels are bounded by the
 * catalogue (unknown ids count as one label); system labels by the schedule.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'feed' | 'status'>;

  constructor(store: FeedStore, now: () => DateTime) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    // The lag percentiles are left out: their names (…_p50_seconds) break the [a-z_] naming the
    // service's exposition has kept so far; mean, max, stddev and the histogram's own lag remain.
    for (const p of [50, 90, 99]) this.registry.removeSingleMetric(`nodejs_eventloop_lag_p${p}_seconds`);
    this.requests = new Counter({
      name: 'nedetid_http_requests_total',
      help: 'HTTP requests by feed and status (304 = revalidated without a body).',
      labelNames: ['feed', 'status'],
      registers,
    });
    new Counter({
      name: 'nedetid_schedule_reloads_total',
      help: 'Schedule reloads by result.',
      labelNames: ['result'],
      registers,
      // The store counts reloads; the counter reports its numbers at scrape time.
      collect() {
        this.reset();
        this.inc({ result: 'ok' }, store.reloads.ok);
        this.inc({ result: 'failed' }, store.reloads.failed);
      },
    });
    const gauge = (name: string, help: string, value: () => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(value());
        },
      });
    gauge(
      'nedetid_schedule_degraded',
      '1 while the newest schedule file is refused and the last good one is served.',
      () => (store.health.status === 'degraded' ? 1 : 0),
    );
    gauge(
      'nedetid_schedule_load_seconds',
      'Time the last good schedule took to read, validate and render.',
      () => store.lastLoadMs / 1000,
    );
    gauge(
      'nedetid_schedule_windows',
      'Windows in the schedule being served.',
      () => store.current.schedule.windows.length,
    );
    gauge('nedetid_feeds', 'Feeds in the catalogue being served.', () => store.current.feeds.length);
    // Both maintenance gauges come from the same expansion as the feeds, at the app's clock.
    new Gauge({
      name: 'nedetid_maintenance_active',
      help: '1 while a planned window covers the system, else 0.',
      labelNames: ['system'],
      registers,
      collect() {
        this.reset();
        for (const s of maintenanceNow(store.current, now()).status)
          this.set({ system: s.system.id }, s.active.length > 0 ? 1 : 0);
      },
    });
    new Gauge({
      name: 'nedetid_maintenance_next_start_seconds',
      help: `Start of the next planned window of the system, as a Unix time (absent: none within ${STATUS_LOOKAHEAD_DAYS} days).`,
      labelNames: ['system'],
      registers,
      collect() {
        this.reset();
        for (const s of maintenanceNow(store.current, now()).status)
          if (s.next) this.set({ system: s.system.id }, s.next.start.toSeconds());
      },
    });
  }

  countRequest(feed: string, status: number): void {
    this.requests.inc({ feed, status: String(status) });
  }

  /**
   * The exposition text and its content type (Prometheus text format 0.0.4). The event-loop
   * histogram has no samples right after start or when two scrapes fall within its 10 ms
   * resolution; prom-client then writes its mean as `Nan` (sic), its min as 2^63 ns and its max
   * as 0. Those four samples are left out for that scrape rather than reported as measurements.
   * Values JavaScript prints with an exponent (5.11e-7) are written as plain decimals, which
   * every scraper reads, including line-based tools such as awk or a shell `read`.
   */
  async render(): Promise<{ contentType: string; text: string }> {
    let text = await this.registry.metrics();
    if (/^nodejs_eventloop_lag_mean_seconds Nan$/m.test(text))
      text = text.replace(/^nodejs_eventloop_lag_(min|max|mean|stddev)_seconds \S+\n/gm, '');
    text = text.replace(
      /^([^#\n][^\n]* )(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/gm,
      (_, head: string, sign: string, int: string, frac = '', exp: string) =>
        `${head}${sign}${plainDecimal(int + frac, 1 + Number(exp))}`,
    );
    return { contentType: this.registry.contentType, text };
  }
}

/** The number 0.DIGITS × 10^point as a decimal without an exponent: ('511', -6) → 0.000000511. */
function plainDecimal(digits: string, point: number): string {
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}
