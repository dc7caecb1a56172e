import { describe, it } from 'node:test';
import { DateTime } from 'luxon';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/run-cli.js';
import { SHIPPED } from '../helpers/load.js';
import { testApp } from '../helpers/app.js';

describe('occurrencesJson notes', () => {
  it('upcoming --json carries the note of a moved occurrence ("Før jul" was missing bug)', async () => {
    const r = await runCli(['upcoming', '--config', SHIPPED, '--from', '2022-12-01', '--days', '31', '--json']);
    assert.equal(r.code, 0, r.err);
    const moved = (
      JSON.parse(r.out) as { occurrences: { window: string; movedFrom?: string; note?: string }[] }
    ).occurrences.filter((o) => o.movedFrom);
    assert.deepEqual(moved, [
      {
        ...moved[0],
        window: 'gjovikregionen-manedlig',
        movedFrom: '2022-12-21',
        note: 'Før jul',
      },
    ]);
  });

  it('/api/occurrences carries the note too', async (t) => {
    const { app } = testApp(t, { now: () => DateTime.fromISO('2022-12-01T10:00', { zone: 'Europe/Oslo' }) });
    const r = await app.inject({ url: '/api/occurrences?from=2022-12-01&to=2022-12-31' });
    assert.equal(r.statusCode, 200, r.body);
    const notes = r
      .json<{ occurrences: { note?: string }[] }>()
      .occurrences.map((o) => o.note)
      .filter(Boolean);
    assert.deepEqual(notes, ['Før jul']);
  });
});
