import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InventoryResource } from '../../src/inventory/contract.js';
import { InventoryService } from '../../src/inventory/service.js';
import { InProcessBus } from '../../src/platform/bus.js';
import { loadConfig } from '../../src/platform/config.js';
import { systemContext } from '../../src/platform/context.js';
import { type Database, queryRows } from '../../src/platform/db.js';
import type { LoadedPlugin } from '../../src/telemetry/config/plugin-file.js';
import { parsePluginFile } from '../../src/telemetry/config/plugin-file.js';
import { createMetricPipeline, type MetricPipeline } from '../../src/telemetry/pipeline-runtime.js';
import { PluginFailure, type PluginModule, RunStatus } from '../../src/telemetry/plugin.js';
import { moduleRegistry } from '../../src/telemetry/registry.js';
import { claimDue, finishRun, leaseGraceSeconds } from '../../src/telemetry/scheduler/leases.js';
import { runClaim } from '../../src/telemetry/scheduler/runner.js';
import { syncSchedule } from '../../src/telemetry/scheduler/schedule.js';
import { telemetryRuns, telemetrySchedule } from '../../src/telemetry/schema.js';
import { openTestDatabase } from '../helpers/database.js';

/**
 * Scheduling on one database (PGlite here, PostgreSQL in integration-pg): spread first runs,
 * leases, the frequency guard, the 1.25x kill, status codes, the status group, enrichments and
 * discovery feeding polling. The two-process lease test is test/services/telemetry-leases.
 */

const quiet = { info() {}, warn() {}, error() {} };
const config = loadConfig({ logLevel: 'silent' }, {}, '/nonexistent/argus.yaml');

// Small real modules of this test; production registers none of them.
let behaviour: 'ok' | 'auth' | 'throw' | 'hang' | 'empty' = 'ok';
const seen: { resource?: string; enrichments: Record<string, unknown> }[] = [];
const probe: PluginModule = {
  kind: 'polling',
  name: 'test_probe',
  async run(ctx) {
    seen.push({ resource: ctx.resource?.id, enrichments: ctx.enrichments });
    if (behaviour === 'auth') throw new PluginFailure(RunStatus.authFailure, 'community refused');
    if (behaviour === 'throw') throw new TypeError('boom');
    if (behaviour === 'hang') await new Promise(() => undefined);
    if (behaviour === 'empty') return { groups: [] };
    const at = ctx.now();
    return {
      groups: [
        {
          resource: {
            id: ctx.resource!.id,
            resource_id: ctx.resource!.resource_id,
            resource_site: ctx.resource!.resource_site,
            resource_class: ctx.resource!.resource_class,
            resource_subclass: ctx.resource!.resource_subclass,
            resource_type: ctx.resource!.resource_type,
            resource_endpoint: ctx.resource!.resource_endpoint,
          },
          metrics_group_type: 'probe',
          metrics_group_interval: ctx.config.executeFrequency,
          metrics_group_creation_timestamp: at,
          metrics_group_schema_version: '0.2',
          dimensions: [],
          metrics: [
            {
              metric_name: 'up',
              metric_value: 1,
              metric_type: 'gauge',
              metric_creation_timestamp: at,
            },
          ],
        },
      ],
    };
  },
};
const finder: PluginModule = {
  kind: 'discovery',
  name: 'test_finder',
  async run() {
    return {
      resources: [
        {
          resource_id: 'web-1',
          resource_site: 'lab',
          resource_class: 'system',
          resource_subclass: 'host',
          resource_type: 'linux',
          resource_endpoint: '127.0.0.1',
          resource_plugin: 'test_finder',
          resource_creation_timestamp: '1512629517.03121',
        },
        { resource_id: 'broken' },
      ] as never,
    };
  },
};
const enricher: PluginModule = {
  kind: 'enrichment',
  name: 'test_enricher',
  async run(ctx) {
    return { enrichments: { interface: { eth0: { speed: 1e9 }, of: ctx.resource!.resource_id } } };
  },
};
const modules = moduleRegistry([probe, finder, enricher]);

const plugin = (yaml: string): LoadedPlugin => parsePluginFile('test.yaml', yaml, modules);
const polling = (extra = '', frequency = 60) =>
  plugin(
    `name: probe\nmodule: test_probe\nexecute_frequency: ${frequency}\nresource_filter: resource_site = "lab"\n${extra}`,
  );

