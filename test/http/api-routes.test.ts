import { test } from 'node:test';
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { testApp } from '../helpers/app.js';

const NOW = DateTime.fromISO('2026-06-01T10:00', { zone: 'Europe/Oslo' });

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
  for (const url of edges) await app.inject(url); // warm up: compile, not measure, the first call
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  for (let round = 0; round < 3; round++) {
    await Promise.all(edges.map((url) => app.inject(url)));
    for (const url of edges) {
      await app.inject(url);
      await new Promise((r) => setImmediate(r));
    }
  }
  delay.disable();
  // Before, one request for 9999 held the loop 2–4 s; now each is a few ms. The bound is generous
  // so that a busy test machine does not fail it, and still far below the bug.
  const maxMs = delay.max / 1e6;
  assert.ok(maxMs < 250, `the event loop was held for ${maxMs.toFixed(0)} ms`);
  const res = await app.inject(edges[1]!);
  assert.equal(res.statusCode, 200);
  assert.ok(res.json().occurrences.length > 20);
});
