import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../helpers/app.js';

const URL = '/feeds/all.ics';

test('regression: an If-Modified-Since in the future got a 304 (RFC 9110 §13.1.3: such a date is ignored)', async (t) => {
  const { app, feeds } = testApp(t);
  const feed = feeds.get('feeds/all.ics')!;
  const future = new Date(Date.now() + 24 * 3600_000).toUTCString();
  for (const date of [future, 'Fri, 01 Jan 2100 00:00:00 GMT']) {
    const res = await app.inject({ url: URL, headers: { 'if-modified-since': date } });
    assert.equal(res.statusCode, 200, date);
    assert.ok(res.rawPayload.equals(feed.body));
  }
  // A past date at or after Last-Modified still revalidates.
  const past = new Date(Date.now() - 60_000).toUTCString();
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
