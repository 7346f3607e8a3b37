import type { InventoryResource } from '../../inventory/contract.js';
import type { InventoryService } from '../../inventory/service.js';
import { systemContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import type { LoadedPlugin } from '../config/plugin-file.js';
import type { MetricPipeline } from '../pipeline-runtime.js';
import { type PluginContext, PluginFailure, type PluginModule, RunStatus } from '../plugin.js';
import { type Claim, dropPair, finishRun, leaseFactor, releaseLease } from './leases.js';
import { failed, outcomeOfError, outcomeOfSubmit, type RunOutcome, succeeded } from './outcome.js';
import { statusGroup } from './status-group.js';

/**
 * Runs one claimed (plugin, subject): builds the module's context (resource, preloaded
 * enrichments, a signal that fires at 1.25x the frequency), hands the output on (discovery to
 * the inventory, enrichment to its cache with the TTL, polling to the pipeline with the plugin's
 * transforms), publishes the `status` group of a polling run, and records the run.
 */

export type SchedulerInventory = Pick<
  InventoryService,
  'getResource' | 'upsertDiscovered' | 'putEnrichment' | 'enrichments' | 'siteDefaults'
>;
export type SchedulerPipeline = Pick<MetricPipeline, 'submit'>;

export interface RunnerLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface RunnerDeps {
  db: Db;
  inventory: SchedulerInventory;
  pipeline: SchedulerPipeline;
  log: RunnerLog;
  worker: string;
  secret: (reference: string) => Promise<string>;
}

/** Local clock readings around the claim, to put local times on the database's clock. */
export interface ClaimTiming {
  /** Before the claim was sent: the run's deadline counts from here, so it falls inside the lease. */
  sentAt: number;
  /** When the claim came back. */
  receivedAt: number;
}

export interface RunResult {
  outcome: RunOutcome;
  durationMs: number;
}

class RunTimedOut extends Error {}

/** Returns the run's outcome, or null when nothing ran (results still fresh, resource gone). */
export async function runClaim(
  deps: RunnerDeps,
  plugin: LoadedPlugin,
  module: PluginModule,
  claim: Claim,
  timing: ClaimTiming,
): Promise<RunResult | null> {
  const { config } = plugin;
  const { db, log, worker } = deps;
  // Panoptes' results_cache_age: results younger than that are still good; do not poll again.
  const age = claim.lastFinishedAt
    ? claim.claimedAt.getTime() - claim.lastFinishedAt.getTime()
    : null;
  if (
    config.resultsCacheAge &&
    claim.lastStatus === RunStatus.success &&
    age !== null &&
    age < config.resultsCacheAge * 1000
  ) {
    await releaseLease(db, claim, worker);
    return null;
  }
  let resource: InventoryResource | undefined;
  if (config.kind !== 'discovery') {
    resource = await deps.inventory.getResource(claim.subject);
    if (!resource) {
      await dropPair(db, claim);
      return null;
    }
  }
  const deadline = timing.sentAt + config.executeFrequency * 1000 * leaseFactor;
  const started = Date.now();
  const outcome = await execute(deps, plugin, module, resource, deadline);
  const finished = Date.now();
  const toDbClock = claim.claimedAt.getTime() - timing.receivedAt;
  if (outcome.status !== RunStatus.success) {
    log.warn(
      { plugin: config.name, subject: claim.subject, status: outcome.status, error: outcome.error },
      'plugin run failed',
    );
  }
  if (config.kind === 'polling' && resource) {
    const group = statusGroup(
      resource,
      config.name,
      config.executeFrequency,
      outcome.status,
      finished / 1000,
    );
    try {
      await deps.pipeline.submit([group]);
    } catch (error) {
      log.error(
        { err: error, plugin: config.name },
        'the status metric group could not be published',
      );
    }
  }
  await finishRun(db, {
    plugin: config.name,
    subject: claim.subject,
    worker,
    startedAt: claim.claimedAt,
    finishedAt: new Date(Math.max(claim.claimedAt.getTime(), finished + toDbClock)),
    durationMs: finished - started,
    status: outcome.status,
    error: outcome.error,
  });
  return { outcome, durationMs: finished - started };
}

async function execute(
  deps: RunnerDeps,
  plugin: LoadedPlugin,
  module: PluginModule,
  resource: InventoryResource | undefined,
  deadline: number,
): Promise<RunOutcome> {
  const { config } = plugin;
  const controller = new AbortController();
  const timedOut = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(new RunTimedOut()), { once: true });
  });
  const timer = setTimeout(() => controller.abort(), Math.max(0, deadline - Date.now()));
  const fields = { plugin: config.name, subject: resource?.id ?? '' };
  const context: PluginContext = {
    config,
    ...(resource ? { resource } : {}),
    enrichments: {},
    signal: controller.signal,
    secret: deps.secret,
    log: {
      info: (f, message) => deps.log.info({ ...fields, ...f }, message),
      warn: (f, message) => deps.log.warn({ ...fields, ...f }, message),
    },
    now: () => Date.now() / 1000,
  };
  const work = (async () => {
    if (resource) {
      context.enrichments = await preload(deps.inventory, config.enrichmentPreload, resource);
      const site = await deps.inventory.siteDefaults(resource.resource_site);
      if (site) context.site = site;
    }
    return deliver(deps, plugin, module, context, resource);
  })();
  // A module that ignores its signal keeps running in the background; what it returns then is
  // dropped (deliver checks the signal), and its late failure must not go unhandled.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, timedOut]);
  } catch (error) {
    if (error instanceof RunTimedOut || controller.signal.aborted) {
      return failed(
        RunStatus.timeout,
        `killed after ${config.executeFrequency * leaseFactor} s (1.25x execute_frequency)`,
      );
    }
    return outcomeOfError(error);
  } finally {
    clearTimeout(timer);
    if (!controller.signal.aborted) controller.abort();
    timedOut.catch(() => undefined);
  }
}

