import fastifyCookie from '@fastify/cookie';
import Fastify, {
  type FastifyInstance,
  type InjectOptions,
  type LightMyRequestResponse,
} from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { transferRoutes } from '../../src/catalog/transfer/routes.js';
import { installAuthentication } from '../../src/server/auth.js';
import { installErrorHandler } from '../../src/server/errors.js';
import type { TestApp, TestUser } from '../helpers/app.js';

/**
 * Requests to the import/export routes of a test app. Until src/server/app.ts mounts
 * transferRoutes, the routes run in a small app of their own on the same database, with the
 * same authentication and error mapping.
 */
export interface TransferClient {
  request(as: TestUser | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function transferClient(t: TestApp, maxUploadMb = 50): Promise<TransferClient> {
  if (t.app.hasRoute({ method: 'POST', url: '/api/import/:format' })) {
    return { request: (as, options) => t.request(as, options), close: async () => {} };
  }
  const app: FastifyInstance = Fastify({
    logger: false,
    bodyLimit: maxUploadMb * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  await app.register(fastifyCookie);
  installAuthentication(app, t.database.db, false);
  await app.register(transferRoutes, { prefix: '/api', db: t.database.db, bus: t.bus });
  await app.ready();
  return {
    request: (as, options) =>
      app.inject({
        ...options,
        headers: { ...(options.headers ?? {}), ...(as ? as.headers : {}) },
      }),
    close: () => app.close(),
  };
}

/** A report's counts by model. */
export function byModel(report: {
  models: { model: string; read: number; created: number; updated: number; skipped: number }[];
}) {
  return Object.fromEntries(report.models.map(({ model, ...counts }) => [model, counts]));
}

/** An Argus JSON export without its timestamp, for comparing two exports. */
export function withoutTimestamp(text: string): unknown {
  const { exportedAt: _e, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return rest;
}
