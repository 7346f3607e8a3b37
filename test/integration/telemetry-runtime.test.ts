import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryService } from '../../src/inventory/service.js';
import { InProcessBus } from '../../src/platform/bus.js';
import { loadConfig } from '../../src/platform/config.js';
import { type Database, queryRows } from '../../src/platform/db.js';
import { createMetricPipeline, type MetricPipeline } from '../../src/telemetry/pipeline-runtime.js';
import { startTelemetry } from '../../src/telemetry/runtime.js';
import { openTestDatabase } from '../helpers/database.js';

/**
 * The runtime as `argus serve` starts it, with the shipped plugins only: the machine itself is
 * discovered and its host metrics stored within seconds of start ("first data within one polling
 * interval"), each run recorded, and stop() ends it cleanly.
 */

const quiet = { info() {}, warn() {}, error() {} };
const dataDir = mkdtempSync(join(tmpdir(), 'argus-runtime-'));
const config = loadConfig({ logLevel: 'silent', dataDir }, {}, '/nonexistent/argus.yaml');
let database: Database;
let pipeline: MetricPipeline;

beforeAll(async () => {
  database = await openTestDatabase();
  pipeline = createMetricPipeline({ db: database.db, config, log: quiet, retentionEveryMs: 0 });
});
afterAll(async () => {
  await pipeline?.close();
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('startTelemetry with the shipped plugins', () => {
  it('discovers the machine and stores its host metrics within seconds, then stops', async () => {
    const inventory = new InventoryService(database.db, new InProcessBus());
    const started = Date.now();
    const runtime = await startTelemetry({
      config,
      database,
      log: quiet,
      inventory,
      pipeline,
      tickMs: 200,
    });
    expect(runtime.worker).not.toBeNull();
    try {
      await expect
        .poll(
          async () =>
            (
              await queryRows<{ group_type: string }>(
                database.db,
                sql`SELECT DISTINCT m.group_type FROM metric_series m
                    JOIN resources r ON r.id = m.resource_id WHERE r.resource_plugin = 'self'
                    ORDER BY 1`,
              )
            ).map((row) => row.group_type),
          { timeout: 25_000, interval: 500 },
        )
        .toEqual(expect.arrayContaining(['cpu', 'load', 'memory', 'status']));
      // Far inside the 30 s interval of the host plugin.
      expect(Date.now() - started).toBeLessThan(25_000);
      const runs = await queryRows<{ plugin: string; status: number }>(
        database.db,
        sql`SELECT plugin, status FROM telemetry_runs ORDER BY id`,
      );
      expect(runs.slice(0, 2)).toEqual([
        { plugin: 'self', status: 0 },
        { plugin: 'host', status: 0 },
      ]);
    } finally {
      await runtime.stop();
    }
  }, 60_000);

  it('runs nothing when telemetry.enabled is false', async () => {
    const off = loadConfig(
      { logLevel: 'silent', dataDir, telemetryEnabled: false },
      {},
      '/nonexistent/argus.yaml',
    );
    const inventory = new InventoryService(database.db, new InProcessBus());
    const runtime = await startTelemetry({
      config: off,
      database,
      log: quiet,
      inventory,
      pipeline,
    });
    expect(runtime.worker).toBeNull();
    await runtime.stop();
  });
});
