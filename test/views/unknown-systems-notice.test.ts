import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../helpers/app.js';

describe('the page notice for unknown systems', () => {
  it('suggests the system for a typo', async (t) => {
    const { app } = testApp(t);
    const page = await app.inject({ url: '/?system=vsima' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Mente du\s*<a href="\.\/\?system=visma#kommende"\s*>Visma økonomi<\/a\s*>\?/);
  });

  it('suggests for the first three unknown values only (75 long unknown values took seconds of CPU bug)', async (t) => {
    const { app } = testApp(t);
    // Each a typo of a system, so each would get a suggestion if it were looked at.
    const typos = ['vsima', 'gta', 'servre', 'internet', 'ip-telefon', 'vism'];
    const page = await app.inject({ url: `/?system=${typos.join(',')}` });
    assert.equal(page.statusCode, 200);
    const suggested = [...page.body.matchAll(/<a href="\.\/\?system=([a-z-]+)#kommende"/g)].map((m) => m[1]);
    assert.deepEqual(suggested, ['visma', 'gat', 'servere']);
  });

  it('writes no control character a reader typed into the page (?audience=gjovik%00 echoed a raw NUL bug)', async (t) => {
    const { app } = testApp(t);
    for (const url of ['/?audience=gjovik%00', '/?system=visma%1b%5b31m', '/embed?audience=gjovik%00']) {
      const body = (await app.inject({ url })).body;
      // eslint-disable-next-line no-control-regex -- looking for control characters is the point
      assert.doesNotMatch(body, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/, url);
      assert.match(body, /\uFFFD/, url);
    }
  });
});
