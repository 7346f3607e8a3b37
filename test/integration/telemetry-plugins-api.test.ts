import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryService } from '../../src/inventory/service.js';
import { InProcessBus } from '../../src/platform/bus.js';
import type { PluginList, ResourcePolling, RunPage } from '../../src/telemetry/runs/contract.js';
import { finishRun } from '../../src/telemetry/scheduler/leases.js';
import { syncSchedule } from '../../src/telemetry/scheduler/schedule.js';
import { telemetrySchedule } from '../../src/telemetry/schema.js';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';

/**
 * The plugins API over real plugin files (the shipped ones and a folder of the test's) and real
 * run records: summaries, load errors, runs by status and subject with cursors, a resource's
 * polling.
 */

const dir = mkdtempSync(join(tmpdir(), 'argus-plugins-api-'));
let t: TestApp;
let reader: TestUser;
let resourceId: string;

beforeAll(async () => {
  writeFileSync(
    join(dir, 'beat.yaml'),
    'name: beat\nmodule: heartbeat\nexecute_frequency: 10\nresource_filter: resource_site = "lab"\n',
  );
  writeFileSync(
    join(dir, 'bad.panoptes-plugin'),
    '[Core]\nName = bad\nModule = host\n\n[main]\nexecute_frequency = soon\n',
  );
  t = await startTestApp({ telemetryPluginsDir: dir });
  reader = await t.user('reader');
  const inventory = new InventoryService(t.database.db, new InProcessBus());
  await inventory.upsertDiscovered(t.system, 'test', [
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
  const [resource] = await inventory.selectResources('resource_id = "db-1"');
  resourceId = resource!.id;
  const list = await t.request(reader, { method: 'GET', url: '/api/telemetry/plugins' });
  const beat = (list.json() as PluginList).plugins.find((p) => p.name === 'beat');
  expect(beat).toBeDefined();
  await syncSchedule(t.database.db, [
    {
      plugin: { config: { ...minimal, name: 'beat', executeFrequency: 10 }, runAtStart: false },
      subjects: [resourceId],
    },
  ]);
  // Twelve runs a minute apart, ending now: every third failed with a timeout.
  const now = Date.now();
  for (let i = 0; i < 12; i++) {
    const startedAt = new Date(now - (12 - i) * 60_000);
    // As if w1 had claimed the pair: a run updates the schedule row of its own lease only.
    await t.database.db.update(telemetrySchedule).set({ leasedBy: 'w1' });
    await finishRun(t.database.db, {
      plugin: 'beat',
      subject: resourceId,
      worker: 'w1',
      startedAt,
      finishedAt: new Date(startedAt.getTime() + 100 * (i + 1)),
      durationMs: 100 * (i + 1),
      status: i % 3 === 2 ? 3 : 0,
      error: i % 3 === 2 ? `killed ${i}` : null,
    });
  }
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const minimal = {
  kind: 'polling' as const,
  module: 'heartbeat',
  enrichmentPreload: [],
  transforms: [],
  sections: {},
  source: 'test',
};

describe('GET /api/telemetry/plugins', () => {
  it('lists the shipped and the folder’s plugins with their last hour, and the skipped files', async () => {
    const response = await t.request(reader, { method: 'GET', url: '/api/telemetry/plugins' });
    expect(response.statusCode).toBe(200);
    const body = response.json() as PluginList;
    expect(body.plugins.map((p) => p.name).sort()).toEqual(['beat', 'host', 'self']);
    expect(body.errors).toEqual([
      {
        file: join(dir, 'bad.panoptes-plugin'),
        key: 'main.execute_frequency',
        reason: 'expected a number of seconds',
      },
    ]);
    const beat = body.plugins.find((p) => p.name === 'beat')!;
    expect(beat).toMatchObject({
      kind: 'polling',
      module: 'heartbeat',
      file: join(dir, 'beat.yaml'),
      executeFrequency: 10,
      resourceFilter: 'resource_site = "lab"',
      scheduled: 1,
      lastHour: { runs: 12, byStatus: { '0': 8, '3': 4 }, meanMs: 650 },
      lastError: { status: 3, error: 'killed 11', subject: resourceId },
    });
    // p95 of 100..1200 ms, interpolated as PostgreSQL's percentile_cont does.
    expect(beat.lastHour.p95Ms).toBeCloseTo(1145, 5);
    const host = body.plugins.find((p) => p.name === 'host')!;
    expect(host).toMatchObject({
      kind: 'polling',
      executeFrequency: 30,
      runAtStart: true,
      lastHour: { runs: 0 },
    });
  });

  it('needs a login', async () => {
    const response = await t.request(null, { method: 'GET', url: '/api/telemetry/plugins' });
    expect(response.statusCode).toBe(401);
  });
});

describe('GET /api/telemetry/plugins/:name/runs', () => {
  it('pages runs newest first with a cursor', async () => {
    const first = (
      await t.request(reader, { method: 'GET', url: '/api/telemetry/plugins/beat/runs?limit=5' })
    ).json() as RunPage;
    expect(first.items.map((r) => r.durationMs)).toEqual([1200, 1100, 1000, 900, 800]);
    expect(first.nextCursor).not.toBeNull();
    const rest = (
      await t.request(reader, {
        method: 'GET',
        url: `/api/telemetry/plugins/beat/runs?limit=50&cursor=${first.nextCursor}`,
      })
    ).json() as RunPage;
    expect(rest.items).toHaveLength(7);
    expect(rest.nextCursor).toBeNull();
  });

  it('filters by status and subject', async () => {
    const timeouts = (
      await t.request(reader, { method: 'GET', url: '/api/telemetry/plugins/beat/runs?status=3' })
    ).json() as RunPage;
    expect(timeouts.items.map((r) => r.error)).toEqual([
      'killed 11',
      'killed 8',
      'killed 5',
      'killed 2',
    ]);
    const none = (
      await t.request(reader, {
        method: 'GET',
        url: '/api/telemetry/plugins/beat/runs?subject=00000000-0000-4000-8000-000000000000',
      })
    ).json() as RunPage;
    expect(none.items).toEqual([]);
  });

  it('answers 404 for an unknown plugin and 400 naming the field for a bad status or cursor', async () => {
    const missing = await t.request(reader, {
      method: 'GET',
      url: '/api/telemetry/plugins/nope/runs',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'ARGUS_TELEMETRY_PLUGIN_NOT_FOUND' });
    const status = await t.request(reader, {
      method: 'GET',
      url: '/api/telemetry/plugins/beat/runs?status=9',
    });
    expect(status.statusCode).toBe(400);
    expect(status.json().problems[0].field).toBe('query.status');
    const cursor = await t.request(reader, {
      method: 'GET',
      url: '/api/telemetry/plugins/beat/runs?cursor=bogus',
    });
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().problems[0].field).toBe('cursor');
  });
});

describe('GET /api/resources/:id/runs', () => {
  it('gives the resource’s schedule with its last run and its latest runs', async () => {
    const body = (
      await t.request(reader, { method: 'GET', url: `/api/resources/${resourceId}/runs` })
    ).json() as ResourcePolling;
    expect(body.schedule).toEqual([
      expect.objectContaining({
        plugin: 'beat',
        lastStatus: 3,
        lastError: 'killed 11',
        leasedBy: null,
      }),
    ]);
    expect(body.recent).toHaveLength(12);
    expect(body.recent[0]!.error).toBe('killed 11');
  });
});
