import { pino } from 'pino';
import { InventoryService } from '../inventory/service.js';
import { InProcessBus } from '../platform/bus.js';
import type { Config } from '../platform/config.js';
import { configuredDatabase, describeConnectionError, openDatabase } from '../platform/db.js';
import { loggerOptions } from '../server/logging.js';
import { createMetricPipeline } from './pipeline-runtime.js';
import type { PluginModule } from './plugin.js';
import { pluginCatalog, startTelemetry } from './runtime.js';
import { createSinks } from './sinks/index.js';

/**
 * `argus telemetry worker`: a process that only runs plugins (no HTTP), against the PostgreSQL
 * database an `argus serve` shares. Start as many as the polling needs; the leases keep them from
 * running one (plugin, resource) twice. It writes to the same store and sinks as the server.
 */

export interface WorkerProcessOptions {
  /** Modules besides the built-in ones (tests run their own small modules this way). */
  extraModules?: readonly PluginModule[];
  tickMs?: number;
  syncEveryMs?: number;
  workerId?: string;
}

export interface WorkerProcess {
  workerId: string;
  stop(): Promise<void>;
}

export async function runTelemetryWorker(
  config: Config,
  options: WorkerProcessOptions = {},
): Promise<WorkerProcess> {
  const log = pino(loggerOptions(config.logLevel));
  const database = await openDatabase(
    configuredDatabase(config, 'argus telemetry worker', (error) =>
      log.warn(describeConnectionError(error)),
    ),
  );
  // The schema is the server's to migrate (`argus serve`, `argus migrate`); a worker of an
  // older or newer version than the database would fail at its first statement instead.
  const inventory = new InventoryService(database.db, new InProcessBus());
  const pipeline = createMetricPipeline({
    db: database.db,
    config,
    log,
    // The exposition lives in the server's memory; a worker feeds the store and the remote sinks.
    consumers: createSinks(config).consumers.filter((consumer) => consumer.name !== 'exposition'),
  });
  const runtime = await startTelemetry({
    config,
    database,
    log,
    inventory,
    pipeline,
    catalog: pluginCatalog(config, options.extraModules),
    ...(options.tickMs !== undefined ? { tickMs: options.tickMs } : {}),
    ...(options.syncEveryMs !== undefined ? { syncEveryMs: options.syncEveryMs } : {}),
    ...(options.workerId !== undefined ? { workerId: options.workerId } : {}),
  });
  return {
    workerId: runtime.worker?.id ?? '',
    stop: async () => {
      await runtime.stop();
      await pipeline.close();
      await database.close();
    },
  };
}
