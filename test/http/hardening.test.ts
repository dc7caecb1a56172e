import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../helpers/app.js';

describe('security headers', () => {
  test('security headers on feeds, JSON and errors', async (t) => {
    const { app } = testApp(t);
    for (const url of ['/feeds/all.ics', '/api/feeds', '/nope', '/feeds/custom.ics?systems=nope']) {
      const res = await app.inject(url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(res.headers['referrer-policy'], 'no-referrer', url);
      assert.equal(res.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'", url);
      assert.ok(res.statusCode < 500, url);
    }
  });
});

describe('/metrics: request counts', () => {
  test('/metrics counts requests by feed and status in Prometheus text format', async (t) => {
    const { app, feeds } = testApp(t);
    const etag = feeds.get('feeds/all.ics')!.etag;
    await app.inject('/feeds/all.ics');
    await app.inject({ url: '/feeds/all.ics', headers: { 'if-none-match': etag } });
    await app.inject({ url: '/feeds/all.ics', headers: { 'if-none-match': etag } });
    await app.inject('/feeds/systems/visma.ics');
    await app.inject('/feeds/custom.ics?systems=gat');
    await app.inject('/feeds/systems/nope.ics');
    const res = await app.inject('/metrics');
    assert.equal(res.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
    const body = res.body;
    for (const line of [
      'nedetid_http_requests_total{feed="all",status="200"} 1',
      'nedetid_http_requests_total{feed="all",status="304"} 2',
      'nedetid_http_requests_total{feed="systems/visma",status="200"} 1',
      'nedetid_http_requests_total{feed="custom",status="200"} 1',
      'nedetid_http_requests_total{feed="none",status="404"} 1',
      'nedetid_schedule_windows 5',
      'nedetid_feeds 16',
    ]) {
      assert.ok(body.includes(`${line}\n`), line);
    }
    for (const l of body.split('\n').filter((l) => l && !l.startsWith('#')))
      assert.match(l, /^[a-z_]+(\{[^}]*\})? [0-9.]+$/);
  });
});
