import type { FastifyInstance } from 'fastify';
import { AuthErrors } from '../../platform/auth/errors.js';
import { Unauthenticated } from '../../platform/errors.js';
import type { CollectedSeries } from './exposition.js';

/** Where a Prometheus scrapes the collected series: beside Argus' own /metrics, outside /api. */
export const COLLECTED_METRICS_PATH = '/metrics/collected';

export interface CollectedMetricsOptions {
  collected: CollectedSeries;
  /** ARGUS_METRICS_PUBLIC, as for /metrics: anyone may scrape; else an actor is required. */
  public: boolean;
}

/**
 * `GET /metrics/collected`: the latest value of every collected series in the Prometheus text
 * format, from memory (src/telemetry/sinks/exposition.ts). Public or not exactly as /metrics is.
 */
export function installCollectedMetrics(app: FastifyInstance, options: CollectedMetricsOptions) {
  app.get(
    COLLECTED_METRICS_PATH,
    {
      schema: { hide: true },
      config: { public: options.public },
      preHandler: async (request) => {
        if (!options.public && !request.ctx.actor)
          throw new Unauthenticated(
            AuthErrors.required,
            'log in or send an API token (Authorization: Bearer ...), or set ARGUS_METRICS_PUBLIC',
          );
      },
    },
    async (_request, reply) =>
      reply.type('text/plain; version=0.0.4; charset=utf-8').send(options.collected.render()),
  );
}