let database: Database;
let inventory: InventoryService;
let pipeline: MetricPipeline;
let resource: InventoryResource;

beforeAll(async () => {
  database = await openTestDatabase();
  inventory = new InventoryService(database.db, new InProcessBus());
  pipeline = createMetricPipeline({
    db: database.db,
    config,
    log: quiet,
    retentionEveryMs: 0,
    bus: { closeTimeoutMs: 2000 },
  });
  await inventory.upsertDiscovered(systemContext(), 'test', [
    {
      resource_id: 'db-1',
      resource_site: 'lab',
      resource_class: 'system',
      resource_subclass: 'host',
      resource_type: 'linux',
      resource_endpoint: '127.0.0.2',
      resource_plugin: 'test',
      resource_creation_timestamp: 1,
    },
  ]);
  [resource] = await inventory.selectResources('resource_id = "db-1"');
});
afterAll(async () => {
  await pipeline?.close();
  await database?.close();
});
beforeEach(async () => {
  behaviour = 'ok';
  seen.length = 0;
  await database.db.delete(telemetrySchedule);
  await database.db.delete(telemetryRuns);
});

const deps = () => ({
  db: database.db,
  inventory,
  pipeline,
  log: quiet,
  worker: 'w1',
  secret: async () => '',
});

/** Claims the pair now (making it due first) and runs it as the worker would. */
async function runNow(loaded: LoadedPlugin, subject = resource.id) {
  await syncSchedule(database.db, [{ plugin: loaded, subjects: [subject] }]);
  await database.db.update(telemetrySchedule).set({ dueAt: new Date(Date.now() - 1000) });
  const sentAt = Date.now();
  const [claim] = await claimDue(database.db, {
    worker: 'w1',
    frequencies: { [loaded.config.name]: loaded.config.executeFrequency },
    limit: 1,
  });
  expect(claim).toBeDefined();
  const result = await runClaim(deps(), loaded, modules.get(loaded.config.module)!, claim!, {
    sentAt,
    receivedAt: Date.now(),
  });
  const runs = await database.db.select().from(telemetryRuns);
  const [row] = await database.db.select().from(telemetrySchedule);
  return { result, runs, row: row! };
}

describe('the schedule', () => {
  it('spreads first runs of many pairs over the interval, the same way every time', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const subjects = Array.from(
      { length: 200 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const outcome = await syncSchedule(database.db, [{ plugin: polling(), subjects }], now);
    expect(outcome).toEqual({ added: 200, removed: 0 });
    const rows = await database.db.select().from(telemetrySchedule);
    const offsets = rows.map((r) => r.dueAt.getTime() - now.getTime());
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...offsets)).toBeLessThan(60_000);
    // Every tenth of the interval gets some of them: no herd at the start.
    const buckets = new Set(offsets.map((o) => Math.floor(o / 6000)));
    expect(buckets.size).toBe(10);
    expect(
      Math.max(
        ...[...Array(10).keys()].map(
          (b) => offsets.filter((o) => Math.floor(o / 6000) === b).length,
        ),
      ),
    ).toBeLessThan(45);
    // A second sync keeps the rows (and their due times); a subject that went is removed.
    const again = await syncSchedule(
      database.db,
      [{ plugin: polling(), subjects: subjects.slice(1) }],
      new Date(),
    );
    expect(again).toEqual({ added: 0, removed: 1 });
  });

  it('makes the first run of a run_at_start plugin due at once', async () => {
    const now = new Date();
    await syncSchedule(
      database.db,
      [{ plugin: polling('run_at_start: true\n'), subjects: [resource.id] }],
      now,
    );
    const [row] = await database.db.select().from(telemetrySchedule);
    expect(row!.dueAt.getTime()).toBe(now.getTime());
  });

  it('removes the rows of a plugin no longer configured, and keeps those whose resources could not be read', async () => {
    await syncSchedule(database.db, [{ plugin: polling(), subjects: [resource.id] }]);
    expect(await syncSchedule(database.db, [{ plugin: polling(), subjects: null }])).toEqual({
      added: 0,
      removed: 0,
    });
    expect(await syncSchedule(database.db, [])).toEqual({ added: 0, removed: 1 });
  });
});

