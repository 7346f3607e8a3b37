import { and, desc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Db, queryRows } from '../../platform/db.js';
import { NotFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import type { PluginCatalog } from '../config/plugin-set.js';
import { telemetryRuns, telemetrySchedule } from '../schema.js';
import type {
  PluginList,
  PluginSummary,
  ResourcePolling,
  Run,
  RunPage,
  RunQuery,
} from './contract.js';
import { TelemetryRunErrors } from './errors.js';

/**
 * What the plugins page and a resource's page show: each plugin as configured (and the files
 * that could not be), how its runs went in the last hour, its runs, a resource's schedule.
 */

/** Runs per plugin a summary looks at: bounds the work of the page however busy the plugin. */
const summaryWindow = 5000;

const toIso = (value: unknown): string =>
  (value instanceof Date ? value : new Date(String(value))).toISOString();

function presentRun(row: typeof telemetryRuns.$inferSelect): Run {
  return {
    id: row.id,
    plugin: row.plugin,
    subject: row.subject,
    worker: row.worker,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt.toISOString(),
    durationMs: row.durationMs,
    status: row.status,
    error: row.error,
  };
}

export class TelemetryRunsService {
  constructor(
    private readonly db: Db,
    private readonly catalog: PluginCatalog,
  ) {}

  async plugins(): Promise<PluginList> {
    const set = this.catalog.snapshot();
    const names = set.plugins.map((p) => p.config.name);
    const stats = new Map<string, PluginSummary['lastHour']>();
    const lastErrors = new Map<string, PluginSummary['lastError']>();
    const scheduled = new Map<string, number>();
    if (names.length > 0) {
      for (const row of await this.db
        .select({ plugin: telemetrySchedule.plugin, n: sql<number>`count(*)::int` })
        .from(telemetrySchedule)
        .where(inArray(telemetrySchedule.plugin, names))
        .groupBy(telemetrySchedule.plugin)) {
        scheduled.set(row.plugin, row.n);
      }
      for (const name of names) {
        stats.set(name, await this.lastHour(name));
        lastErrors.set(name, await this.lastError(name));
      }
    }
    return {
      plugins: set.plugins.map(({ config, runAtStart }) => ({
        name: config.name,
        kind: config.kind,
        module: config.module,
        file: config.source,
        executeFrequency: config.executeFrequency,
        resourceFilter: config.resourceFilter ?? null,
        resultsCacheAge: config.resultsCacheAge ?? null,
        enrichmentTtl: config.enrichmentTtl ?? null,
        enrichmentPreload: config.enrichmentPreload,
        transforms: config.transforms,
        runAtStart,
        scheduled: scheduled.get(config.name) ?? 0,
        lastHour: stats.get(config.name)!,
        lastError: lastErrors.get(config.name) ?? null,
      })),
      errors: set.errors,
      loadedAt: set.loadedAt.toISOString(),
    };
  }

  private async lastHour(plugin: string): Promise<PluginSummary['lastHour']> {
    // The latest runs by the (plugin, id) index first, then the hour among them: bounded work.
    const recent = sql`(SELECT status, duration_ms FROM (
        SELECT status, duration_ms, started_at FROM telemetry_runs
        WHERE plugin = ${plugin} ORDER BY id DESC LIMIT ${summaryWindow}) latest
      WHERE started_at > now() - interval '1 hour') r`;
    const byStatus = await queryRows<{ status: number; n: number }>(
      this.db,
      sql`SELECT status, count(*)::int AS n FROM ${recent} GROUP BY status ORDER BY status`,
    );
    const [timing] = await queryRows<{ n: number; mean: number | null; p95: number | null }>(
      this.db,
      sql`SELECT count(*)::int AS n, avg(duration_ms)::float8 AS mean,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms)::float8 AS p95
          FROM ${recent}`,
    );
    return {
      runs: Number(timing?.n ?? 0),
      byStatus: Object.fromEntries(byStatus.map((r) => [String(r.status), Number(r.n)])),
      meanMs: timing?.mean === null || timing?.mean === undefined ? null : Number(timing.mean),
      p95Ms: timing?.p95 === null || timing?.p95 === undefined ? null : Number(timing.p95),
    };
  }

  private async lastError(plugin: string): Promise<PluginSummary['lastError']> {
    const [row] = await this.db
      .select()
      .from(telemetryRuns)
      .where(and(eq(telemetryRuns.plugin, plugin), sql`${telemetryRuns.status} <> 0`))
      .orderBy(desc(telemetryRuns.id))
      .limit(1);
    return row
      ? {
          at: row.finishedAt.toISOString(),
          subject: row.subject,
          status: row.status,
          error: row.error,
        }
      : null;
  }

  async runs(plugin: string, query: RunQuery): Promise<RunPage> {
    // Bad input is answered before a missing plugin: the cursor is checked first.
    const before = query.cursor
      ? decodeCursor(query.cursor, z.tuple([z.number().int().positive()]))[0]
      : undefined;
    if (!this.catalog.snapshot().plugins.some((p) => p.config.name === plugin)) {
      throw new NotFound(TelemetryRunErrors.pluginNotFound, `no plugin named "${plugin}"`);
    }
    const conditions: SQL[] = [eq(telemetryRuns.plugin, plugin)];
    if (query.subject !== undefined) conditions.push(eq(telemetryRuns.subject, query.subject));
    if (query.status !== undefined) conditions.push(eq(telemetryRuns.status, query.status));
    if (before !== undefined) conditions.push(lt(telemetryRuns.id, before));
    const rows = await this.db
      .select()
      .from(telemetryRuns)
      .where(and(...conditions))
      .orderBy(desc(telemetryRuns.id))
      .limit(query.limit + 1);
    const items = rows.slice(0, query.limit).map(presentRun);
    const more = rows.length > query.limit;
    return { items, nextCursor: more ? encodeCursor([items.at(-1)!.id]) : null };
  }

  /** A resource's plugins and latest runs (its page's "Polling" panel). */
  async resourcePolling(resourceId: string, recent = 20): Promise<ResourcePolling> {
    const schedule = await this.db
      .select()
      .from(telemetrySchedule)
      .where(eq(telemetrySchedule.subject, resourceId))
      .orderBy(telemetrySchedule.plugin);
    const runs = await this.db
      .select()
      .from(telemetryRuns)
      .where(eq(telemetryRuns.subject, resourceId))
      .orderBy(desc(telemetryRuns.id))
      .limit(recent);
    return {
      schedule: schedule.map((row) => ({
        plugin: row.plugin,
        dueAt: toIso(row.dueAt),
        leasedBy: row.leasedUntil && row.leasedUntil > new Date() ? row.leasedBy : null,
        lastStartedAt: row.lastStartedAt ? toIso(row.lastStartedAt) : null,
        lastFinishedAt: row.lastFinishedAt ? toIso(row.lastFinishedAt) : null,
        lastStatus: row.lastStatus,
        lastError: row.lastError,
      })),
      recent: runs.map(presentRun),
    };
  }
}

/**
 * Deletes runs older than the retention, a bounded batch at a time so a large backlog (after
 * lowering the retention) never holds one long transaction. Returns how many went.
 */
export async function deleteOldRuns(
  db: Db,
  retentionDays: number,
  batch = 10_000,
): Promise<number> {
  let total = 0;
  for (;;) {
    const [{ n }] = (await queryRows<{ n: number }>(
      db,
      sql`WITH gone AS (
            DELETE FROM telemetry_runs WHERE id IN (
              SELECT id FROM telemetry_runs
              WHERE started_at < now() - make_interval(secs => ${retentionDays * 86400})
              ORDER BY id LIMIT ${batch})
            RETURNING 1)
          SELECT count(*)::int AS n FROM gone`,
    )) as [{ n: number }];
    total += Number(n);
    if (n < batch) return total;
  }
}
