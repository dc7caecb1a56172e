import type { TestContext } from 'node:test';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** The secret part of a webhook address: it must never appear in what notify or remind print. */
export const SECRET = 'sig=Zm9vYmFyLXNlY3JldC10b2tlbg';

/** What a receiver saw of one request, and how its answer ended. */
export interface Exchange {
  url: string;
  body: unknown;
  /** Bytes of answer body written before the answer ended or the client went away. */
  written: number;
  /** True when the client closed the connection before the answer was complete. */
  abandoned: boolean;
  /** Settles when the answer is over, sent in full or abandoned. */
  closed: Promise<void>;
}

/**
 * A webhook on 127.0.0.1 whose answers `answer` writes; resolves once it listens. The address
 * has a path and a query like a Teams Workflows URL, with SECRET in it.
 */
export async function webhookReceiver(
  t: TestContext,
  answer: (req: IncomingMessage, res: ServerResponse, exchange: Exchange) => void,
) {
  const exchanges: Exchange[] = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString('utf8')));
    req.on('end', () => {
      let closed!: () => void;
      const exchange: Exchange = {
        url: req.url!,
        body: JSON.parse(data) as unknown,
        written: 0,
        abandoned: false,
        closed: new Promise<void>((resolve) => (closed = resolve)),
      };
      exchanges.push(exchange);
      res.on('close', () => {
        exchange.abandoned = !res.writableFinished;
        closed();
      });
      answer(req, res, exchange);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/workflows/abc/triggers/manual/paths/invoke?${SECRET}`,
    exchanges,
    port,
  };
}

/** Answers every request with one status and a body that repeats the address (never printed). */
export function answerWith(status: number) {
  return (req: IncomingMessage, res: ServerResponse) => {
    res.statusCode = status;
    res.end(`echo ${req.url}`);
  };
}

/** Nothing in `text` names the receiver or the secret in its address. */
export function secretFree(text: string, port: number): boolean {
  return !/Zm9vYmFy|sig=|127\.0\.0\.1|workflows|invoke|triggers/.test(text) && !text.includes(String(port));
}
