import { hostname } from 'node:os';
import type { InventoryService } from '../../inventory/service.js';
import type { LoadedPlugin } from '../config/plugin-file.js';
import type { PluginCatalog } from '../config/plugin-set.js';
import { RunStatus } from '../plugin.js';
import { claimDue } from './leases.js';
import { type RunnerDeps, runClaim } from './runner.js';
import { type ScheduleTarget, syncSchedule } from './schedule.js';

/**
 * A worker: every tick it claims as many due pairs as it has free slots (bounded concurrency)
 * and runs them; every `syncEveryMs`, and soon after a discovery run, it re-reads the plugin
 * files and brings the schedule up to date with the resources each filter selects. Any number
 * of workers (processes) may share one PostgreSQL database: the leases keep them apart.
 */

export interface WorkerOptions extends Omit<RunnerDeps, 'worker' | 'inventory'> {
  inventory: RunnerDeps['inventory'] & Pick<InventoryService, 'selectResources'>;
  catalog: PluginCatalog;
  /** Runs at once in this process. */
  concurrency: number;
  /** How often to look for due pairs. */
  tickMs?: number;
  /** How often to re-read plugin files and re-match resources. */
  syncEveryMs?: number;
  /** This worker's name in leases and runs; unique per process. */
  workerId?: string;
}

export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}`;
}

export class TelemetryWorker {
  readonly id: string;
  private readonly inFlight = new Set<Promise<void>>();
  private plugins = new Map<string, LoadedPlugin>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private lastSync = 0;
  private syncSoon = false;
  private ticking: Promise<void> | null = null;
  private loggedErrors = '[]';

  constructor(private readonly options: WorkerOptions) {
    this.id = options.workerId ?? defaultWorkerId();
  }

  async start(): Promise<void> {
    await this.sync();
    this.schedule(0);
  }

  /** Stops claiming, then waits for the runs in flight (each ends by its deadline at the latest). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Re-reads the plugin files and matches resources again now. */
  async sync(): Promise<void> {
    const { catalog, inventory, db, log } = this.options;
    const set = catalog.reload();
    // Said once, not at every reload: the same broken file would fill the log every minute.
    const errors = JSON.stringify(set.errors);
    if (errors !== this.loggedErrors) {
      for (const error of set.errors) log.warn(error, 'plugin file skipped');
      this.loggedErrors = errors;
    }
    this.plugins = new Map(set.plugins.map((p) => [p.config.name, p]));
    const targets: ScheduleTarget[] = [];
    for (const plugin of set.plugins) {
      try {
        const subjects =
          plugin.config.kind === 'discovery'
            ? ['']
            : (await inventory.selectResources(plugin.config.resourceFilter)).map((r) => r.id);
        targets.push({ plugin, subjects });
      } catch (error) {
        // Leave its rows as they are rather than unschedule everything for a passing failure.
        log.error(
          { err: error, plugin: plugin.config.name },
          'could not select the resources of a plugin',
        );
        targets.push({ plugin, subjects: null });
      }
    }
    const outcome = await syncSchedule(db, targets);
    if (outcome.added > 0 || outcome.removed > 0)
      log.info({ ...outcome }, 'telemetry schedule updated');
    this.lastSync = Date.now();
    this.syncSoon = false;
  }

  private schedule(delayMs: number) {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick()
        .catch((error: unknown) =>
          this.options.log.error({ err: error }, 'telemetry worker tick failed'),
        )
        .finally(() => {
          this.ticking = null;
          this.schedule(this.options.tickMs ?? 1000);
        });
    }, delayMs);
  }

  private async tick(): Promise<void> {
    const syncEvery = this.options.syncEveryMs ?? 60_000;
    if (this.syncSoon || Date.now() - this.lastSync >= syncEvery) await this.sync();
    const free = this.options.concurrency - this.inFlight.size;
    if (free <= 0 || this.stopped) return;
    const frequencies: Record<string, number> = {};
    for (const [name, plugin] of this.plugins) frequencies[name] = plugin.config.executeFrequency;
    const sentAt = Date.now();
    const claims = await claimDue(this.options.db, { worker: this.id, frequencies, limit: free });
    const receivedAt = Date.now();
    for (const claim of claims) {
      const plugin = this.plugins.get(claim.plugin)!;
      const module = this.options.catalog.modules.get(plugin.config.module)!;
      const run = runClaim({ ...this.options, worker: this.id }, plugin, module, claim, {
        sentAt,
        receivedAt,
      })
        .then((result) => {
          // What discovery found may match filters: schedule it now, not at the next sync.
          if (
            plugin.config.kind === 'discovery' &&
            result &&
            result.outcome.status !== RunStatus.timeout
          ) {
            this.syncSoon = true;
          }
        })
        .catch((error: unknown) =>
          this.options.log.error(
            { err: error, plugin: claim.plugin, subject: claim.subject },
            'plugin run could not be recorded',
          ),
        )
        .finally(() => {
          this.inFlight.delete(run);
        });
      this.inFlight.add(run);
    }
  }
}
