import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../helpers/app.js';
import { rawRequest } from '../helpers/raw-request.js';

const URL = '/feeds/all.ics';

describe('sendFeed', () => {
  test('regression: an If-Modified-Since in the future got a 304 (RFC 9110 §13.1.3: such a date is ignored)', async (t) => {
    const { app, feeds } = testApp(t);
    const feed = feeds.get('feeds/all.ics')!;
    const future = new Date(Date.now() + 24 * 3600_000).toUTCString();
    for (const date of [future, 'Fri, 01 Jan 2100 00:00:00 GMT']) {
      const res = await app.inject({ url: URL, headers: { 'if-modified-since': date } });
      assert.equal(res.statusCode, 200, date);
      assert.ok(res.rawPayload.equals(feed.body));
    }
    // A past date at or after Last-Modified still revalidates (the feeds' clock is fixed in 2026-01).
    const past = new Date(feed.lastModified.getTime() + 60_000).toUTCString();
    assert.equal((await app.inject({ url: URL, headers: { 'if-modified-since': past } })).statusCode, 304);
  });

  test('regression: a plain request carrying the gzip ETag got a 304 for the identity body', async (t) => {
    const { app, feeds } = testApp(t);
    const feed = feeds.get('feeds/all.ics')!;
    const gz = await app.inject({ url: URL, headers: { 'accept-encoding': 'gzip' } });
    const br = await app.inject({ url: URL, headers: { 'accept-encoding': 'br' } });
    const gzTag = String(gz.headers.etag);
    const brTag = String(br.headers.etag);
    assert.notEqual(gzTag, feed.etag);
    for (const tags of [gzTag, brTag, `W/${gzTag}`, `"other", ${gzTag}`]) {
      const plain = await app.inject({ url: URL, headers: { 'if-none-match': tags } });
      assert.equal(plain.statusCode, 200, tags);
      assert.equal(plain.headers.etag, feed.etag);
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.ok(plain.rawPayload.equals(feed.body));
    }
    // Each representation is validated by its own ETag only.
    const gzWithPlainTag = await app.inject({
      url: URL,
      headers: { 'accept-encoding': 'gzip', 'if-none-match': feed.etag },
    });
    assert.equal(gzWithPlainTag.statusCode, 200);
    assert.equal(gzWithPlainTag.headers['content-encoding'], 'gzip');
    assert.equal((await app.inject({ url: URL, headers: { 'if-none-match': feed.etag } })).statusCode, 304);
    assert.equal(
      (await app.inject({ url: URL, headers: { 'accept-encoding': 'br', 'if-none-match': `${gzTag}, ${brTag}` } }))
        .statusCode,
      304,
    );
    assert.equal((await app.inject({ url: URL, headers: { 'if-none-match': '*' } })).statusCode, 304);
  });

  test("feeds sent through Fastify's reply keep HTTP framing on a real socket: pipelined GET, HEAD and 304 with every header, and one access line each with its bytes", async (t) => {
    const logs: string[] = [];
    const { app, feeds } = testApp(t, {
      logger: { level: 'info', stream: { write: (line: string) => void logs.push(line) } },
    });
    const feed = feeds.get('feeds/all.ics')!;
    const get = (extra = '') => `GET ${URL} HTTP/1.1\r\nHost: a\r\n${extra}\r\n`;
    const answer = await rawRequest(
      app,
      get() + `HEAD ${URL} HTTP/1.1\r\nHost: a\r\n\r\n` + get(`If-None-Match: ${feed.etag}\r\nConnection: close\r\n`),
    );
    const responses = [...answer.matchAll(/HTTP\/1\.1 (\d{3}) [^\r]*\r\n([\s\S]*?)\r\n\r\n/g)].map(
      ([, status, head]) => ({
        status,
        headers: Object.fromEntries(
          head!.split('\r\n').map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 2)]),
        ),
      }),
    );
    assert.deepEqual(
      responses.map((r) => r.status),
      ['200', '200', '304'],
    );
    // Only the GET carries the body; HEAD and 304 end at their headers.
    assert.equal(answer.split('BEGIN:VCALENDAR').length - 1, 1);
    for (const { headers } of responses) {
      assert.equal(headers.etag, feed.etag);
      assert.equal(headers.vary, 'Accept-Encoding');
      assert.equal(headers['x-content-type-options'], 'nosniff');
      assert.equal(headers['referrer-policy'], 'no-referrer');
      assert.equal(headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'");
      assert.equal(headers['access-control-allow-origin'], '*');
    }
    assert.equal(responses[0]!.headers['content-length'], String(feed.body.length));
    assert.equal(responses[1]!.headers['content-length'], String(feed.body.length));
    assert.equal(responses[2]!.headers['content-length'], undefined);
    const access = logs
      .map((l) => JSON.parse(l) as { msg: string; method: string; status: number; feed: string; bytes: number })
      .filter((l) => l.msg === 'request');
    assert.deepEqual(
      access.map((l) => [l.method, l.status, l.feed, l.bytes]),
      [
        ['GET', 200, 'all', feed.body.length],
        ['HEAD', 200, 'all', feed.body.length],
        ['GET', 304, 'all', 0],
      ],
    );
  });
});
