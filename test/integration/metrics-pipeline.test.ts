import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../../src/platform/db.js';
import { InProcessBus } from '../../src/telemetry/bus/in-process.js';
import type { MetricGroup } from '../../src/telemetry/metric-group.js';
import type { MetricConsumer } from '../../src/telemetry/pipeline.js';
import { createMetricPipeline, type MetricPipeline } from '../../src/telemetry/pipeline-runtime.js';
import { openTestDatabase } from '../helpers/database.js';

const config = {
  telemetryRetentionRawHours: 48,
  telemetryRetention1mDays: 31,
  telemetryRetention1hDays: 400,
  telemetryBusQueueLimit: 1000,
  telemetryBusDownAfterSeconds: 300,
};
const quiet = { info() {}, warn() {}, error() {} };

function resource(id = randomUUID()) {
  return {
    id,
    resource_id: `host-${id.slice(0, 8)}`,
    resource_site: 'dc1',
    resource_class: 'network',
    resource_subclass: 'switch',
    resource_type: 'cisco',
    resource_endpoint: '10.0.0.1',
  };
}

function group(
  res: MetricGroup['resource'],
  at: number,
  metrics: Record<string, [number, 'gauge' | 'counter']>,
  dimensions: Record<string, string> = { interface_name: 'eth0' },
  type = 'interface',
): MetricGroup {
  return {
    resource: res,
    metrics_group_type: type,
    metrics_group_interval: 60,
    metrics_group_creation_timestamp: at,
    metrics_group_schema_version: '0.2',
    dimensions: Object.entries(dimensions).map(([dimension_name, dimension_value]) => ({
      dimension_name,
      dimension_value,
    })),
    metrics: Object.entries(metrics).map(([metric_name, [metric_value, metric_type]]) => ({
      metric_name,
      metric_value,
      metric_type,
      metric_creation_timestamp: at,
    })),
  };
}

