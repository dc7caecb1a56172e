import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { testApp } from '../helpers/app.js';

const zone = 'Europe/Oslo';
const at = (iso: string) => DateTime.fromISO(iso, { zone });
const unix = (iso: string) => String(at(iso).toSeconds());

/** The value of one sample line of the exposition, or undefined when it is absent. */
function sample(body: string, series: string): string | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line?.slice(series.length + 1);
}

describe('/metrics: maintenance gauges and process metrics', () => {
  test('/metrics: nedetid_maintenance_active is 1 for exactly the systems a window covers now', async (t) => {
    // Wednesday 22 June 2022 17:00: the regional window (visma, gat, servere) runs 16:00–19:00.
    const { app } = testApp(t, { now: () => at('2022-06-22T17:00') });
    const body = (await app.inject('/metrics')).body;
    assert.match(body, /# TYPE nedetid_maintenance_active gauge/);
    for (const [system, value] of [
      ['visma', '1'],
      ['gat', '1'],
      ['servere', '1'],
      ['ist-tjenester', '0'],
      ['internett', '0'],
      ['ip-telefoni', '0'],
    ])
      assert.equal(sample(body, `nedetid_maintenance_active{system="${system}"}`), value, system);
  });

  test('/metrics: nedetid_maintenance_next_start_seconds is the next start as a Unix time', async (t) => {
    // Monday 13 June 2022 10:00, during the all-day Visma upgrade.
    const { app } = testApp(t, { now: () => at('2022-06-13T10:00') });
    const body = (await app.inject('/metrics')).body;
    assert.equal(sample(body, 'nedetid_maintenance_active{system="visma"}'), '1');
    assert.equal(sample(body, 'nedetid_maintenance_next_start_seconds{system="visma"}'), unix('2022-06-14T00:00'));
    assert.equal(sample(body, 'nedetid_maintenance_next_start_seconds{system="gat"}'), unix('2022-06-22T16:00'));
    assert.equal(
      sample(body, 'nedetid_maintenance_next_start_seconds{system="ist-tjenester"}'),
      unix('2022-06-28T17:00'),
    );
    // Internet is only in the one-off March window: nothing planned, so no series at all.
    assert.equal(sample(body, 'nedetid_maintenance_next_start_seconds{system="internett"}'), undefined);
    assert.equal(sample(body, 'nedetid_maintenance_active{system="internett"}'), '0');
  });

  test('/metrics: the clock moves the maintenance gauges (same app, later scrape)', async (t) => {
    let now = at('2022-06-22T15:59');
    const { app } = testApp(t, { now: () => now });
    assert.equal(sample((await app.inject('/metrics')).body, 'nedetid_maintenance_active{system="gat"}'), '0');
    now = at('2022-06-22T16:00');
    assert.equal(sample((await app.inject('/metrics')).body, 'nedetid_maintenance_active{system="gat"}'), '1');
    now = at('2022-06-22T19:00');
    assert.equal(sample((await app.inject('/metrics')).body, 'nedetid_maintenance_active{system="gat"}'), '0');
  });

  test('/metrics: prom-client brings the process, heap, GC and event-loop-lag metrics', async (t) => {
    const { app } = testApp(t);
    const body = (await app.inject('/metrics')).body;
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_gc_duration_seconds',
      'nodejs_eventloop_lag_seconds',
    ])
      assert.match(body, new RegExp(`^# TYPE ${name} `, 'm'), name);
    assert.match(body, /^nedetid_schedule_reloads_total\{result="ok"\} 0$/m);
    // Scraped again at once the event-loop histogram is empty: no Nan, no 2^63 minimum, no exponents.
    const again = (await app.inject('/metrics')).body;
    assert.doesNotMatch(again, / Nan$|^nodejs_eventloop_lag_min_seconds 9223372036|\de[+-]\d+$/m);
    assert.match(body, /^nedetid_schedule_degraded 0$/m);
  });
});

describe('GET /api/status', () => {
  test('GET /api/status: what is down now, per system, with a short Cache-Control', async (t) => {
    const { app } = testApp(t, { now: () => at('2022-06-13T10:00:25') });
    const res = await app.inject('/api/status?systems=visma,gat');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'public, max-age=30');
    assert.deepEqual(res.json(), {
      at: '2022-06-13T10:00:00+02:00',
      down: ['visma'],
      systems: [
        {
          id: 'visma',
          name: 'Visma økonomi',
          down: true,
          windows: [
            {
              id: 'visma-2022-1',
              title: 'Visma oppgraderes til 2022.1 – Visma er nede',
              status: 'confirmed',
              start: '2022-06-13',
              end: '2022-06-14',
            },
          ],
          nextStart: '2022-06-14',
          nextWindow: 'visma-2022-1-dag-2',
        },
        {
          id: 'gat',
          name: 'GAT',
          down: false,
          windows: [],
          nextStart: '2022-06-22T16:00:00+02:00',
          nextWindow: 'gjovikregionen-manedlig',
        },
      ],
    });
    const all = (await app.inject('/api/status')).json();
    assert.equal(all.systems.length, 6);
    const bad = await app.inject('/api/status?systems=vsima');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /unknown system 'vsima'; known systems: visma, gat/);
  });
});
