import { readFileSync } from 'node:fs';
import Fastify, { LogController } from 'fastify';

/**
 * The feed-path baselines: a bare Fastify 5 route sending the service's prebuilt all.ics bytes with
 * the same content-type and ETag. `pino` adds one access line per request written by Fastify's pino
 * logger in an onResponse hook (issue 10's bar); `bare` logs nothing.
 *
 *   node --import tsx bench/baseline-server.ts bare|pino FILE ETAG   (PORT; listens on 127.0.0.1)
 */
const [mode, file, etag] = process.argv.slice(2);
if ((mode !== 'bare' && mode !== 'pino') || !file || !etag) {
  process.stderr.write('usage: baseline-server.ts bare|pino FILE ETAG\n');
  process.exit(2);
}
const body = readFileSync(file);
const app = Fastify(
  mode === 'pino'
    ? { logger: { level: 'info' }, logController: new LogController({ disableRequestLogging: true }) }
    : { logger: false },
);
if (mode === 'pino') {
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ method: request.method, url: request.url, status: reply.statusCode }, 'request');
  });
}
app.get('/feeds/all.ics', (_request, reply) => {
  reply.header('content-type', 'text/calendar; charset=utf-8').header('etag', etag).send(body);
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
