import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { testApp } from '../helpers/app.js';
import { feedsFrom } from '../helpers/load.js';
import { SELECTION } from './selection-helpers.js';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Oslo' });

/** The value of one sample of the exposition, or undefined when it is absent. */
function sample(body: string, series: string): string | undefined {
  return body
    .split('\n')
    .find((l) => l.startsWith(`${series} `))
    ?.slice(series.length + 1);
}

interface Status {
  down: string[];
  systems: { id: string; down: boolean; windows: { id: string }[]; nextStart?: string; nextWindow?: string }[];
}

/** /api/status and /metrics of the selection fixture at a local time. */
async function stateAt(t: Parameters<typeof testApp>[0], iso: string) {
  const { app } = testApp(t, { feeds: feedsFrom(SELECTION), now: () => at(iso) });
  const status = (await app.inject('/api/status')).json<Status>();
  const metrics = (await app.inject('/metrics')).body;
  const system = (id: string) => status.systems.find((s) => s.id === id)!;
  const gauge = (id: string) => sample(metrics, `nedetid_maintenance_active{system="${id}"}`);
  const next = (id: string) => sample(metrics, `nedetid_maintenance_next_start_seconds{system="${id}"}`);
  return { app, status, system, gauge, next };
}

describe('depends-on in /api/status and nedetid_maintenance_active (issue 19 point 6)', () => {
  test('an internet window marks IST-tjenester down in the status API and the gauge, as in its feed', async (t) => {
    const s = await stateAt(t, '2026-02-07T09:00');
    assert.deepEqual(s.status.down, ['internett', 'ist-tjenester']);
    assert.deepEqual(
      s.system('ist-tjenester').windows.map((w) => w.id),
      ['brannmur'],
    );
    assert.equal(s.gauge('internett'), '1');
    assert.equal(s.gauge('ist-tjenester'), '1');
    assert.equal(s.gauge('visma'), '0');
    const asked = (await s.app.inject('/api/status?systems=ist-tjenester')).json<Status>();
    assert.deepEqual(asked.down, ['ist-tjenester']);
  });

  test('the next start of a dependent system is its dependency window', async (t) => {
    const s = await stateAt(t, '2026-02-01T12:00');
    assert.equal(s.system('ist-tjenester').nextWindow, 'brannmur');
    assert.equal(s.system('ist-tjenester').nextStart, '2026-02-07T08:00:00+01:00');
    assert.equal(s.next('ist-tjenester'), String(at('2026-02-07T08:00').toSeconds()));
  });
});

describe('cancelled work is not "down" (issue 21 item 2)', () => {
  test('a status: cancelled window is not down in /api/status nor the gauge, and is no next start', async (t) => {
    const during = await stateAt(t, '2026-02-10T09:00');
    assert.deepEqual(during.status.down, []);
    assert.equal(during.system('gat').down, false);
    assert.equal(during.gauge('gat'), '0');
    const before = await stateAt(t, '2026-02-09T12:00');
    assert.equal(before.system('gat').nextStart, undefined);
    assert.equal(before.next('gat'), undefined);
  });

  test('a cancelled: occurrence is not down, and the next start is the following patch night', async (t) => {
    const during = await stateAt(t, '2026-03-18T17:00');
    assert.deepEqual(during.status.down, []);
    assert.equal(during.gauge('visma'), '0');
    assert.equal(during.gauge('acos-websak'), '0');
    const before = await stateAt(t, '2026-03-17T12:00');
    assert.equal(before.system('visma').nextStart, '2026-04-15T16:00:00+02:00');
    // An occurrence that is not called off is down, on both of its systems.
    const april = await stateAt(t, '2026-04-15T17:00');
    assert.deepEqual(april.status.down, ['visma', 'acos-websak']);
  });
});
