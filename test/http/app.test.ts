import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { testApp } from '../helpers/app.js';
import { rawRequest } from '../helpers/raw-request.js';

function appFor(t: { after: (fn: () => unknown) => void }, publicUrl?: string) {
  return testApp(t, publicUrl ? { publicUrl } : {});
}

describe('app: feed routes', () => {
  test('GET /feeds/all.ics sends the prebuilt bytes as text/calendar with validators', async (t) => {
    const { app, feeds } = appFor(t);
    const res = await app.inject('/feeds/all.ics');
    const feed = feeds.get('feeds/all.ics')!;
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/calendar; charset=utf-8');
    assert.equal(res.headers.etag, feed.etag);
    assert.equal(res.headers['last-modified'], 'Thu, 01 Jan 2026 00:00:00 GMT');
    assert.equal(res.headers['cache-control'], 'public, max-age=300');
    assert.ok(res.rawPayload.equals(feed.body));
  });

  test('revalidation: If-None-Match and If-Modified-Since give 304, a changed ETag gives 200', async (t) => {
    const { app, feeds } = appFor(t);
    const etag = feeds.get('feeds/systems/visma.ics')!.etag;
    const url = '/feeds/systems/visma.ics';
    assert.equal((await app.inject({ url, headers: { 'if-none-match': etag } })).statusCode, 304);
    assert.equal((await app.inject({ url, headers: { 'if-none-match': `W/${etag}` } })).statusCode, 304);
    assert.equal((await app.inject({ url, headers: { 'if-none-match': '"other"' } })).statusCode, 200);
    assert.equal(
      (await app.inject({ url, headers: { 'if-modified-since': 'Thu, 01 Jan 2026 00:00:00 GMT' } })).statusCode,
      304,
    );
    assert.equal(
      (await app.inject({ url, headers: { 'if-modified-since': 'Wed, 31 Dec 2025 23:59:59 GMT' } })).statusCode,
      200,
    );
    // If-None-Match wins when both are sent (RFC 9110 §13.2.2).
    assert.equal(
      (
        await app.inject({
          url,
          headers: { 'if-none-match': '"other"', 'if-modified-since': 'Thu, 01 Jan 2026 00:00:00 GMT' },
        })
      ).statusCode,
      200,
    );
  });

  test('HEAD answers with the headers and no body', async (t) => {
    const { app, feeds } = appFor(t);
    const res = await app.inject({ method: 'HEAD', url: '/feeds/providers/ist.ics' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers.etag, feeds.get('feeds/providers/ist.ics')!.etag);
    assert.equal(res.body, '');
  });

  test('gzip and br only when asked, each its own ETag, decoding to the same bytes', async (t) => {
    const { app, feeds } = appFor(t);
    const body = feeds.get('feeds/all.ics')!.body;
    const plain = await app.inject({ url: '/feeds/all.ics' });
    assert.equal(plain.headers['content-encoding'], undefined);
    const gz = await app.inject({ url: '/feeds/all.ics', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.ok(gunzipSync(gz.rawPayload).equals(body));
    const br = await app.inject({ url: '/feeds/all.ics', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.ok(brotliDecompressSync(br.rawPayload).equals(body));
    assert.notEqual(gz.headers.etag, plain.headers.etag);
    assert.equal(gz.headers.vary, 'Accept-Encoding');
    const noBr = await app.inject({ url: '/feeds/all.ics', headers: { 'accept-encoding': 'br;q=0, gzip' } });
    assert.equal(noBr.headers['content-encoding'], 'gzip');
    assert.equal(
      (
        await app.inject({
          url: '/feeds/all.ics',
          headers: { 'accept-encoding': 'gzip', 'if-none-match': String(gz.headers.etag) },
        })
      ).statusCode,
      304,
    );
  });

  test('custom feeds: the union of systems, 400 naming unknown systems or a missing list', async (t) => {
    const { app } = appFor(t);
    const ok = await app.inject('/feeds/custom.ics?systems=gat,visma');
    assert.equal(ok.statusCode, 200);
    assert.match(ok.body, /X-WR-CALNAME:Planlagt nedetid IKT: GAT\\, Visma økonomi/);
    const unknown = await app.inject('/feeds/custom.ics?systems=visma,nope');
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.json().message, /unknown system 'nope'; known systems: visma, gat/);
    assert.equal((await app.inject('/feeds/custom.ics')).statusCode, 400);
    assert.equal((await app.inject('/feeds/custom.ics?systems=,,')).statusCode, 400);
    const many = Array.from({ length: 1000 }, (_, i) => `s${i}`).join(',');
    assert.equal((await app.inject(`/feeds/custom.ics?systems=${many}`)).statusCode, 400);
  });

  test('unknown feeds and paths are 404 with a JSON message naming what was not found; hostile paths and queries are 4xx; never 5xx', async (t) => {
    const { app } = appFor(t);
    for (const url of [
      '/feeds/systems/nope.ics',
      '/feeds/systems/..%2F..%2Fetc%2Fpasswd.ics',
      '/feeds/providers/%2e%2e.ics',
      '/feeds/systems/visma',
      '/nope',
    ]) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
      assert.ok(res.json().message.length > 0);
    }
    assert.match((await app.inject('/feeds/systems/nope.ics')).json().message, /no system 'nope'; known: visma, gat/);
    // Fastify refuses over-long path parameters itself.
    assert.equal((await app.inject(`/feeds/systems/${'x'.repeat(5000)}.ics`)).statusCode, 414);
    for (const url of [
      '/feeds/systems/..%2F..%2Fpackage.json.ics',
      '/feeds/systems/%00.ics',
      '/feeds/systems/%E0%A4%A.ics',
      '/feeds/../package.json',
      '/feeds/custom.ics?systems=' + 'a,'.repeat(3000),
      '/feeds/custom.ics?systems[]=visma',
      '/feeds/custom.ics?systems=%ZZ',
      `/feeds/providers/${'ø'.repeat(300)}.ics`,
    ]) {
      const res = await app.inject(url);
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${url}: ${res.statusCode}`);
    }
  });
});

describe('app: /api/feeds and /healthz', () => {
  test('GET /api/feeds lists every feed with https and webcal links from PUBLIC_URL', async (t) => {
    const { app, feeds } = appFor(t, 'https://nedetid.example.no');
    const res = await app.inject('/api/feeds');
    assert.equal(res.statusCode, 200);
    const list = res.json().feeds;
    assert.equal(list.length, feeds.feeds.length);
    assert.deepEqual(list[0], {
      id: 'all',
      kind: 'combined',
      name: 'Planlagt nedetid IKT',
      url: 'https://nedetid.example.no/feeds/all.ics',
      webcal: 'webcal://nedetid.example.no/feeds/all.ics',
    });
    assert.ok(list.some((f: { url: string }) => f.url === 'https://nedetid.example.no/feeds/systems/visma.ics'));
  });

  test('without PUBLIC_URL links use the request host; /healthz reports counts', async (t) => {
    const { app } = appFor(t);
    const res = await app.inject({ url: '/api/feeds', headers: { host: 'intranett.local:8080' } });
    assert.equal(res.json().feeds[0].url, 'http://intranett.local:8080/feeds/all.ics');
    const health = (await app.inject('/healthz')).json();
    assert.deepEqual(health, { status: 'ok', windows: 5, feeds: 16, loadedAt: '2026-01-01T00:00:00.000Z' });
  });
});

describe('app: the overload guard and other methods', () => {
  test('regression: the overload guard sent 503 but ran the route too (FST_ERR_REP_ALREADY_SENT, counted as 500)', async (t) => {
    const logs: string[] = [];
    // Overloaded from the guard's first sample on, on any machine: the heap is always above 1 byte
    // (an event-loop delay limit would depend on how busy the machine is).
    const sampleInterval = 50;
    const { app } = testApp(t, {
      pressure: { maxHeapUsedBytes: 1, sampleInterval },
      logger: { level: 'info', stream: { write: (line: string) => void logs.push(line) } },
    });
    let ran = 0;
    app.get('/probe', () => {
      ran++;
      return 'ran';
    });
    await app.ready();
    // Node runs timers of equal duration in the order they were set: the guard's first sample,
    // set while the app got ready, runs before this one.
    await sleep(sampleInterval);
    for (let i = 0; i < 2; i++) {
      const res = await app.inject('/probe');
      assert.equal(res.statusCode, 503);
      assert.equal(res.headers['retry-after'], '10');
      assert.deepEqual(res.json(), { error: 'overloaded', message: 'the service is overloaded; retry in 10 seconds' });
    }
    assert.equal(ran, 0, 'the route handler ran for a shed request');
    // Each shed request is counted (metrics and access line take the same status) as the 503 it was.
    const lines = logs.map((l) => JSON.parse(l) as { msg: string; url?: string; status?: number; level: number });
    assert.deepEqual(
      lines.filter((l) => l.msg === 'request').map((l) => [l.url, l.status]),
      [
        ['/probe', 503],
        ['/probe', 503],
      ],
    );
    assert.ok(!logs.some((l) => l.includes('FST_ERR_REP_ALREADY_SENT')), 'a second reply was attempted');
    assert.ok(!lines.some((l) => l.level >= 50), 'an error was logged');
  });

  test('regression: other methods on a known route were a 404; now 405 with Allow, before the body is read', async (t) => {
    const { app } = appFor(t);
    for (const [method, url] of [
      ['POST', '/feeds/all.ics'],
      ['PUT', '/feeds/systems/visma.ics'],
      ['DELETE', '/feeds/providers/ist.ics'],
      ['PATCH', '/feeds/custom.ics?systems=visma'],
      ['POST', '/api/feeds'],
      ['POST', '/api/occurrences'],
      ['OPTIONS', '/'],
      ['TRACE', '/assets/app.js'],
      ['DELETE', '/healthz'],
      ['POST', '/feeds/all.atom'],
    ] as const) {
      // A body type no route parses: still a 405, not a 415.
      const res = await app.inject({ method, url, headers: { 'content-type': 'application/xml' }, payload: '<x/>' });
      assert.equal(res.statusCode, 405, `${method} ${url}`);
      assert.equal(res.headers.allow, 'GET, HEAD', `${method} ${url}`);
      assert.equal(res.json().error, 'method_not_allowed');
      assert.match(res.json().message, new RegExp(`^${method} /.* is not allowed; this URL answers GET, HEAD$`));
    }
    assert.equal((await app.inject({ method: 'POST', url: '/nope' })).statusCode, 404);
    assert.equal((await app.inject('/feeds/all.ics')).statusCode, 200);
    assert.equal((await app.inject({ method: 'HEAD', url: '/feeds/all.ics' })).statusCode, 200);
  });

  test('a 405 answered before its body is read keeps a pipelined keep-alive connection in step', async (t) => {
    const { app } = appFor(t);
    const body = 'x'.repeat(100_000);
    const answer = await rawRequest(
      app,
      `POST /feeds/all.ics HTTP/1.1\r\nHost: a\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}` +
        'GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n',
    );
    const statuses = [...answer.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]);
    assert.deepEqual(statuses, ['405', '200']);
    assert.match(answer, /"status":"ok"/);
  });
});
