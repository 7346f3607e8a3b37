import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryService } from '../../src/inventory/service.js';
import { InProcessBus } from '../../src/platform/bus.js';
import { systemContext } from '../../src/platform/context.js';
import { type Database, openDatabase, queryRows } from '../../src/platform/db.js';
import { postgresAdminUrl } from '../helpers/engines.js';

/**
 * Two real worker processes (`argus telemetry worker`, through runTelemetryWorker) on one
 * temporary PostgreSQL database with the same plugin files (PRODUCT 6 "Scheduling"): never two
 * runs of one (plugin, resource) at once, never more often than the frequency, a run killed at
 * 1.25x its frequency, and a crashed worker's leases taken by the other once they expire.
 */

const root = resolve(import.meta.dirname, '../..');
const child = join(import.meta.dirname, 'telemetry-worker-child.ts');

interface RunRow {
  plugin: string;
  subject: string;
  worker: string;
  started_at: Date;
  finished_at: Date;
  duration_ms: number;
  status: number;
  error: string | null;
}

async function asAdmin(statement: string) {
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

const name = `argus_leases_${randomBytes(5).toString('hex')}`;
const url = new URL(postgresAdminUrl);
url.pathname = `/${name}`;
const pluginsDir = mkdtempSync(join(tmpdir(), 'argus-leases-'));
let database: Database;
const workers: ChildProcess[] = [];
const output = new Map<ChildProcess, string>();

function startWorker(): Promise<{ process: ChildProcess; id: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', child], {
    cwd: root,
    env: {
      ...process.env,
      ARGUS_DATABASE_URL: url.toString(),
      ARGUS_TELEMETRY_PLUGINS_DIR: pluginsDir,
      ARGUS_TELEMETRY_DEFAULT_PLUGINS: 'false',
      ARGUS_TELEMETRY_WORKER_CONCURRENCY: '4',
      ARGUS_LOG_LEVEL: 'error',
      ARGUS_CONFIG: '/nonexistent/argus.yaml',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.push(proc);
  output.set(proc, '');
  proc.on('error', (error) =>
    output.set(proc, `${output.get(proc)}spawn error: ${error.message}\n`),
  );
  proc.stderr!.on('data', (chunk) => output.set(proc, output.get(proc) + String(chunk)));
  return new Promise((resolvePromise, reject) => {
    let seen = '';
    proc.stdout!.on('data', (chunk) => {
      seen += String(chunk);
      const ready = /ready (\S+)/.exec(seen);
      if (ready) resolvePromise({ process: proc, id: ready[1]! });
    });
    proc.once('exit', (code) => reject(new Error(`worker exited (${code}): ${output.get(proc)}`)));
  });
}

/** Map.groupBy (Node 21) for Node 20. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

async function runs(): Promise<RunRow[]> {
  // Raw rows carry timestamps as text (drizzle's pg driver setup): made Dates here.
  const rows = await queryRows<RunRow>(
    database.db,
    sql`SELECT plugin, subject, worker, started_at, finished_at, duration_ms, status, error
        FROM telemetry_runs ORDER BY plugin, subject, started_at`,
  );
  return rows.map((r) => ({
    ...r,
    started_at: new Date(r.started_at),
    finished_at: new Date(r.finished_at),
  }));
}

beforeAll(async () => {
  await asAdmin(`CREATE DATABASE ${name}`);
  database = await openDatabase({ url: url.toString() });
  await database.migrate();
  const inventory = new InventoryService(database.db, new InProcessBus());
  await inventory.upsertDiscovered(
    systemContext(),
    'test',
    Array.from({ length: 6 }, (_, i) => ({
      resource_id: `r-${i}`,
      resource_site: 'lab',
      resource_class: 'system',
      resource_subclass: 'host',
      resource_type: 'linux',
      resource_endpoint: `10.0.0.${i}`,
      resource_plugin: 'test',
      resource_creation_timestamp: 1,
    })),
  );
  // Runs take a fifth of the interval: plenty of chances to overlap if the leases failed.
  writeFileSync(
    join(pluginsDir, 'sleepy.yaml'),
    'name: sleepy\nmodule: test_sleeper\nexecute_frequency: 2\nresource_filter: resource_site = "lab"\nrun_at_start: true\nsleep_ms: 400\n',
  );
  // Hangs and ignores its signal: killed (recorded as status 3) at 1.25 s every time.
  writeFileSync(
    join(pluginsDir, 'stuck.panoptes-plugin'),
    '[Core]\nName = stuck\nModule = test_sleeper\n\n[main]\nexecute_frequency = 1\nresource_filter = resource_id = "r-0"\nsleep_ms = 60000\nignore_abort = true\n',
  );
}, 120_000);

afterAll(async () => {
  for (const proc of workers)
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  await database?.close();
  await asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  rmSync(pluginsDir, { recursive: true, force: true });
});

describe('two worker processes on one PostgreSQL', () => {
  it('share the work without overlap or over-polling, kill at 1.25x, and take over a crashed worker’s leases', async () => {
    const [a, b] = await Promise.all([startWorker(), startWorker()]);
    expect(a.id).not.toBe(b.id);
    await sleep(8000);

    // Crash A while it holds a lease on some pair.
    let held: { plugin: string; subject: string; leased_until: Date }[] = [];
    for (let i = 0; i < 100 && held.length === 0; i++) {
      held = await queryRows(
        database.db,
        sql`SELECT plugin, subject, leased_until FROM telemetry_schedule
            WHERE leased_by = ${a.id} AND leased_until > now() + interval '200 milliseconds'`,
      );
      if (held.length === 0) await sleep(50);
    }
    expect(held.length).toBeGreaterThan(0);
    a.process.kill('SIGKILL');
    await once(a.process, 'exit');
    const crashedAt = new Date();
    // Its leases last 1.25x the frequency plus the grace (leases.ts): 7.5 s at most here.
    await sleep(10_000);

    b.process.kill('SIGTERM');
    const [code] = await once(b.process, 'exit');
    expect(code, output.get(b.process)).toBe(0);

    const all = await runs();
    const sleepy = all.filter((r) => r.plugin === 'sleepy');
    const stuck = all.filter((r) => r.plugin === 'stuck');
    // Both processes did work, and every (plugin, resource) pair ran.
    expect(new Set(sleepy.filter((r) => r.started_at < crashedAt).map((r) => r.worker))).toEqual(
      new Set([a.id, b.id]),
    );
    expect(new Set(sleepy.map((r) => r.subject)).size).toBe(6);
    expect(sleepy.every((r) => r.status === 0)).toBe(true);

    const pairs = groupBy(all, (r) => `${r.plugin} ${r.subject}`);
    let checked = 0;
    for (const [pair, list] of pairs) {
      const frequencyMs = pair.startsWith('sleepy') ? 2000 : 1000;
      for (let i = 1; i < list.length; i++) {
        const previous = list[i - 1]!;
        const next = list[i]!;
        // Never two at once: a run starts after the previous one of its pair ended ...
        expect(next.started_at.getTime(), `${pair} run ${i} overlaps`).toBeGreaterThanOrEqual(
          previous.finished_at.getTime(),
        );
        // ... and never sooner than a frequency after it started.
        expect(
          next.started_at.getTime() - previous.started_at.getTime(),
          `${pair} run ${i} too soon`,
        ).toBeGreaterThanOrEqual(frequencyMs);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);

    // The hung run is killed at 1.25x its frequency, every time, whoever runs it.
    expect(stuck.length).toBeGreaterThanOrEqual(5);
    for (const run of stuck) {
      expect(run.status).toBe(3);
      expect(run.error).toMatch(/1\.25 s/);
      expect(run.duration_ms).toBeGreaterThanOrEqual(1150);
      expect(run.duration_ms).toBeLessThan(1600);
    }

    // A's leases at the crash were taken by B, and not before they expired.
    for (const lease of held) {
      const after = all.filter(
        (r) => r.plugin === lease.plugin && r.subject === lease.subject && r.started_at > crashedAt,
      );
      expect(after.length, `${lease.plugin} ${lease.subject} taken over`).toBeGreaterThan(0);
      expect(after[0]!.worker).toBe(b.id);
      expect(after[0]!.started_at.getTime()).toBeGreaterThanOrEqual(
        new Date(lease.leased_until).getTime(),
      );
    }
  }, 90_000);
});
