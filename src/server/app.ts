import { randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { entityRoutes } from '../catalog/entities/routes.js';
import { EntityService } from '../catalog/entities/service.js';
import { catalogRoutes } from '../catalog/routes.js';
import { CatalogService } from '../catalog/service.js';
import { sheetLimits } from '../catalog/transfer/limits.js';
import { transferRoutes } from '../catalog/transfer/routes.js';
import { guardRoutes } from '../deploy/guard/routes.js';
import { guardForConfig } from '../deploy/guard/service.js';
import { deployRoutes } from '../deploy/routes.js';
import { deployServices } from '../deploy/service.js';
import { inventoryRoutes } from '../inventory/routes.js';
import { InventoryService } from '../inventory/service.js';
import { type Authenticator, localAuthenticator } from '../platform/auth/service.js';
import type { EventBus } from '../platform/bus.js';
import { InProcessBus } from '../platform/bus.js';
import type { Config } from '../platform/config.js';
import type { Database } from '../platform/db.js';
import { DatabaseUnavailable } from '../platform/db-errors.js';
import { radarRoutes } from '../radar/routes.js';
import { RadarService } from '../radar/service.js';
import { RequirementFilterFields } from '../requirements/filter-fields.js';
import { requirementRoutes } from '../requirements/routes.js';
import { RequirementsService } from '../requirements/service.js';
import { RequirementViews } from '../requirements/views.js';
import { requirementViewRoutes } from '../requirements/views-routes.js';
import type { PluginCatalog } from '../telemetry/config/plugin-set.js';
import { PromReader } from '../telemetry/prom/read.js';
import { promRoutes } from '../telemetry/prom/routes.js';
import { metricQueryRoutes } from '../telemetry/query/routes.js';
import { MetricQueryService } from '../telemetry/query/service.js';
import { telemetryRunRoutes } from '../telemetry/runs/routes.js';
import { TelemetryRunsService } from '../telemetry/runs/service.js';
import { pluginCatalog } from '../telemetry/runtime.js';
import { createSinks, type Sinks } from '../telemetry/sinks/index.js';
import { installCollectedMetrics } from '../telemetry/sinks/routes.js';
import { describePublicRoutes } from './access.js';
import { installAuthentication } from './auth.js';
import { installCrossSiteGuard } from './csrf.js';
import { installErrorHandler } from './errors.js';
import { installSecurityHeaders } from './headers.js';
import { answerFrameworkError, installInputGuard } from './input-guard.js';
import { type LogOptions, loggerOptions } from './logging.js';
import { installLoginThrottle } from './login-throttle.js';
import { installMetrics } from './metrics.js';
import { authRoutes } from './routes/auth.js';
import { eventRoutes } from './routes/events.js';
import { historyRoutes } from './routes/history.js';
import { registerOpenApiDocument, registerWebApp } from './web.js';

/**
 * The built web app: `web/dist`, or ARGUS_WEB_ROOT (a UI built elsewhere, or a private build
 * while developing beside another build).
 */
export const webRoot = resolve(
  process.env.ARGUS_WEB_ROOT || resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist'),
);

export interface AppOptions {
  config: Config;
  database: Database;
  bus?: EventBus;
  /** Extra authenticators tried after local passwords (LDAP). */
  authenticators?: Authenticator[];
  /** `false` logs nothing; otherwise the level and stream (tests capture lines), always redacted. */
  logger?: false | LogOptions;
  /**
   * The metric sinks (built from config when not given): the composition root subscribes their
   * consumers to the metric pipeline; /metrics/collected serves `sinks.collected`.
   */
  sinks?: Sinks;
}

export interface ArgusApp {
  app: FastifyInstance;
  catalog: CatalogService;
  inventory: InventoryService;
  /** The plugin files, shared by the plugins API and the telemetry runtime. */
  telemetryPlugins: PluginCatalog;
  bus: EventBus;
  sinks: Sinks;
}

/** The composition root of the HTTP side: every module's routes are mounted here and nowhere else. */
export async function buildApp(options: AppOptions): Promise<ArgusApp> {
  const { config, database } = options;
  const bus = options.bus ?? new InProcessBus();
  const app = Fastify({
    logger: options.logger === false ? false : loggerOptions(config.logLevel, options.logger),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    bodyLimit: Math.floor(config.maxUploadMb * 1024 * 1024),
    trustProxy: false,
    // Avvio's 10 s default counts wall time, and on the embedded engine the same thread may be
    // busy in WebAssembly (migrations, another app's import in a test process) while plugins
    // load: a slow start is not a hung plugin.
    pluginTimeout: 120_000,
    frameworkErrors: answerFrameworkError,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  installErrorHandler(app);
  installInputGuard(app, { maxJsonDepth: config.maxJsonDepth });
  await installSecurityHeaders(app, { https: config.secureCookies });
  await app.register(fastifyCookie);
  installCrossSiteGuard(app, config.publicUrl);
  installAuthentication(app, database.db, config.publicRead);
  installMetrics(app, { database, public: config.metricsPublic });
  const sinks = options.sinks ?? createSinks(config);
  installCollectedMetrics(app, { collected: sinks.collected, public: config.metricsPublic });
  await installLoginThrottle(app, {
    max: config.loginRateMax,
    windowSeconds: config.loginRateWindowSeconds,
  });
  describePublicRoutes(app);

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Argus API',
        version: '0.1.0',
        description: 'The operations control plane. Every capability of the UI and CLI.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'argus_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  registerOpenApiDocument(app);

  const catalog = new CatalogService(database.db, bus);
  // A load or catch-up of the facet index in flight finishes before the database closes.
  app.addHook('onClose', () => catalog.facetIndex.close());
  catalog.facetIndex.reportErrorsTo((error) =>
    app.log.warn(
      { err: error },
      'the facet index could not load; the database counts until it does',
    ),
  );
  // The component filter's `level`, `level_rank` and `score` come from the requirements module.
  catalog.componentFields.register(new RequirementFilterFields(database.db));
  const authenticators = [localAuthenticator, ...(options.authenticators ?? [])];
  const inventory = new InventoryService(database.db, bus);
  const telemetryPlugins = pluginCatalog(config);
  await app.register(
    async (api) => {
      await api.register(authRoutes, {
        db: database.db,
        authenticators,
        sessionTtlHours: config.sessionTtlHours,
        secureCookies: config.secureCookies,
      });
      await api.register(historyRoutes, { db: database.db });
      await api.register(catalogRoutes, { catalog, authenticators });
      await api.register(entityRoutes, { entities: new EntityService(database.db, bus) });
      await api.register(transferRoutes, { db: database.db, bus, limits: sheetLimits(config) });
      await api.register(requirementRoutes, {
        requirements: new RequirementsService(database.db, bus),
      });
      await api.register(requirementViewRoutes, { views: new RequirementViews(database.db) });
      await api.register(radarRoutes, { radar: new RadarService(database.db, bus) });
      // One guard (its policy file read once) for the check route and the deploy requests.
      const guard = guardForConfig(config);
      await api.register(guardRoutes, { guard });
      await api.register(deployRoutes, deployServices(database.db, bus, { inventory, guard }));
      await api.register(inventoryRoutes, { inventory });
      await api.register(telemetryRunRoutes, {
        runs: new TelemetryRunsService(database.db, telemetryPlugins),
      });
      await api.register(metricQueryRoutes, {
        metrics: new MetricQueryService(database.db, {
          rawHours: config.telemetryRetentionRawHours,
          rollup1mDays: config.telemetryRetention1mDays,
          rollup1hDays: config.telemetryRetention1hDays,
        }),
      });
      await api.register(promRoutes, {
        prefix: '/prom/api/v1',
        reader: new PromReader(database.db, {
          rawHours: config.telemetryRetentionRawHours,
          rollup1mDays: config.telemetryRetention1mDays,
          rollup1hDays: config.telemetryRetention1hDays,
        }),
      });
      api.get(
        '/health',
        { schema: { tags: ['system'], summary: 'Liveness' }, config: { public: true } },
        async () => ({ status: 'ok' }),
      );
      api.get(
        '/ready',
        {
          schema: { tags: ['system'], summary: 'Readiness: the database answers' },
          config: { public: true },
        },
        async () => {
          try {
            await database.db.execute('select 1');
          } catch {
            // Whatever the reason (down, restarting, gone), not ready: 503 tells a load balancer
            // to wait and try again, not that Argus has a bug.
            throw new DatabaseUnavailable();
          }
          return { status: 'ready', engine: database.engine };
        },
      );
    },
    { prefix: '/api' },
  );
  eventRoutes(app, bus);

  await registerWebApp(app, webRoot);
  return { app, catalog, inventory, telemetryPlugins, bus, sinks };
}
