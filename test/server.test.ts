import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHIPPED } from './helpers/load.js';
import { serve } from './helpers/serve-process.js';

const exited = (child: ChildProcess) => new Promise<number | null>((r) => child.on('exit', (code) => r(code)));

describe('serve: a running process', () => {
  test('two processes on the same schedule send byte-identical feeds and equal ETags', async (t) => {
    const [a, b] = await Promise.all([serve(t, SHIPPED), serve(t, SHIPPED)]);
    const res = await fetch(`${a.base}/api/feeds`);
    const catalogue = (await res.json()) as { feeds: { url: string }[] };
    assert.ok(catalogue.feeds, `${res.status} ${JSON.stringify(catalogue)}`);
    const paths = [...catalogue.feeds.map((f) => new URL(f.url).pathname), '/feeds/custom.ics?systems=visma,gat'];
    assert.equal(paths.length, 17); // 15 staff feeds, feeds/freezes.ics and the custom one
    for (const path of paths) {
      const [ra, rb] = await Promise.all([fetch(a.base + path), fetch(b.base + path)]);
      assert.equal(ra.status, 200);
      assert.equal(ra.headers.get('etag'), rb.headers.get('etag'), path);
      assert.ok(Buffer.from(await ra.arrayBuffer()).equals(Buffer.from(await rb.arrayBuffer())), path);
    }
  });

  test('regression: SIGHUP reloads instead of stopping (close-with-grace default); a running process reloads on edit, keeps the last good feeds on a broken edit, and stops cleanly', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'nedetid-serve-'));
    const config = join(dir, 'schedule.yaml');
    copyFileSync(SHIPPED, config);
    const { base, child, logs, logged } = await serve(t, config);
    const good = readFileSync(SHIPPED, 'utf8');
    const get = async (path: string) => (await fetch(base + path)).text();

    let next = logged((l) => l.msg === 'schedule reloaded');
    writeFileSync(config, good.replace('time: "17:00"', 'time: "18:00"'));
    await next;
    assert.match(await get('/feeds/providers/ist.ics'), /DTSTART;TZID=Europe\/Oslo:20220125T180000/);

    next = logged((l) => l.msg === 'schedule refused; still serving the last good one');
    writeFileSync(config, good.replace('timezone: Europe/Oslo', 'timezone: Europe/Olso'));
    await next;
    const health = JSON.parse(await get('/healthz'));
    assert.equal(health.status, 'degraded');
    assert.match(health.error[0], /schedule\.yaml:10:13: unknown time zone 'Europe\/Olso'/);
    assert.match(await get('/feeds/providers/ist.ics'), /DTSTART;TZID=Europe\/Oslo:20220125T180000/);

    // SIGHUP reloads even when the file system gives no change notice.
    next = logged((l) => l.msg === 'schedule reloaded' && l.reason === 'SIGHUP');
    writeFileSync(config, good);
    child.kill('SIGHUP');
    await next;
    assert.equal(JSON.parse(await get('/healthz')).status, 'ok');
    assert.match(await get('/feeds/providers/ist.ics'), /DTSTART;TZID=Europe\/Oslo:20220125T170000/);
    assert.ok(logs.some((l) => l.msg === 'schedule refused; still serving the last good one'));
    assert.ok(
      logs.some((l) => l.msg === 'request' && l.feed === 'providers/ist' && l.status === 200 && Number(l.bytes) > 0),
    );

    const code = exited(child);
    child.kill('SIGTERM');
    assert.equal(await code, 0);
  });
});
