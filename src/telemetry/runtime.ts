import { join } from 'node:path';
import type { InventoryService } from '../inventory/service.js';
import type { Config } from '../platform/config.js';
import type { Database } from '../platform/db.js';
import { secretReader } from '../platform/secrets.js';
import { PluginCatalog, shippedPluginsDir } from './config/plugin-set.js';
import type { PluginModule } from './plugin.js';
import { moduleRegistry } from './registry.js';
import { deleteOldRuns } from './runs/service.js';
import type { RunnerLog, SchedulerPipeline } from './scheduler/runner.js';
import { TelemetryWorker } from './scheduler/worker.js';

/**
 * The telemetry runtime (PRODUCT 6): a worker that schedules and runs the plugins, plus the
 * upkeep around it (the inventory's TTL sweep, the runs' retention). `argus serve` starts it
 * after the server listens; `argus telemetry worker` runs it alone against a shared PostgreSQL.
 */

export type TelemetryInventory = Pick<
  InventoryService,
  | 'selectResources'
  | 'getResource'
  | 'siteDefaults'
  | 'upsertDiscovered'
  | 'putEnrichment'
  | 'enrichments'
  | 'sweepStale'
>;

export interface TelemetryOptions {
  config: Config;
  database: Database;
  log: RunnerLog;
  inventory: TelemetryInventory;
  pipeline: SchedulerPipeline;
  /** The plugin set the plugins API shows; one is made from the configuration if absent. */
  catalog?: PluginCatalog;
  /** Tuning for tests: how often the worker looks for due work and re-reads plugins. */
  tickMs?: number;
  syncEveryMs?: number;
  upkeepEveryMs?: number;
  workerId?: string;
}

export interface TelemetryRuntime {
  worker: TelemetryWorker | null;
  stop(): Promise<void>;
}

/** The plugin folders: the shipped defaults (unless turned off), then the operator's folder. */
export function pluginDirs(
  config: Pick<Config, 'telemetryDefaultPlugins' | 'telemetryPluginsDir' | 'dataDir'>,
) {
  return [
    ...(config.telemetryDefaultPlugins ? [shippedPluginsDir] : []),
    config.telemetryPluginsDir || join(config.dataDir, 'plugins'),
  ];
}

export function pluginCatalog(
  config: Config,
  extraModules: readonly PluginModule[] = [],
): PluginCatalog {
  return new PluginCatalog(pluginDirs(config), moduleRegistry(extraModules));
}

export async function startTelemetry(options: TelemetryOptions): Promise<TelemetryRuntime> {
  const { config, database, log, inventory } = options;
  if (!config.telemetryEnabled) {
    log.info({}, 'telemetry is off (telemetry.enabled): no plugins run in this process');
    return { worker: null, stop: async () => undefined };
  }
  const worker = new TelemetryWorker({
    db: database.db,
    inventory,
    pipeline: options.pipeline,
    log,
    secret: secretReader(),
    catalog: options.catalog ?? pluginCatalog(config),
    concurrency: config.telemetryWorkerConcurrency,
    ...(options.tickMs !== undefined ? { tickMs: options.tickMs } : {}),
    ...(options.syncEveryMs !== undefined ? { syncEveryMs: options.syncEveryMs } : {}),
    ...(options.workerId !== undefined ? { workerId: options.workerId } : {}),
  });
  await worker.start();
  log.info(
    { worker: worker.id, concurrency: config.telemetryWorkerConcurrency },
    'telemetry worker started',
  );

  let upkeepRunning: Promise<void> | null = null;
  const upkeep = async () => {
    const swept = await inventory.sweepStale();
    if (swept.stale > 0 || swept.removed > 0) log.info({ ...swept }, 'inventory TTL sweep');
    const runsDeleted = await deleteOldRuns(database.db, config.telemetryRunsRetentionDays);
    if (runsDeleted > 0) log.info({ runsDeleted }, 'plugin runs past retention deleted');
  };
  const timer = setInterval(
    () => {
      if (upkeepRunning) return;
      upkeepRunning = upkeep()
        .catch((error: unknown) => log.error({ err: error }, 'telemetry upkeep failed'))
        .finally(() => {
          upkeepRunning = null;
        });
    },
    options.upkeepEveryMs ?? 5 * 60_000,
  );
  timer.unref();

  return {
    worker,
    stop: async () => {
      clearInterval(timer);
      await upkeepRunning;
      await worker.stop();
    },
  };
}