describe('leases', () => {
  it('claim a due pair once, move it a frequency on, and give it to another worker only after the lease', async () => {
    await syncSchedule(database.db, [{ plugin: polling('', 2), subjects: [resource.id] }]);
    await database.db.update(telemetrySchedule).set({ dueAt: new Date(Date.now() - 60_000) });
    const frequencies = { probe: 2 };
    const [first] = await claimDue(database.db, { worker: 'w1', frequencies, limit: 5 });
    expect(first).toMatchObject({ plugin: 'probe', subject: resource.id });
    // Held: nobody else gets it, and it is not due again before a frequency has passed.
    expect(await claimDue(database.db, { worker: 'w2', frequencies, limit: 5 })).toEqual([]);
    const [row] = await database.db.select().from(telemetrySchedule);
    expect(row!.leasedBy).toBe('w1');
    expect(row!.dueAt.getTime() - first!.claimedAt.getTime()).toBeCloseTo(2000, -1);
    // 1.25x the frequency, plus the grace that covers a late kill timer.
    expect(row!.leasedUntil!.getTime() - first!.claimedAt.getTime()).toBeCloseTo(
      2500 + leaseGraceSeconds * 1000,
      -1,
    );
    // A plugin this worker does not know is never claimed by it.
    await database.db
      .update(telemetrySchedule)
      .set({ dueAt: new Date(Date.now() - 1000), leasedUntil: null });
    expect(
      await claimDue(database.db, { worker: 'w2', frequencies: { other: 1 }, limit: 5 }),
    ).toEqual([]);
    // w1 "crashed": once its lease has passed, w2 takes the pair.
    await database.db.update(telemetrySchedule).set({
      leasedBy: 'w1',
      leasedUntil: new Date(Date.now() - 1),
      dueAt: new Date(Date.now() - 1),
    });
    const [taken] = await claimDue(database.db, { worker: 'w2', frequencies, limit: 5 });
    expect(taken?.subject).toBe(resource.id);
    // w1's late finish neither frees w2's lease nor is lost.
    await finishRun(database.db, {
      plugin: 'probe',
      subject: resource.id,
      worker: 'w1',
      startedAt: first!.claimedAt,
      finishedAt: new Date(),
      durationMs: 1,
      status: 0,
      error: null,
    });
    const [after] = await database.db.select().from(telemetrySchedule);
    expect(after!.leasedBy).toBe('w2');
    expect(await database.db.$count(telemetryRuns)).toBe(1);
  });

  it('claim at most the limit, earliest due first', async () => {
    const subjects = ['a', 'b', 'c'];
    await syncSchedule(database.db, [{ plugin: polling(), subjects }]);
    for (const [i, subject] of subjects.entries()) {
      await database.db
        .update(telemetrySchedule)
        .set({ dueAt: new Date(Date.now() - 10_000 + i * 1000) })
        .where(eq(telemetrySchedule.subject, subject));
    }
    const claims = await claimDue(database.db, {
      worker: 'w1',
      frequencies: { probe: 60 },
      limit: 2,
    });
    expect(claims.map((c) => c.subject)).toEqual(['a', 'b']);
  });
});

