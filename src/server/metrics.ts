import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { AuthErrors } from '../platform/auth/errors.js';
import type { Database } from '../platform/db.js';
import { Unauthenticated } from '../platform/errors.js';

export interface MetricsOptions {
  database: Database;
  /** Anyone may scrape /metrics (a scraper on a private network); else an actor is required. */
  public: boolean;
}

/** Where Prometheus scrapes; outside /api, as Prometheus expects, and not in the OpenAPI document. */
export const METRICS_PATH = '/metrics';

let processRegistry: Registry | undefined;

/**
 * Memory, CPU, event-loop lag and garbage collection of the Node.js process. They describe the
 * process, not an app, so they are collected once however many apps a process builds (tests).
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
    // Gauges named like counters, which `promtool check metrics` rejects; the same counts are
    // in nodejs_active_handles and nodejs_active_resources.
    for (const name of [
      'nodejs_active_handles_total',
      'nodejs_active_requests_total',
      'nodejs_active_resources_total',
    ])
      processRegistry.removeSingleMetric(name);
  }
  return processRegistry;
}

/** What the database holds: the pool of PostgreSQL connections, or the embedded engine's memory. */
function databaseMetrics(registry: Registry, database: Database): void {
  if (database.engine === 'postgres') {
    new Gauge({
      name: 'argus_db_pool_connections',
      help: 'PostgreSQL connections of the pool, by state (in use by a query, or idle).',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const usage = database.usage();
        if (usage.engine !== 'postgres') return;
        this.set({ state: 'active' }, usage.connections - usage.idle);
        this.set({ state: 'idle' }, usage.idle);
      },
    });
    new Gauge({
      name: 'argus_db_pool_max_connections',
      help: 'Connections the pool opens at most (ARGUS_DATABASE_POOL_SIZE).',
      registers: [registry],
      collect() {
        const usage = database.usage();
        if (usage.engine === 'postgres') this.set(usage.max);
      },
    });
    new Gauge({
      name: 'argus_db_pool_waiting_queries',
      help: 'Queries waiting for a connection because every one of a full pool is in use.',
      registers: [registry],
      collect() {
        const usage = database.usage();
        if (usage.engine === 'postgres') this.set(usage.waiting);
      },
    });
  } else {
    new Gauge({
      name: 'argus_pglite_wasm_memory_bytes',
      help: 'WebAssembly memory of the embedded PostgreSQL (PGlite); it grows and never shrinks.',
      registers: [registry],
      collect() {
        const usage = database.usage();
        if (usage.engine === 'pglite' && usage.wasmMemoryBytes !== null)
          this.set(usage.wasmMemoryBytes);
      },
    });
  }
}

/**
 * Argus's own metrics for operators at /metrics, in the Prometheus exposition format: process
 * memory and event-loop lag, request latency per route, and database use. Requests are labelled
 * by the route pattern the router matched (`/api/components/:namespace/:name`), never by the
 * URL, so the number of series stays bounded whatever clients send.
 */
export function installMetrics(app: FastifyInstance, options: MetricsOptions): void {
  const registry = new Registry();
  const requests = new Histogram({
    name: 'argus_http_request_duration_seconds',
    help: 'Time from receiving a request to sending the last byte of its answer, by route.',
    labelNames: ['method', 'route', 'status_class'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  databaseMetrics(registry, options.database);

  app.addHook('onResponse', async (request, reply) => {
    requests.observe(
      {
        method: request.method,
        // No route matched (a 404): one series for all of them.
        route: request.is404 ? 'unmatched' : request.routeOptions.url,
        status_class: `${Math.floor(reply.statusCode / 100)}xx`,
      },
      reply.elapsedTime / 1000,
    );
  });

  app.get(
    METRICS_PATH,
    {
      schema: { hide: true },
      config: { public: options.public },
      // A public-read instance lets anonymous people read the catalog, not its operations.
      preHandler: async (request) => {
        if (!options.public && !request.ctx.actor)
          throw new Unauthenticated(
            AuthErrors.required,
            'log in or send an API token (Authorization: Bearer ...), or set ARGUS_METRICS_PUBLIC',
          );
      },
    },
    async (_request, reply) => {
      const body = (await processMetrics().metrics()) + (await registry.metrics());
      return reply.type(registry.contentType).send(body);
    },
  );
}
