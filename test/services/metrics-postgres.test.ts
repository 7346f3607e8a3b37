import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../../src/platform/db.js';
import type { MetricGroup } from '../../src/telemetry/metric-group.js';
import { StoreWriter } from '../../src/telemetry/store/writer.js';
import { openTestDatabase } from '../helpers/database.js';

/**
 * Scaled mode: several processes' stores write the same series and buckets at once on one
 * PostgreSQL. Four writers (each with its own series cache, as separate processes have) take
 * interleaved batches concurrently over separate connections; no deadlock, no lost update: the
 * series and group keys exist once and every rollup position equals a recomputation from the raw
 * group rows' values at that position.
 */
describe('the built-in store shared by several writers on PostgreSQL', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase('postgres');
  });
  afterAll(() => database.close());

  it('keeps series unique and rollups exact under concurrent batches', async () => {
    const resources = Array.from({ length: 5 }, () => randomUUID());
    const t0 = 1_700_000_000;
    const batches: MetricGroup[][] = [];
    for (let b = 0; b < 40; b++) {
      const groups: MetricGroup[] = [];
      for (const [r, id] of resources.entries()) {
        for (let i = 0; i < 4; i++) {
          const at = t0 + b * 7 + r; // buckets shared by many batches
          groups.push({
            resource: {
              id,
              resource_id: `h${r}`,
              resource_site: 'dc1',
              resource_class: 'system',
              resource_subclass: 'host',
              resource_type: 'generic',
              resource_endpoint: `h${r}`,
            },
            metrics_group_type: 'disk',
            metrics_group_interval: 7,
            metrics_group_creation_timestamp: at,
            metrics_group_schema_version: '0.2',
            dimensions: [{ dimension_name: 'mount', dimension_value: `/m${i}` }],
            metrics: ['used', 'free'].map((metric_name, k) => ({
              metric_name,
              metric_value: b * 10 + i + k,
              metric_type: 'gauge' as const,
              metric_creation_timestamp: at,
            })),
          });
        }
      }
      batches.push(groups);
    }
    const writers = Array.from({ length: 4 }, () => new StoreWriter(database.db));
    await Promise.all(
      writers.map(async (writer, w) => {
        for (let b = w; b < batches.length; b += writers.length) await writer.consume(batches[b]!);
      }),
    );
    const series = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM metric_series`,
    );
    expect(series[0]!.n).toBe(5 * 4 * 2);
    const keys = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM metric_groups`,
    );
    expect(keys[0]!.n).toBe(5 * 4);
    const samples = await queryRows<{ rows: number; n: number }>(
      database.db,
      sql`SELECT count(DISTINCT (x.group_id, x.at))::int AS rows, count(*)::int AS n
          FROM metric_samples x, unnest(x.value) AS v WHERE v IS NOT NULL`,
    );
    expect(samples[0]).toEqual({ rows: 40 * 5 * 4, n: 40 * 5 * 4 * 2 });
    for (const [table, width] of [
      ['metric_rollups_1m', '1 minute'],
      ['metric_rollups_1h', '1 hour'],
    ] as const) {
      const mismatches = await queryRows<{ group_id: number }>(
        database.db,
        sql`WITH naive AS (
              SELECT group_id, u.i, date_bin(${width}::interval, at, 'epoch') AS bucket,
                min(u.v) AS min, max(u.v) AS max, sum(u.v) AS sum, count(*)::int AS count
              FROM metric_samples, unnest(value) WITH ORDINALITY AS u(v, i) GROUP BY 1, 2, 3),
            stored AS (
              SELECT group_id, u.i, bucket, u.min, u.max, u.sum, u.count
              FROM ${sql.identifier(table)},
                unnest(min, max, sum, count) WITH ORDINALITY AS u(min, max, sum, count, i))
            SELECT coalesce(n.group_id, r.group_id) AS group_id
            FROM naive n FULL JOIN stored r USING (group_id, i, bucket)
            WHERE n.min IS DISTINCT FROM r.min OR n.max IS DISTINCT FROM r.max
              OR n.sum IS DISTINCT FROM r.sum OR n.count IS DISTINCT FROM r.count`,
      );
      expect(mismatches, table).toEqual([]);
    }
  });
});
