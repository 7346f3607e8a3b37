import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import scalar from '@scalar/fastify-api-reference';
import type { FastifyInstance } from 'fastify';
import { looksLikeApiPath, markRoutesPublic } from './access.js';
import { allowInlineScriptsOfOwnPages } from './headers.js';

/**
 * The built web app, public: its files, and the app shell for every client-side route
 * (/components/default/x). Paths that name the API in any spelling (`/API/people`, `//api/x`)
 * are unknown API routes, not pages: 404.
 */
export async function registerWebApp(app: FastifyInstance, root: string): Promise<void> {
  if (!existsSync(root)) return;
  await app.register(async (web) => {
    markRoutesPublic(web);
    await web.register(fastifyStatic, { root, wildcard: false });
    // Hidden from the OpenAPI document: it is the web app, not the API, and exists only when built.
    web.get('/*', { schema: { hide: true } }, (request, reply) => {
      if (looksLikeApiPath(request.url)) return reply.callNotFound();
      return reply.sendFile('index.html');
    });
  });
}

const SCALAR_SCRIPT = /<script src="js\/scalar\.js"/;
/**
 * Scalar bundles Zod, which probes whether `new Function` works: the probe is caught, but the
 * browser reports it as a CSP violation. Zod's `jitless` setting, read from this global before
 * the bundle runs, skips the probe; nothing else changes.
 */
const ZOD_JITLESS = '<script>globalThis.__zod_globalConfig = { jitless: true };</script>\n    ';

/** The OpenAPI document and its reference pages (Scalar) at /api/docs, public. */
export async function registerApiReference(app: FastifyInstance): Promise<void> {
  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () =>
    app.swagger(),
  );
  await app.register(async (docs) => {
    markRoutesPublic(docs);
    // Before the hashes of the page's inline scripts are taken, so this one is allowed too.
    docs.addHook('onSend', async (_request, _reply, payload) =>
      typeof payload === 'string' ? payload.replace(SCALAR_SCRIPT, `${ZOD_JITLESS}$&`) : payload,
    );
    allowInlineScriptsOfOwnPages(docs);
    await docs.register(scalar, {
      routePrefix: '/api/docs',
      configuration: {
        url: '/api/openapi.json',
        pageTitle: 'Argus API reference',
        // Everything from Argus itself: no fonts from a CDN, no telemetry.
        withDefaultFonts: false,
        telemetry: false,
      },
    });
  });
}
