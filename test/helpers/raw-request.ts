import { connect, type AddressInfo } from 'node:net';
import type { testApp } from './app.js';

/**
 * Listens on 127.0.0.1, writes raw bytes on one real socket and returns everything the server
 * answered until it closed: for what `inject` hides (no Host header, pipelined requests).
 */
export async function rawRequest(app: ReturnType<typeof testApp>['app'], bytes: string): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    let text = '';
    socket
      .setEncoding('utf8')
      .on('data', (d: string) => (text += d))
      .on('end', () => resolve(text))
      .on('error', reject);
  });
}
