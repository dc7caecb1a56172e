import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { readSettings } from '../../src/settings.js';
import { testApp } from '../helpers/app.js';
import { rawRequest } from '../helpers/raw-request.js';

const NOW = DateTime.fromISO('2022-06-13T10:00', { zone: 'Europe/Oslo' });
const LINK_PAGES = ['/api/feeds', '/', '/feeds/all.atom'];
const HOSTILE = {
  host: 'nedetid.intern:8080',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'javascript:alert(1)//',
};

/** The app as `serve` builds it from these environment settings. */
function appFrom(t: Parameters<typeof testApp>[0], env: NodeJS.ProcessEnv) {
  const { publicUrl, trustProxy } = readSettings(env);
  return testApp(t, { now: () => NOW, ...(publicUrl ? { publicUrl } : {}), ...(trustProxy ? { trustProxy } : {}) }).app;
}

const noPoison = (body: string, where: string) => {
  assert.doesNotMatch(body, /evil\.example/, where);
  assert.doesNotMatch(body, /javascript:/, where);
};

describe('site base: links from PUBLIC_URL, a trusted proxy or the Host header', () => {
  test('regression: X-Forwarded-Host and -Proto from any client rewrote every link (a cached Atom feed then served them to all)', async (t) => {
    // inject connects from 127.0.0.1: a proxy at 10.0.0.1 is trusted, the client is not.
    for (const env of [{}, { TRUST_PROXY: '10.0.0.1' }, { TRUST_PROXY: '10.0.0.0/8, uniquelocal' }]) {
      const app = appFrom(t, env);
      for (const url of LINK_PAGES) {
        const res = await app.inject({ url, headers: HOSTILE });
        const where = `${url} with ${JSON.stringify(env)}`;
        assert.equal(res.statusCode, 200, where);
        noPoison(res.body, where);
        assert.match(res.body, /http:\/\/nedetid\.intern:8080\/feeds\/all\.(ics|atom)/, where);
        // The bytes depend on Host, so a shared cache must key on it.
        assert.equal(res.headers.vary, 'Host, X-Forwarded-Host, X-Forwarded-Proto', where);
      }
    }
  });

  test('with PUBLIC_URL no request header changes a link, even from a trusted proxy', async (t) => {
    const app = appFrom(t, { PUBLIC_URL: 'https://nedetid.example.no', TRUST_PROXY: '127.0.0.1' });
    for (const url of LINK_PAGES) {
      const res = await app.inject({ url, headers: HOSTILE });
      assert.equal(res.statusCode, 200, url);
      noPoison(res.body, url);
      assert.match(res.body, /https:\/\/nedetid\.example\.no\/feeds\/all\.(ics|atom)/, url);
      assert.equal(res.headers.vary, undefined, url);
    }
  });

  test('a trusted proxy names the host and an http(s) scheme; anything else is a 400 that does not echo it', async (t) => {
    const app = appFrom(t, { TRUST_PROXY: '127.0.0.1' });
    for (const url of LINK_PAGES) {
      const ok = await app.inject({
        url,
        headers: { host: 'pod:8080', 'x-forwarded-host': 'nedetid.example.no', 'x-forwarded-proto': 'https' },
      });
      assert.equal(ok.statusCode, 200, url);
      assert.match(ok.body, /https:\/\/nedetid\.example\.no\/feeds\/all\.(ics|atom)/, url);
      const bad = await app.inject({ url, headers: HOSTILE });
      assert.equal(bad.statusCode, 400, url);
      assert.match(bad.json().message, /X-Forwarded-Proto must be http or https/, url);
      noPoison(bad.body, url);
      for (const host of [
        'evil.example"><script>',
        'a b',
        'evil.example/x',
        'h:99999',
        '[not-ipv6]',
        'evil.example@x',
      ]) {
        const res = await app.inject({
          url,
          headers: { host: 'pod', 'x-forwarded-host': host, 'x-forwarded-proto': 'https' },
        });
        assert.equal(res.statusCode, 400, `${url} ${host}`);
        assert.match(res.json().message, /must be a host name or address/);
        assert.ok(!res.body.includes(host), `${url} echoes ${host}`);
      }
    }
  });

  test('TRUST_PROXY takes addresses and ranges, and refuses a hop count or a name with a clear message', () => {
    assert.deepEqual(readSettings({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.1 ::1 fd00::/8,loopback' }).trustProxy, [
      '10.0.0.0/8',
      '192.168.1.1',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    assert.equal(readSettings({}).trustProxy, undefined);
    for (const value of ['1', 'true', '10.0.0.0/33', 'proxy.example', '10.0.0.1/8/1']) {
      assert.throws(
        () => readSettings({ TRUST_PROXY: value }),
        /^Error: TRUST_PROXY: '.*' must be a proxy address or range/,
        value,
      );
    }
  });

  test('regression: an HTTP/1.0 request without a Host header got http:/feeds/… links', async (t) => {
    for (const url of LINK_PAGES) {
      const { app } = testApp(t, { now: () => NOW });
      const answer = await rawRequest(app, `GET ${url} HTTP/1.0\r\n\r\n`);
      assert.match(answer, /^HTTP\/1\.1 400 /, url);
      assert.match(answer, /links need the address the request was sent to: send a Host header/, url);
      assert.doesNotMatch(answer, /https?:\/+feeds/, url);
    }
    // With PUBLIC_URL the links need no Host.
    const { app } = testApp(t, { now: () => NOW, publicUrl: 'https://nedetid.example.no' });
    const answer = await rawRequest(app, 'GET /api/feeds HTTP/1.0\r\n\r\n');
    assert.match(answer, /^HTTP\/1\.1 200 /);
    assert.match(answer, /"url":"https:\/\/nedetid\.example\.no\/feeds\/all\.ics"/);
  });
});
