import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import scalar from '@scalar/fastify-api-reference';
import Fastify from 'fastify';
import type { Plugin } from 'vite';

/**
 * The API reference page (/api/docs) runs Scalar's standalone bundle as a file of the web app,
 * hashed and cached like the rest, instead of the server holding its 4 MB as a string in memory
 * from start to stop. The bundle ships inside @scalar/fastify-api-reference (a build-time
 * dependency only); its public way out is the route the plugin serves, so the build asks a
 * throwaway Fastify instance for it and writes it where the page imports it (`?url`).
 */
export function scalarStandalone(target: string): Plugin {
  return {
    name: 'argus:scalar-standalone',
    async buildStart() {
      const app = Fastify({ logger: false });
      await app.register(scalar, { routePrefix: '/reference', configuration: { url: '/x' } });
      const res = await app.inject({ method: 'GET', url: '/reference/js/scalar.js' });
      await app.close();
      if (res.statusCode !== 200) {
        this.error(`could not read Scalar's bundle from its Fastify plugin: ${res.statusCode}`);
      }
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, res.body);
    },
  };
}