describe('the metric pipeline into the built-in store', () => {
  let database: Database;
  let pipeline: MetricPipeline;
  beforeAll(async () => {
    database = await openTestDatabase();
    pipeline = createMetricPipeline({ db: database.db, config, log: quiet, retentionEveryMs: 0 });
  });
  afterAll(async () => {
    await pipeline.close();
    await database.close();
  });

  async function settle(): Promise<void> {
    for (let i = 0; i < 500; i++) {
      const store = pipeline.stats().consumers.find((c) => c.name === 'store');
      if (store?.queued === 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the store did not catch up');
  }

  it('stores samples and rollups, with rates from counters', async () => {
    const res = resource();
    const t0 = Math.floor(Date.now() / 1000 / 3600) * 3600 - 7200;
    const groups = [0, 1, 2, 3].map((i) =>
      group(res, t0 + i * 60, {
        bits_in: [1_000_000 + i * 60_000, 'counter'],
        configured_speed: [1e9, 'gauge'],
        oper_state: [1, 'gauge'],
      }),
    );
    const result = await pipeline.submit(groups, 'rate:interface:bits_in');
    expect(result).toEqual({ accepted: 4, rejected: [] });
    await settle();
    const rows = await queryRows<{ metric: string; metric_type: string; n: number; avg: number }>(
      database.db,
      sql`SELECT s.metric, s.metric_type, count(*)::int AS n, avg(x.value[m.idx]) AS avg
          FROM metric_series s JOIN metric_group_members m ON m.series_id = s.id
            JOIN metric_samples x ON x.group_id = m.group_id
          WHERE s.resource_id = ${res.id} AND x.value[m.idx] IS NOT NULL
          GROUP BY 1, 2 ORDER BY 1`,
    );
    expect(rows).toEqual([
      // The first poll of a counter gives no rate; each next one 60,000 / 60 s.
      { metric: 'bits_in', metric_type: 'gauge', n: 3, avg: 1000 },
      { metric: 'configured_speed', metric_type: 'gauge', n: 4, avg: 1e9 },
      { metric: 'oper_state', metric_type: 'gauge', n: 4, avg: 1 },
    ]);
    // The first poll (no rates yet) and the next ones are two group keys: the series' hour is
    // the merge of both keys' rollups at its position.
    const hour = await queryRows<{ count: number; sum: number }>(
      database.db,
      sql`SELECT sum(r.count[m.idx])::int AS count, sum(r.sum[m.idx]) AS sum
          FROM metric_series s JOIN metric_group_members m ON m.series_id = s.id
            JOIN metric_rollups_1h r ON r.group_id = m.group_id
          WHERE s.resource_id = ${res.id} AND s.metric = 'oper_state' GROUP BY r.bucket`,
    );
    expect(hour).toEqual([{ count: 4, sum: 4 }]);
  });

  it('rejects and counts groups that break the schema, and keeps the good ones', async () => {
    const res = resource();
    const good = group(res, Date.now() / 1000, { cpu: [5, 'gauge'] }, {}, 'cpu');
    const badValue = structuredClone(good) as unknown as { metrics: { metric_value: unknown }[] };
    badValue.metrics[0]!.metric_value = 'high';
    const before = pipeline.stats().rejected;
    const inMilliseconds = group(res, Date.now(), { cpu: [5, 'gauge'] }, {}, 'cpu');
    const result = await pipeline.submit([badValue, good, { nonsense: true }, inMilliseconds]);
    expect(result.accepted).toBe(1);
    expect(result.rejected[0]).toMatchObject({ index: 0, path: 'metrics.0.metric_value' });
    expect(result.rejected.some((r) => r.index === 2 && r.path === 'resource')).toBe(true);
    expect(result.rejected).toContainEqual({
      index: 3,
      path: 'metrics.0.metric_creation_timestamp',
      message: expect.stringMatching(/milliseconds given\?/),
    });
    expect(pipeline.stats().rejected).toBe(before + 3);
  });

  it('throws on a transform spec that does not parse, naming the part', async () => {
    await expect(pipeline.submit([], 'rate:interface:bits_in,rate:interface')).rejects.toThrow(
      /transform 2 "rate:interface"/,
    );
  });
});

describe('the in-process bus', () => {
  const groupsOf = (n: number, from = 0) => {
    const res = resource();
    return Array.from({ length: n }, (_, i) =>
      group(res, 1_700_000_000 + (from + i) * 60, { x: [from + i, 'gauge'] }),
    );
  };
  const valuesOf = (groups: readonly MetricGroup[]) =>
    groups.map((g) => g.metrics[0]!.metric_value);

  it('gives a consumer that fails and recovers everything, in order', async () => {
    const bus = new InProcessBus({
      queueLimit: 100,
      batchSize: 7,
      retryInitialMs: 5,
      retryMaxMs: 20,
    });
    const seen: number[] = [];
    let failures = 6;
    const flaky: MetricConsumer = {
      name: 'flaky',
      async consume(groups) {
        if (failures-- > 0) throw new Error('destination down');
        seen.push(...valuesOf(groups));
      },
    };
    bus.subscribe(flaky);
    for (let i = 0; i < 10; i++) await bus.publish(groupsOf(10, i * 10));
    await bus.close();
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const health = bus.stats().consumers[0]!;
    expect(health).toMatchObject({
      name: 'flaky',
      delivered: 100,
      dropped: 0,
      queued: 0,
      state: 'ok',
    });
    expect(health.lastError).toBe('destination down');
  });

  it('applies back-pressure: publish waits while a slow consumer has no room', async () => {
    const bus = new InProcessBus({ queueLimit: 20, batchSize: 5 });
    let release: () => void = () => {};
    let gate = new Promise<void>((r) => {
      release = r;
    });
    const slow: MetricConsumer = {
      name: 'slow',
      async consume() {
        await gate;
      },
    };
    bus.subscribe(slow);
    await bus.publish(groupsOf(20));
    let done = false;
    const pending = bus.publish(groupsOf(5, 20)).then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false);
    expect(bus.stats().consumers[0]!.queued).toBe(20);
    release();
    gate = Promise.resolve();
    await pending;
    expect(done).toBe(true);
    await bus.close();
    expect(bus.stats().consumers[0]).toMatchObject({ delivered: 25, dropped: 0 });
  });

  it('drops the oldest, counted, only for a consumer that is down and full', async () => {
    const bus = new InProcessBus({
      queueLimit: 10,
      batchSize: 2,
      retryInitialMs: 5,
      retryMaxMs: 5,
      downAfterMs: 30,
      closeTimeoutMs: 200,
    });
    let up = false;
    const seen: number[] = [];
    bus.subscribe({
      name: 'down',
      async consume(groups) {
        if (!up) throw new Error('unreachable');
        seen.push(...valuesOf(groups));
      },
    });
    // 10 fit; 5 more wait until the consumer has been down 30 ms, then push out the 5 oldest
    // queued (the batch being retried, values 0 and 1, stays).
    await bus.publish(groupsOf(10));
    await bus.publish(groupsOf(5, 10));
    expect(bus.stats().consumers[0]).toMatchObject({ state: 'down', dropped: 5, queued: 10 });
    up = true;
    await bus.close();
    expect(seen).toEqual([0, 1, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(bus.stats().consumers[0]).toMatchObject({ delivered: 10, dropped: 5 });
  });
});
