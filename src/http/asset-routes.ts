import { readFileSync } from 'node:fs';
import { sendError } from './error-body.js';
import type { Routes } from './route-options.js';
import { ASSET } from './route-schemas.js';

const ASSETS = new URL('../../public/', import.meta.url);

/** The page's static files, read once at start-up. A Map, so `constructor` or `__proto__` is no asset. */
const assets = new Map(
  (
    [
      ['app.js', 'text/javascript; charset=utf-8'],
      ['style.css', 'text/css; charset=utf-8'],
      ['favicon.svg', 'image/svg+xml'],
    ] as const
  ).map(([name, type]) => [name as string, { type, body: readFileSync(new URL(name, ASSETS)) }]),
);

/** /assets/…: the page's script, style sheet and icon. */
export const assetRoutes: Routes = async (app) => {
  app.get('/assets/:name', { schema: ASSET }, (request, reply) => {
    const asset = assets.get(request.params.name);
    if (!asset) {
      sendError(reply, 404, 'not_found', `no asset '${request.params.name}'`);
      return;
    }
    reply.header('content-type', asset.type).header('cache-control', 'public, max-age=3600').send(asset.body);
  });
};
