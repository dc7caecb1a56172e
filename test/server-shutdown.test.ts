import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { connect, type Socket } from 'node:net';
import { SHIPPED } from './helpers/load.js';
import { serve } from './helpers/serve-process.js';

const exited = (child: ChildProcess) => new Promise<number | null>((r) => child.on('exit', (code) => r(code)));

/** Told of everything the tests wait for: data and ends on the connections, log lines of the server. */
const changes = new EventEmitter().setMaxListeners(0);

/** Resolves when `check()` holds, looked at again at every change: no sleeps, no tries. */
const until = (check: () => boolean) =>
  new Promise<void>((resolve) => {
    const look = () => {
      if (!check()) return;
      changes.off('change', look);
      resolve();
    };
    changes.on('change', look);
    look();
  });

/** A raw keep-alive connection: what it received, and how it ended ('end' is a clean FIN). */
function connection(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  const state = { data: '', ended: '' };
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => ((state.data += d), changes.emit('change')));
  socket.on('end', () => ((state.ended ||= 'end'), changes.emit('change')));
  socket.on('error', (err: NodeJS.ErrnoException) => ((state.ended ||= err.code ?? 'error'), changes.emit('change')));
  const request = () => socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
  const responses = () => state.data.match(/HTTP\/1\.1 \d+/g) ?? [];
  return { socket, state, request, responses };
}

describe('serve: shutting down on SIGTERM', () => {
  test('regression: on SIGTERM, requests already sent on keep-alive connections got ECONNRESET (38 of 40)', async (t) => {
    const { base, child, logged } = await serve(t, SHIPPED);
    const port = Number(new URL(base).port);
    const busy = Array.from({ length: 40 }, () => connection(port));
    const idle = Array.from({ length: 5 }, () => connection(port));
    for (const c of [...busy, ...idle]) c.request();
    await until(() => [...busy, ...idle].every((c) => c.responses().length === 1));

    // The clients do not know yet that the server is closing: they send on their open connections.
    const code = exited(child);
    const closing = logged((l) => l.signal === 'SIGTERM');
    child.kill('SIGTERM');
    await closing;
    for (const c of busy) c.request();
    await until(() => busy.every((c) => c.state.ended !== '') && idle.every((c) => c.state.ended !== ''));

    for (const c of busy) {
      assert.deepEqual(c.responses(), ['HTTP/1.1 200', 'HTTP/1.1 200'], c.state.ended);
      assert.match(c.state.data.split('HTTP/1.1 200')[2]!, /\r\nconnection: close\r\n/i);
      assert.equal(c.state.ended, 'end', 'closed by the server with FIN after the answer, not reset');
    }
    for (const c of idle) assert.equal(c.state.ended, 'end', 'an idle keep-alive connection is closed cleanly');
    assert.equal(await code, 0);
  });

  test('after SIGTERM no new connection is accepted, while open ones are still answered', async (t) => {
    const { base, child, logged } = await serve(t, SHIPPED);
    const port = Number(new URL(base).port);
    const open = connection(port);
    open.request();
    await until(() => open.responses().length === 1);
    const closing = logged((l) => l.signal === 'SIGTERM');
    child.kill('SIGTERM');
    await closing;
    // The server stops listening right after it logs this line; a connection made in between is
    // dropped and tried again. Had it kept listening, the first refusal would come only when the
    // process ends, and the open connection below would be gone.
    const attempt = () =>
      new Promise<string>((resolve) => {
        const s = connect(port, '127.0.0.1');
        s.on('connect', () => (s.destroy(), resolve('connected')));
        s.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
      });
    let refused = await attempt();
    while (refused === 'connected') refused = await attempt();
    assert.equal(refused, 'ECONNREFUSED');
    open.request();
    await until(() => open.responses().length === 2);
    assert.deepEqual(open.responses(), ['HTTP/1.1 200', 'HTTP/1.1 200']);
  });
});
