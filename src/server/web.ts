import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { looksLikeApiPath, markRoutesPublic } from './access.js';
import { allowFramingByArgus } from './headers.js';

/** Vite names these files by their content hash: a changed file is a new name. */
const HASHED_ASSETS = /[\\/]assets[\\/]/;

/**
 * The built web app, public: its files, the API reference page (/api/docs), and the app shell
 * for every client-side route (/components/default/x). Paths that name the API in any spelling
 * (`/API/people`, `//api/x`) are unknown API routes, not pages: 404. Files are sent
 * precompressed (the build writes .br and .gz); hashed assets are cached for a year, the rest
 * is revalidated on every load so a new build shows at once.
 */
export async function registerWebApp(app: FastifyInstance, root: string): Promise<void> {
  if (!existsSync(root)) return;
  await app.register(async (web) => {
    markRoutesPublic(web);
    await web.register(fastifyStatic, {
      root,
      wildcard: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders(reply, path) {
        reply.header(
          'cache-control',
          HASHED_ASSETS.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    // The API page of the web app frames the reference to render an API's definition.
    for (const url of ['/api/docs', '/api/docs/']) {
      web.get(url, { schema: { hide: true } }, (_request, reply) => {
        allowFramingByArgus(reply);
        return reply.sendFile('api-docs.html');
      });
    }
    // Hidden from the OpenAPI document: it is the web app, not the API, and exists only when built.
    web.get('/*', { schema: { hide: true } }, (request, reply) => {
      if (looksLikeApiPath(request.url)) return reply.callNotFound();
      return reply.sendFile('index.html');
    });
  });
}

/** The OpenAPI document, public: the API reference page (a page of the web app) reads it. */
export function registerOpenApiDocument(app: FastifyInstance): void {
  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () =>
    app.swagger(),
  );
}
