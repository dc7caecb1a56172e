import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../helpers/app.js';

describe('asset routes', () => {
  test('regression: /assets/constructor, __proto__ and toString were an empty 200 (object lookup); now 404', async (t) => {
    const { app } = testApp(t);
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '%5F%5Fproto%5F%5F']) {
      const res = await app.inject(`/assets/${name}`);
      assert.equal(res.statusCode, 404, name);
      assert.equal(res.json().error, 'not_found', name);
    }
    const ok = await app.inject('/assets/app.js');
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.ok(ok.body.length > 0);
  });
});
