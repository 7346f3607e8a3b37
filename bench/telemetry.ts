/**
 * npm run bench:telemetry — sustained samples per second from synthetic polling output through
 * the whole pipeline (validation, rate transforms, the bounded bus, the built-in store with its
 * rollups), first on embedded PGlite (a data folder on disk, as `argus serve` runs), then on the
 * local PostgreSQL (a temporary database, ARGUS_TEST_POSTGRES_URL). Each engine also runs the
 * baseline: the same samples as group rows written with a bare `INSERT ... SELECT FROM
 * unnest(...)` into metric_samples, no pipeline, no rollups: the ceiling of the engine itself.
 *
 * The polling output: BENCH_RESOURCES (1,000) resources x 10 interface groups x 10 metrics
 * (8 counters turned into rates, configured_speed, oper_state), one poll cycle per simulated
 * minute, as fast as the pipeline takes them, for BENCH_SECONDS (60) per engine. Prints samples/s,
 * memory over time and what was dropped (must be 0). BENCH_ENGINES=pglite or postgres runs one.
 * Target: 100,000 samples/s on PGlite.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/platform/config.js';
import { type Database, openDatabase, queryRows } from '../src/platform/db.js';
import type { MetricGroup } from '../src/telemetry/metric-group.js';
import { createMetricPipeline } from '../src/telemetry/pipeline-runtime.js';
import { type GroupRow, writeGroupRows } from '../src/telemetry/store/writer.js';
import { openTestDatabase } from '../test/helpers/database.js';

const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const ENGINES = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',');
const INTERFACES = 10;
const COUNTERS = [
  'bits_in',
  'bits_out',
  'unicast_packets_in',
  'unicast_packets_out',
  'errors_in',
  'errors_out',
  'discards_in',
  'discards_out',
];
const TRANSFORMS = COUNTERS.map((c) => `rate:interface:${c}`).join(',');
const config = loadConfig({}, process.env, '/nonexistent');
const mb = (n: number) => Math.round(n / 2 ** 20);

/** One resource's poll at `at`: 10 interface groups of 10 metrics, counters growing. */
function pollOutput(
  resource: MetricGroup['resource'],
  r: number,
  at: number,
  cycle: number,
): MetricGroup[] {
  const groups: MetricGroup[] = [];
  for (let i = 0; i < INTERFACES; i++) {
    const metrics: MetricGroup['metrics'] = COUNTERS.map((name, k) => ({
      metric_name: name,
      metric_value: cycle * (1000 + ((r * 31 + i * 7 + k) % 997)) * 60,
      metric_type: 'counter',
      metric_creation_timestamp: at,
    }));
    metrics.push(
      {
        metric_name: 'configured_speed',
        metric_value: 1e10,
        metric_type: 'gauge',
        metric_creation_timestamp: at,
      },
      {
        metric_name: 'oper_state',
        metric_value: 1,
        metric_type: 'gauge',
        metric_creation_timestamp: at,
      },
    );
    groups.push({
      resource,
      metrics_group_type: 'interface',
      metrics_group_interval: 60,
      metrics_group_creation_timestamp: at,
      metrics_group_schema_version: '0.2',
      dimensions: [
        { dimension_name: 'interface_name', dimension_value: `Ethernet1/${i}` },
        { dimension_name: 'alias', dimension_value: `uplink ${i}` },
      ],
      metrics,
    });
  }
  return groups;
}

interface Result {
  samplesPerSecond: number;
  samples: number;
  seconds: number;
  dropped: number;
  rejected: number;
  memory: string[];
}

async function runPipeline(database: Database): Promise<Result> {
  const log = { info() {}, warn: console.warn, error: console.error };
  const pipeline = createMetricPipeline({ db: database.db, config, log, retentionEveryMs: 0 });
  const resources = Array.from({ length: RESOURCES }, (_, r) => ({
    id: randomUUID(),
    resource_id: `switch-${r}`,
    resource_site: `dc${r % 4}`,
    resource_class: 'network',
    resource_subclass: 'switch',
    resource_type: 'cisco',
    resource_endpoint: `10.0.${r >> 8}.${r & 255}`,
  }));
  // Simulated time: one cycle a minute, ending about now, so everything is inside raw retention.
  const start = Math.floor(Date.now() / 1000) - 2 * 86400 + 3600;
  const memory: string[] = [];
  const t0 = performance.now();
  let nextReport = 0;
  // The first cycle primes the counters (a rate needs two polls): not timed.
  for (let r = 0; r < RESOURCES; r++)
    await pipeline.submit(pollOutput(resources[r]!, r, start, 0), TRANSFORMS);
  const primed = await drained(pipeline, 0);
  const timedFrom = performance.now();
  let cycle = 1;
  while ((performance.now() - timedFrom) / 1000 < SECONDS) {
    const at = start + cycle * 60;
    for (let r = 0; r < RESOURCES; r++) {
      const out = pollOutput(resources[r]!, r, at, cycle);
      const result = await pipeline.submit(out, TRANSFORMS);
      if (result.rejected.length > 0)
        throw new Error(`rejected: ${JSON.stringify(result.rejected[0])}`);
    }
    cycle++;
    const elapsed = (performance.now() - timedFrom) / 1000;
    if (elapsed >= nextReport) {
      const m = process.memoryUsage();
      const stored = pipeline.store.samplesWritten - primed;
      memory.push(
        `${elapsed.toFixed(0)}s rss ${mb(m.rss)} MB heap ${mb(m.heapUsed)} MB, ${Math.round(stored / elapsed)} samples/s`,
      );
      nextReport += 10;
    }
  }
  const total = await drained(pipeline, primed);
  const seconds = (performance.now() - timedFrom) / 1000;
  const stats = pipeline.stats();
  await pipeline.close();
  void t0;
  return {
    samples: total,
    seconds,
    samplesPerSecond: total / seconds,
    dropped: stats.consumers.reduce((n, c) => n + c.dropped, 0),
    rejected: stats.rejected,
    memory,
  };
}

