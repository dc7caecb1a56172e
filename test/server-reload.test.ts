import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { feedsFrom, SHIPPED } from './helpers/load.js';
import { serve } from './helpers/serve-process.js';

const good = readFileSync(SHIPPED, 'utf8');
const edited = good.replace('title: Systemvedlikehold IST', 'title: Systemvedlikehold IST (endret)');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const exited = (child: ChildProcess) => new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
const events = (ics: string) => ics.split('BEGIN:VEVENT').length - 1;
/**
 * VEVENTs in the shipped all.ics as a server started now renders it: the patch night is published
 * up to a rolling end from the current month, so the count depends on the month (22 in Nov 2026).
 */
const FULL = events(feedsFrom(SHIPPED, new Date()).get('feeds/all.ics')!.body.toString());

function scheduleDir() {
  const dir = mkdtempSync(join(tmpdir(), 'nedetid-reload-'));
  const config = join(dir, 'schedule.yaml');
  copyFileSync(SHIPPED, config);
  return { dir, config };
}

const reloaded = (l: Record<string, unknown>) => l.msg === 'schedule reloaded';
const refused = (l: Record<string, unknown>) => l.msg === 'schedule refused; still serving the last good one';

describe('serve: reloading the schedule file', () => {
  test('regression: an in-place rewrite in two parts (truncate, write, write) was published halfway: 1 event instead of 15', async (t) => {
    const { config } = scheduleDir();
    // The file must hold still this long before it is loaded; the halfway file below holds still
    // for at most 70 ms (the margin is for a busy machine that stalls this process between writes).
    const { base, logs, logged } = await serve(t, config, { NEDETID_SETTLE_MS: '2000' });
    const full = events(await (await fetch(`${base}/feeds/all.ics`)).text());
    assert.equal(full, FULL);
    assert.ok(FULL > 5, `${FULL} events in the whole feed`);
    // The first part alone is a valid schedule with one window: what a reload caught halfway served.
    const cut = (text: string) => text.indexOf('  - id: gjovikregionen-manedlig');
    let writing = true;
    const counts = new Map<number, number>();
    const titles = new Set<string>();
    const client = async () => {
      while (writing) {
        const body = await (await fetch(`${base}/feeds/all.ics`)).text();
        counts.set(events(body), (counts.get(events(body)) ?? 0) + 1);
        titles.add(body.includes('(endret)') ? 'edited' : 'good');
        await sleep(5);
      }
    };
    const clients = Promise.all([client(), client(), client()]);
    // Six rewrites; after every second one the writer waits until the service has reloaded it,
    // so settled versions are loaded while the others are rewritten again before they settle.
    for (let i = 0; i < 6; i++) {
      const text = i % 4 < 2 ? edited : good; // loaded: edited, good, edited
      const file = await open(config, 'w'); // truncates, as cp, git checkout and many editors do
      await file.write(text.slice(0, cut(text)));
      await sleep(10 + Math.random() * 60);
      const settled = i % 2 === 1 ? logged(reloaded) : null;
      await file.write(text.slice(cut(text)));
      await file.close();
      if (settled) await settled;
    }
    writing = false;
    await clients;
    assert.deepEqual([...counts.keys()], [FULL], `event counts served: ${JSON.stringify([...counts])}`);
    assert.ok(logs.filter(reloaded).length >= 3, 'the settled versions were reloaded');
    assert.deepEqual([...titles].sort(), ['edited', 'good']);
  });

  test('regression: a schedule refused for permission denied stayed refused after chmod 644 (chmod changes neither mtime nor size); /healthz shows no absolute path', async (t) => {
    const { dir, config } = scheduleDir();
    // Root reads any file whatever its mode, so the service runs as nobody when the tests run as root.
    const as = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    if (as.uid !== undefined) {
      chmodSync(dir, 0o755);
      chownSync(config, as.uid, as.gid);
    }
    const { base, logs, logged } = await serve(t, config, {}, as);
    const health = async () => (await (await fetch(`${base}/healthz`)).json()) as { status: string; error?: string[] };

    writeFileSync(join(dir, 'next.yaml'), edited, { mode: 0o000 });
    if (as.uid !== undefined) chownSync(join(dir, 'next.yaml'), as.uid, as.gid);
    const refusal = logged(refused);
    renameSync(join(dir, 'next.yaml'), config);
    await refusal;
    const unreadable = await health();
    assert.equal(unreadable.status, 'degraded');
    assert.deepEqual(unreadable.error, [
      'schedule.yaml:1:1: can not read the schedule: EACCES; set NEDETID_CONFIG or pass the path of a schedule file',
    ]);

    const reload = logged(reloaded);
    chmodSync(config, 0o644);
    assert.equal((await reload).reason, 'file changed', 'retried after chmod, without SIGHUP');
    assert.equal((await health()).status, 'ok');
    assert.match(await (await fetch(`${base}/feeds/all.ics`)).text(), /\(endret\)/);
    assert.ok(!logs.some((l) => l.reason === 'SIGHUP'));
  });

  test('regression: a FIFO at the schedule path hung the reloader and kept SIGTERM from stopping the process', async (t) => {
    const { config } = scheduleDir();
    const { base, child, logged } = await serve(t, config);
    const refusal = logged(refused);
    execFileSync('rm', [config]);
    execFileSync('mkfifo', [config]);
    await refusal;
    const health = (await (await fetch(`${base}/healthz`)).json()) as { error: string[] };
    assert.deepEqual(health.error, [
      'schedule.yaml:1:1: the schedule is a FIFO, not a regular file; point NEDETID_CONFIG at a file (or a symlink to one)',
    ]);
    // Still served from the last good schedule.
    assert.equal(events(await (await fetch(`${base}/feeds/all.ics`)).text()), FULL);
    // A hung reloader kept the process alive until close-with-grace's delay ran out, which exits 1.
    const code = exited(child);
    child.kill('SIGTERM');
    assert.equal(await code, 0);
  });

  test('regression: SIGHUP before the first load finished killed the process', async (t) => {
    const { config } = scheduleDir();
    // The first load waits until the file holds still for a second. The test keeps rewriting it
    // until SIGHUP is sent, so the signal comes during the first load on a fast machine or a busy one.
    let rewriting = true;
    const rewriter = (async () => {
      for (let i = 0; rewriting; i++) {
        writeFileSync(config, i % 2 === 0 ? good : `${good}\n`);
        await sleep(20);
      }
    })();
    let child: ChildProcess | undefined;
    const started = serve(t, config, { NEDETID_SETTLE_MS: '1000' }, { onSpawn: (c) => (child = c) });
    // Signal 1 caught (SigCgt bit 0): the process handles SIGHUP; it must do so before it listens.
    // The process gives no sign of this but its signal mask, so the mask is read until it shows.
    while (!sighupCaught(child!.pid!)) await sleep(10);
    child!.kill('SIGHUP');
    rewriting = false;
    await rewriter;
    const { base } = await started;
    assert.equal(((await (await fetch(`${base}/healthz`)).json()) as { windows: number }).windows, 5);
  });
});

function sighupCaught(pid: number): boolean {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mask = BigInt('0x' + /^SigCgt:\s*([0-9a-f]+)$/m.exec(status)![1]);
  return (mask & 1n) === 1n;
}
