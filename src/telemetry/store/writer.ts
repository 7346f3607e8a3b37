import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { dimensionsOf, type MetricGroup } from '../metric-group.js';
import type { MetricConsumer } from '../pipeline.js';
import { groupPartKey, type SeriesIdentity, SeriesIds, seriesKey } from './series.js';

/**
 * The built-in store as a bus consumer: every batch of groups becomes one statement that inserts
 * the raw samples and folds exactly those rows into the 1-minute and 1-hour rollups.
 *
 * Rollups are kept by an incremental upsert in the same statement (not by a watermark job): the
 * rows the INSERT really added (RETURNING, so a duplicate sample skipped by ON CONFLICT is not
 * counted twice) are grouped by bucket and merged (min of mins, max of maxes, sums added), so
 * rollups are right the moment a batch commits, late samples included, with no state to keep.
 * docs/PERFORMANCE.md has what it costs against a plain insert.
 */
export class StoreWriter implements MetricConsumer {
  readonly name = 'store';
  readonly series: SeriesIds;
  samplesWritten = 0;

  constructor(private readonly db: Db) {
    this.series = new SeriesIds(db);
  }

  async consume(groups: readonly MetricGroup[]): Promise<void> {
    const keys: string[] = [];
    const at: number[] = [];
    const values: number[] = [];
    const wanted = new Map<string, SeriesIdentity>();
    for (const group of groups) {
      const dimensions = dimensionsOf(group);
      const part = groupPartKey(group.resource.id, group.metrics_group_type, dimensions);
      for (const m of group.metrics) {
        const key = seriesKey(part, m.metric_name);
        keys.push(key);
        at.push(m.metric_creation_timestamp);
        values.push(m.metric_value);
        if (this.series.get(key) === undefined && !wanted.has(key)) {
          wanted.set(key, {
            resourceId: group.resource.id,
            groupType: group.metrics_group_type,
            metric: m.metric_name,
            metricType: m.metric_type,
            dimensions,
          });
        }
      }
    }
    if (keys.length === 0) return;
    await this.series.resolve(wanted);
    const ids = keys.map((k) => {
      const id = this.series.get(k);
      if (id === undefined) throw new Error(`series ${k} has no id after its upsert`);
      return id;
    });
    await writeSamples(this.db, ids, at, values);
    this.samplesWritten += ids.length;
  }
}

/** A rollup's merge of the batch's new rows into existing buckets. */
const merge = (table: string) =>
  sql.raw(`ON CONFLICT (series_id, bucket) DO UPDATE SET
    min = least(${table}.min, excluded.min), max = greatest(${table}.max, excluded.max),
    sum = ${table}.sum + excluded.sum, count = ${table}.count + excluded.count`);

/**
 * One statement: samples (timestamps as epoch seconds, converted by the server) and both
 * rollups. Rows are fed in key order so concurrent writers (scaled mode) lock buckets in the
 * same order and cannot deadlock.
 */
export async function writeSamples(
  db: Db,
  seriesIds: readonly number[],
  epochSeconds: readonly number[],
  values: readonly number[],
): Promise<void> {
  await db.execute(sql`
    WITH added AS (
      INSERT INTO metric_samples (series_id, at, value)
      SELECT s, to_timestamp(t), v
      FROM unnest(${sql.param(seriesIds)}::int[], ${sql.param(epochSeconds)}::float8[], ${sql.param(values)}::float8[]) AS x(s, t, v)
      ORDER BY 1, 2
      ON CONFLICT (series_id, at) DO NOTHING
      RETURNING series_id, at, value
    ), minute AS (
      INSERT INTO metric_rollups_1m (series_id, bucket, min, max, sum, count)
      SELECT series_id, date_bin('1 minute', at, 'epoch'), min(value), max(value), sum(value), count(*)
      FROM added GROUP BY 1, 2 ORDER BY 1, 2
      ${merge('metric_rollups_1m')}
    )
    INSERT INTO metric_rollups_1h (series_id, bucket, min, max, sum, count)
    SELECT series_id, date_bin('1 hour', at, 'epoch'), min(value), max(value), sum(value), count(*)
    FROM added GROUP BY 1, 2 ORDER BY 1, 2
    ${merge('metric_rollups_1h')}`);
}
