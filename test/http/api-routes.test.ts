import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { testApp } from '../helpers/app.js';
import { datesWalked } from '../helpers/rrule-walk.js';

const NOW = DateTime.fromISO('2026-06-01T10:00', { zone: 'Europe/Oslo' });

describe('/api/occurrences', () => {
  test('regression: /api/occurrences for the year 9999 held the event loop for seconds; far dates are a 400 naming the parameter', async (t) => {
    const { app } = testApp(t, { now: () => NOW });
    for (const [url, message] of [
      [
        '/api/occurrences?from=9999-01-01T00:00&to=9999-01-02T00:00',
        /^from '9999-01-01T00:00' must be from 2021-06-01 to 2031-06-01 \(5 years either side of today\)$/,
      ],
      ['/api/occurrences?from=0001-01-01&to=0001-02-01', /^from '0001-01-01' must be from 2021-06-01 to 2031-06-01/],
      ['/api/occurrences?from=2031-05-01&to=2031-07-01', /^to '2031-07-01' must be from 2021-06-01 to 2031-06-01/],
      ['/api/occurrences?from=2031-05-01', /^to '2031-05-01 \+ 60 days' must be from 2021-06-01 to 2031-06-01/],
      ['/api/occurrences?from=2026-01-01&to=2028-01-03', /^to must be after from and at most 731 days later$/],
    ] as const) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 400, url);
      assert.deepEqual(Object.keys(res.json()), ['error', 'message']);
      assert.match(res.json().message, message, url);
    }
  });

  test('regression: no /api/occurrences request holds the event loop, even at the edges of the allowed range', async (t) => {
    const { app } = testApp(t, { now: () => NOW });
    await app.ready();
    const edges = [
      '/api/occurrences?from=2021-06-01T10:00&to=2023-06-01T10:00',
      '/api/occurrences?from=2029-06-01T10:00&to=2031-06-01T10:00',
      '/api/occurrences?from=2031-05-31T10:00&to=2031-06-01T10:00',
      '/api/occurrences?from=9999-01-01T00:00&to=9999-01-02T00:00',
      '/api/occurrences?from=2031-06-01&to=2031-06-02',
    ];
    // Counted per request, each on its own: what rrule.js walks to answer it (no cache shared
    // between the requests: each range is new to the expansion cache).
    const walks: number[] = [];
    const statuses: number[] = [];
    for (const url of edges)
      walks.push(await datesWalked(async () => statuses.push((await app.inject(url)).statusCode)));
    assert.deepEqual(statuses, [200, 200, 200, 400, 400]);
    // Before, one request for 9999 walked every period from the rules' first dates (2022): 2–4 s of
    // the event loop. Now far dates are refused, and an allowed range walks at most the dates of
    // the years it asks for (the shipped rules are counted from per-year tables: none at all).
    t.diagnostic(`dates walked: ${walks.join(', ')}`);
    for (const [i, walked] of walks.entries()) assert.ok(walked < 2000, `${edges[i]}: rrule.js walked ${walked} dates`);
    const res = await app.inject(edges[1]!);
    assert.equal(res.statusCode, 200);
    assert.ok(res.json().occurrences.length > 20);
  });
});