describe('runs', () => {
  it('record success, hand the groups to the pipeline and publish a status group', async () => {
    const { result, runs, row } = await runNow(polling());
    expect(result?.outcome).toEqual({ status: 0, error: null });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      plugin: 'probe',
      subject: resource.id,
      worker: 'w1',
      status: 0,
      error: null,
    });
    expect(runs[0]!.finishedAt.getTime()).toBeGreaterThanOrEqual(runs[0]!.startedAt.getTime());
    expect(row).toMatchObject({ lastStatus: 0, leasedBy: null, leasedUntil: null });
    // Both the module's group and the status group reach the store.
    await expect
      .poll(async () =>
        (
          await queryRows<{
            group_type: string;
            metric: string;
            dimensions: Record<string, string>;
          }>(
            database.db,
            sql`SELECT group_type, metric, dimensions FROM metric_series WHERE resource_id = ${resource.id} ORDER BY group_type`,
          )
        ).map((s) => [s.group_type, s.metric, s.dimensions]),
      )
      .toEqual([
        ['probe', 'up', {}],
        ['status', 'status', { plugin: 'probe' }],
      ]);
  });

  const failures = [
    ['auth', RunStatus.authFailure, /community refused/],
    ['throw', RunStatus.internalFailure, /boom/],
    ['empty', RunStatus.missingMetrics, /no metric groups/],
  ] as const;
  for (const [what, status, error] of failures) {
    it(`record status ${status} when the module ${what === 'auth' ? 'fails to authenticate' : what === 'throw' ? 'throws' : 'returns nothing'}`, async () => {
      behaviour = what;
      const { runs, row } = await runNow(polling());
      expect(runs[0]!.status).toBe(status);
      expect(runs[0]!.error).toMatch(error);
      expect(row).toMatchObject({ lastStatus: status, leasedBy: null });
      // The status group carries the code: broken polling is itself a series.
      await expect
        .poll(async () => {
          const [latest] = await queryRows<{ value: number }>(
            database.db,
            sql`SELECT x.value[g.idx] AS value FROM metric_samples x
                JOIN metric_group_members g ON g.group_id = x.group_id
                JOIN metric_series m ON m.id = g.series_id
                WHERE m.group_type = 'status' AND m.resource_id = ${resource.id} ORDER BY x.at DESC LIMIT 1`,
          );
          return latest?.value;
        })
        .toBe(status);
    });
  }

  it('kill a run at 1.25x its frequency: status 3, and the lease is released', async () => {
    behaviour = 'hang';
    const started = Date.now();
    const { runs, row } = await runNow(polling('', 1));
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(1200);
    expect(took).toBeLessThan(3000);
    expect(runs[0]).toMatchObject({ status: RunStatus.timeout });
    expect(runs[0]!.error).toMatch(/1.25 s/);
    expect(runs[0]!.durationMs).toBeGreaterThan(1100);
    expect(row.leasedUntil).toBeNull();
    // The run's recorded end lies within what its lease covered.
    expect(runs[0]!.finishedAt.getTime() - runs[0]!.startedAt.getTime()).toBeLessThanOrEqual(
      1250 + 50,
    );
  });

  it('fail with status 8 when a preloaded enrichment is missing, and pass it once the enrichment plugin ran', async () => {
    const loaded = polling('enrichment:\n  preload: [self:interface]\n');
    const missing = await runNow(loaded);
    expect(missing.runs[0]).toMatchObject({ status: RunStatus.enrichmentFailure });
    expect(seen).toHaveLength(0);

    await database.db.delete(telemetrySchedule);
    const enrichment = plugin(
      'name: interfaces\nmodule: test_enricher\nexecute_frequency: 600\nenrichment_ttl: 900\nresource_filter: resource_site = "lab"\n',
    );
    const enriched = await runNow(enrichment);
    expect(enriched.result?.outcome.status).toBe(0);
    expect(await inventory.enrichments(resource.id)).toEqual({
      interface: { eth0: { speed: 1e9 }, of: 'db-1' },
    });
    const [stored] = await queryRows<{ ttl: number }>(
      database.db,
      sql`SELECT extract(epoch FROM expires_at - collected_at)::int AS ttl FROM resource_enrichments`,
    );
    expect(stored!.ttl).toBe(900);

    await database.db.delete(telemetrySchedule);
    await runNow(loaded);
    expect(seen.at(-1)).toEqual({
      resource: resource.id,
      enrichments: { interface: { eth0: { speed: 1e9 }, of: 'db-1' } },
    });
  });

  it('skip a run whose last results are younger than results_cache_age', async () => {
    const loaded = polling('results_cache_age: 3600\n');
    await runNow(loaded);
    const second = await runNow(loaded);
    expect(second.result).toBeNull();
    expect(second.runs).toHaveLength(1);
    expect(second.row.leasedBy).toBeNull();
  });

  it('store what discovery finds, report the refused records (status 4), and drop pairs of vanished resources', async () => {
    const discovery = plugin('name: finder\nmodule: test_finder\nexecute_frequency: 60\n');
    const { runs } = await runNow(discovery, '');
    expect(runs[0]).toMatchObject({ status: RunStatus.partial, subject: '' });
    expect(runs[0]!.error).toMatch(/1 resource\(s\) refused: resource 1/);
    expect(
      (await inventory.selectResources('resource_id = "web-1"')).map((r) => r.resource_endpoint),
    ).toEqual(['127.0.0.1']);

    await database.db.delete(telemetrySchedule);
    const gone = await runNow(polling(), '00000000-0000-4000-8000-000000000000');
    expect(gone.result).toBeNull();
    expect(await database.db.$count(telemetrySchedule)).toBe(0);
  });
});