/** Waits for the store to take everything queued; returns samples written since `since`. */
async function drained(
  pipeline: ReturnType<typeof createMetricPipeline>,
  since: number,
): Promise<number> {
  for (;;) {
    const store = pipeline.stats().consumers.find((c) => c.name === 'store');
    if (!store || store.queued === 0) return pipeline.store.samplesWritten - since;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The store's group keys and their widths, for the statement-level runs below. */
async function groupKeys(database: Database): Promise<{ id: number; width: number }[]> {
  return queryRows<{ id: number; width: number }>(
    database.db,
    sql`SELECT id, cardinality(metrics) AS width FROM metric_groups ORDER BY id`,
  );
}

/**
 * Prepared group rows for `samples` samples: cycle after cycle over every key, `startSeconds`
 * plus a minute a cycle; sliced into batches of about `batch` samples.
 */
function* preparedRows(
  keys: readonly { id: number; width: number }[],
  samples: number,
  batch: number,
  startSeconds: number,
): Generator<GroupRow[]> {
  let written = 0;
  let rows: GroupRow[] = [];
  let inBatch = 0;
  for (let cycle = 0; written < samples; cycle++) {
    for (const key of keys) {
      if (written >= samples) break;
      rows.push({
        groupId: key.id,
        micros: (startSeconds + cycle * 60) * 1e6,
        values: Array.from({ length: key.width }, (_, k) => k),
      });
      written += key.width;
      inBatch += key.width;
      if (inBatch >= batch) {
        yield rows;
        rows = [];
        inBatch = 0;
      }
    }
  }
  if (rows.length > 0) yield rows;
}

const sampleCount = (rows: readonly GroupRow[]) => rows.reduce((n, r) => n + r.values.length, 0);

/** The same volume as bare unnest INSERTs of prepared group rows: no bus, no rollups. */
async function runBaseline(database: Database, samples: number, batch: number): Promise<number> {
  const keys = await groupKeys(database);
  const start = Math.floor(Date.now() / 1000) - 86400 * 3; // older than the pipeline's rows: no conflicts
  const t0 = performance.now();
  let written = 0;
  for (const rows of preparedRows(keys, samples, batch, start)) {
    await database.db.execute(sql`INSERT INTO metric_samples (group_id, at, value)
      SELECT g, to_timestamp(t), v::float8[]
      FROM unnest(${sql.param(rows.map((r) => r.groupId))}::int[],
        ${sql.param(rows.map((r) => r.micros / 1e6))}::float8[],
        ${sql.param(rows.map((r) => `{${r.values.join(',')}}`))}::text[]) AS x(g, t, v)`);
    written += sampleCount(rows);
  }
  return written / ((performance.now() - t0) / 1000);
}

/** The store's own statements (rows + both rollups) on prepared rows: the cost of the rollups. */
async function runStoreStatement(
  database: Database,
  samples: number,
  batch: number,
): Promise<number> {
  const keys = await groupKeys(database);
  const start = Math.floor(Date.now() / 1000) - 86400 * 4;
  const t0 = performance.now();
  let written = 0;
  for (const rows of preparedRows(keys, samples, batch, start)) {
    await writeGroupRows(database.db, rows);
    written += sampleCount(rows);
  }
  return written / ((performance.now() - t0) / 1000);
}

async function openEngine(
  engine: string,
): Promise<{ database: Database; name: string; done: () => Promise<void> }> {
  if (engine === 'postgres') {
    const database = await openTestDatabase('postgres');
    return { database, name: 'PostgreSQL', done: () => database.close() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'argus-bench-telemetry-'));
  const database = await openDatabase({
    dataDir: dir,
    sharedBuffersMb: config.embeddedSharedBuffersMb,
  });
  await database.migrate();
  return {
    database,
    name: 'embedded PGlite',
    done: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

console.log(
  `telemetry: ${RESOURCES} resources x ${INTERFACES} interfaces x 10 metrics (${RESOURCES * INTERFACES * 10} samples a poll cycle), ${SECONDS} s per engine`,
);
const rows: string[] = [];
for (const engine of ENGINES) {
  const { database, name, done } = await openEngine(engine);
  try {
    console.log(`\n${name}: pipeline`);
    const result = await runPipeline(database);
    for (const line of result.memory) console.log(`  ${line}`);
    const size = Math.min(result.samples, 2_000_000);
    const batch = 20_000;
    console.log(
      `${name}: baseline, ${size} samples as group rows by bare INSERT ... unnest, batches of ${batch} samples`,
    );
    const baseline = await runBaseline(database, size, batch);
    console.log(`${name}: the store's statement alone (samples + both rollups) on the same rows`);
    const statement = await runStoreStatement(database, size, batch);
    rows.push(
      `| ${name} | ${Math.round(result.samplesPerSecond).toLocaleString('en')} | ${Math.round(statement).toLocaleString('en')} | ${Math.round(baseline).toLocaleString('en')} | ${(result.samplesPerSecond / baseline).toFixed(2)} | ${result.dropped} | ${result.samples.toLocaleString('en')} in ${result.seconds.toFixed(0)} s | ${result.memory.at(-1)?.replace(/,.*/, '')} |`,
    );
  } finally {
    await done();
  }
}
console.log(
  '\n| engine | pipeline samples/s | store statement alone | baseline bare INSERT unnest | pipeline / baseline | dropped | samples | memory at end |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
