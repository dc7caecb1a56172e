import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

// The baseline: a bare Fastify route that only sends a prebuilt buffer (same bytes and headers
// the service sends), so the ratio shows what nedetid's own request path costs.
const body = readFileSync(process.argv[2]!);
const app = Fastify({ logger: false });
app.get('/feeds/all.ics', (_request, reply) => {
  reply.header('content-type', 'text/calendar; charset=utf-8').header('etag', '"bare"').send(body);
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