/** The enrichments `self:<namespace>` asks for; a missing one fails the run (status 8). */
async function preload(
  inventory: SchedulerInventory,
  specs: readonly string[],
  resource: InventoryResource,
): Promise<Record<string, Record<string, unknown>>> {
  if (specs.length === 0) return {};
  const all = await inventory.enrichments(resource.id);
  const out: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const namespace = spec.slice('self:'.length);
    const data = all[namespace];
    if (!data) {
      throw new PluginFailure(
        RunStatus.enrichmentFailure,
        `no current "${namespace}" enrichment for this resource (has its enrichment plugin run?)`,
      );
    }
    out[namespace] = data;
  }
  return out;
}

async function deliver(
  deps: RunnerDeps,
  plugin: LoadedPlugin,
  module: PluginModule,
  context: PluginContext,
  resource: InventoryResource | undefined,
): Promise<RunOutcome> {
  const { config } = plugin;
  const late = () => context.signal.aborted;
  switch (module.kind) {
    case 'discovery': {
      const output = await module.run(context);
      if (late()) throw new RunTimedOut();
      const report = await deps.inventory.upsertDiscovered(
        systemContext(`plugin-${Date.now().toString(36)}`),
        config.name,
        output.resources,
      );
      if (report.rejected.length === 0) return succeeded;
      const refused = new Set(report.rejected.map((p) => p.index)).size;
      const first = report.rejected
        .slice(0, 3)
        .map((p) => `resource ${p.index} ${p.field}: ${p.reason}`)
        .join('; ');
      return failed(RunStatus.partial, `${refused} resource(s) refused: ${first}`);
    }
    case 'enrichment': {
      const output = await module.run(context);
      if (late()) throw new RunTimedOut();
      const ttl = config.enrichmentTtl ?? 3 * config.executeFrequency;
      for (const [namespace, data] of Object.entries(output.enrichments)) {
        await deps.inventory.putEnrichment(resource!.id, namespace, config.name, data, ttl);
      }
      return succeeded;
    }
    case 'polling': {
      const output = await module.run(context);
      if (late()) throw new RunTimedOut();
      if (output.groups.length === 0) {
        return failed(
          RunStatus.missingMetrics,
          output.partial ?? 'the module returned no metric groups',
        );
      }
      const result = await deps.pipeline.submit(output.groups, config.transforms);
      return outcomeOfSubmit(result, output.partial);
    }
  }
}
