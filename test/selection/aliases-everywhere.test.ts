import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { DateTime } from 'luxon';
import { testApp } from '../helpers/app.js';
import { feedsFrom } from '../helpers/load.js';
import { runCli } from '../helpers/run-cli.js';
import { editedFixture, problemsOf, replaced, SELECTION } from './selection-helpers.js';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Oslo' });

describe('aliases work on every surface (issue 19 point 5)', () => {
  test('upcoming --system websak lists what --system acos-websak lists', async () => {
    const args = ['upcoming', '--config', SELECTION, '--from', '2026-01-01', '--days', '60', '--json'];
    const byId = await runCli([...args, '--system', 'acos-websak']);
    const byAlias = await runCli([...args, '--system', 'websak']);
    assert.equal(byAlias.code, 0, byAlias.err);
    assert.equal(byAlias.out, byId.out);
    const windows = (JSON.parse(byAlias.out) as { occurrences: { window: string }[] }).occurrences.map((o) => o.window);
    assert.deepEqual(windows, ['patch', 'patch']);
    // Names count too, in any case; an unknown one is a usage error that says what exists.
    assert.equal((await runCli([...args, '--system', 'ACOS WEBSAK'])).out, byId.out);
    const bad = await runCli([...args, '--system', 'websakk']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--system 'websakk' is not a system; known: visma, acos-websak/);
  });

  test('/api/status?systems=websak and /api/occurrences?systems=websak answer as for acos-websak', async (t) => {
    const { app } = testApp(t, { feeds: feedsFrom(SELECTION), now: () => at('2026-01-21T17:00') });
    for (const path of ['/api/status', '/api/occurrences']) {
      const byId = await app.inject(`${path}?systems=acos-websak`);
      const byAlias = await app.inject(`${path}?systems=websak`);
      assert.equal(byAlias.statusCode, 200, byAlias.body);
      assert.equal(byAlias.body, byId.body, path);
    }
    const status = (await app.inject('/api/status?systems=websak,Regnskap')).json<{ down: string[] }>();
    assert.deepEqual(status.down, ['visma', 'acos-websak']);
    const unknown = await app.inject('/api/occurrences?systems=websakk');
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.json<{ message: string }>().message, /unknown system 'websakk'/);
  });

  test('a custom feed asked for by alias is the same feed, bytes and ETag, as by id', async (t) => {
    const { app } = testApp(t, { feeds: feedsFrom(SELECTION) });
    const byId = await app.inject('/feeds/custom.ics?systems=acos-websak,visma');
    assert.equal(byId.statusCode, 200);
    for (const query of ['websak,regnskap', 'visma,websak,acos-websak,Easycruit', 'Visma%20%C3%B8konomi,WEBSAK']) {
      const byAlias = await app.inject(`/feeds/custom.ics?systems=${query}`);
      assert.equal(byAlias.statusCode, 200, query);
      assert.equal(byAlias.headers.etag, byId.headers.etag, query);
      assert.equal(byAlias.body, byId.body, query);
    }
    assert.match(byId.body, /X-WR-CALNAME:Nedetid test: Acos Websak\\, Visma økonomi/);
  });

  test('the custom-feed cache holds one entry per canonical set, however it was spelt', () => {
    const feeds = feedsFrom(SELECTION);
    const a = feeds.customFeed(['acos-websak', 'visma']);
    for (const asked of [
      ['websak', 'regnskap'],
      ['visma', 'websak', 'visma', 'acos-websak'],
    ]) {
      const { ids, unknown } = feeds.index.resolveSystems(asked);
      assert.deepEqual(unknown, []);
      assert.equal(feeds.customFeed(ids), a);
    }
  });

  test('notify --system websak posts only the changes touching Acos Websak', async (t) => {
    const posted: unknown[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        posted.push(JSON.parse(body));
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => server.close());
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
    // Two changes: the GAT window restored, and one patch night called off.
    const after = editedFixture((s) =>
      replaced(
        replaced(s, '    status: cancelled\n', ''),
        '      - { date: 2026-03-18, note: Ingen patcher }',
        '      - { date: 2026-03-18, note: Ingen patcher }\n      - { date: 2026-02-18 }',
      ),
    );
    const args = [
      'notify',
      SELECTION,
      after,
      '--webhook',
      url,
      '--from',
      '2026-02-01',
      '--days',
      '30',
      '--format',
      'slack',
    ];
    const all = await runCli(args);
    assert.equal(all.out, 'posted 2 changes to the webhook (slack, 1 try)\n', all.err);
    const mine = await runCli([...args, '--system', 'websak']);
    assert.equal(mine.out, 'posted 1 change to the webhook (slack, 1 try)\n', mine.err);
    assert.match(JSON.stringify(posted[1]), /Avlyst: Patching/);
    assert.doesNotMatch(JSON.stringify(posted[1]), /GAT/);
    const bad = await runCli([...args, '--system', 'nope']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--system 'nope' is not a system/);
  });

  test('in the schedule ids stay canonical: systems: [websak] is refused at its position', () => {
    const text = replaced(readFileSync(SELECTION, 'utf8'), 'systems: [visma, acos-websak]', 'systems: [visma, websak]');
    assert.deepEqual(problemsOf(text), [
      'schedule.yaml:31:22: websak is an alias of acos-websak; the schedule names systems by id: write acos-websak',
    ]);
    const dependsOn = replaced(readFileSync(SELECTION, 'utf8'), 'depends-on: [internett]', 'depends-on: [Internett]');
    assert.deepEqual(problemsOf(dependsOn), [
      'schedule.yaml:23:18: Internett is the name of internett; the schedule names systems by id: write internett',
    ]);
  });
});
