// The start baseline: a bare Fastify 5 app (no logger) answering /healthz, as plain JavaScript
// under plain node, like the service's compiled dist/ (neither pays for a TypeScript loader).
//   PORT=N node bench/bare-start.mjs   (listens on 127.0.0.1)
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
