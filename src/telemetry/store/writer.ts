import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../platform/db.js';
import { dimensionsOf, type MetricGroup } from '../metric-group.js';
import type { MetricConsumer } from '../pipeline.js';
import { type GroupIdentity, GroupIds, groupKey } from './groups.js';
import { groupPartKey, SeriesIds } from './series.js';

/**
 * The built-in store as a bus consumer: every poll of a metric group becomes ONE raw row (its
 * group key, its time, the values as an array in the key's metric order), and the rows a batch
 * really added are folded into the 1-minute and 1-hour rollups of the same keys.
 *
 * Rollups are exact and incremental (no watermark job): the INSERT's RETURNING names the rows it
 * added (a duplicate poll skipped by ON CONFLICT is not counted twice), those rows' values are
 * aggregated per (key, bucket) here, and the upsert merges them element by element (min of mins,
 * max of maxes, sums and counts added). Both statements share a transaction, so a batch's rows
 * and its rollups commit together. docs/PERFORMANCE.md has the costs against the old layout.
 */
export class StoreWriter implements MetricConsumer {
  readonly name = 'store';
  readonly series: SeriesIds;
  readonly groups: GroupIds;
  samplesWritten = 0;

  constructor(private readonly db: Db) {
    this.series = new SeriesIds(db);
    this.groups = new GroupIds(db, this.series);
  }

  async consume(groups: readonly MetricGroup[]): Promise<void> {
    const keys: string[] = [];
    const wanted = new Map<string, GroupIdentity>();
    for (const group of groups) {
      const dimensions = dimensionsOf(group);
      const metrics = group.metrics.map((m) => m.metric_name);
      const key = groupKey(
        groupPartKey(group.resource.id, group.metrics_group_type, dimensions),
        metrics,
      );
      keys.push(key);
      if (this.groups.get(key) === undefined && !wanted.has(key)) {
        wanted.set(key, {
          resourceId: group.resource.id,
          groupType: group.metrics_group_type,
          dimensions,
          metrics,
          metricTypes: group.metrics.map((m) => m.metric_type),
        });
      }
    }
    if (keys.length === 0) return;
    await this.groups.resolve(wanted);
    const rows: GroupRow[] = [];
    let samples = 0;
    groups.forEach((group, g) => {
      const id = this.groups.get(keys[g] as string);
      if (id === undefined) throw new Error(`group ${keys[g]} has no id after its upsert`);
      rows.push(...groupRows(id, group));
      samples += group.metrics.length;
    });
    await writeGroupRows(this.db, rows);
    this.samplesWritten += samples;
  }
}

/** One raw row: a group key, a time in whole microseconds, values (null: not in this row). */
export interface GroupRow {
  groupId: number;
  micros: number;
  values: (number | null)[];
}

/**
 * A poll's rows: one, unless its metrics carry different timestamps; then one per timestamp,
 * each with the other metrics' positions null, so no sample moves in time.
 */
function groupRows(groupId: number, group: MetricGroup): GroupRow[] {
  const byTime = new Map<number, GroupRow>();
  group.metrics.forEach((m, i) => {
    const micros = Math.round(m.metric_creation_timestamp * 1e6);
    let row = byTime.get(micros);
    if (!row) {
      row = { groupId, micros, values: new Array(group.metrics.length).fill(null) };
      byTime.set(micros, row);
    }
    row.values[i] = m.metric_value;
  });
  return [...byTime.values()];
}

/** A PostgreSQL array literal: JS prints floats exactly (shortest round trip), NULL for gaps. */
const arrayLiteral = (values: readonly (number | null)[]): string =>
  `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;

interface Rollup {
  groupId: number;
  bucket: number;
  min: (number | null)[];
  max: (number | null)[];
  sum: number[];
  count: number[];
}

/** Folds rows into per-(key, bucket) aggregates, bucket = start of `seconds`-wide slot. */
function aggregate(rows: readonly GroupRow[], seconds: number): Rollup[] {
  const width = seconds * 1e6;
  const out = new Map<string, Rollup>();
  for (const row of rows) {
    const bucket = Math.floor(row.micros / width) * seconds;
    const key = `${row.groupId}/${bucket}`;
    let r = out.get(key);
    if (!r) {
      const n = row.values.length;
      r = {
        groupId: row.groupId,
        bucket,
        min: new Array(n).fill(null),
        max: new Array(n).fill(null),
        sum: new Array(n).fill(0),
        count: new Array(n).fill(0),
      };
      out.set(key, r);
    }
    row.values.forEach((v, i) => {
      if (v === null) return;
      const rr = r as Rollup;
      rr.min[i] = rr.min[i] === null ? v : Math.min(rr.min[i] as number, v);
      rr.max[i] = rr.max[i] === null ? v : Math.max(rr.max[i] as number, v);
      rr.sum[i] = (rr.sum[i] as number) + v;
      rr.count[i] = (rr.count[i] as number) + 1;
    });
  }
  // Key order, so concurrent writers lock buckets in one order and cannot deadlock.
  return [...out.values()].sort((a, b) => a.groupId - b.groupId || a.bucket - b.bucket);
}

/**
 * Element-wise merge of the stored arrays with the batch's, all four in ONE pass over the zipped
 * arrays (least/greatest skip NULLs, the empty positions).
 */
const merge = (table: string) =>
  sql.raw(`(min, max, sum, count) = (
      SELECT array_agg(least(min0, min1) ORDER BY i), array_agg(greatest(max0, max1) ORDER BY i),
        array_agg(sum0 + sum1 ORDER BY i), array_agg(count0 + count1 ORDER BY i)
      FROM unnest(${table}.min, excluded.min, ${table}.max, excluded.max,
        ${table}.sum, excluded.sum, ${table}.count, excluded.count)
        WITH ORDINALITY AS u(min0, min1, max0, max1, sum0, sum1, count0, count1, i))`);

async function upsertRollups(db: Db, table: string, rollups: readonly Rollup[]): Promise<void> {
  if (rollups.length === 0) return;
  const col = <K extends keyof Rollup>(k: K) =>
    sql.param(rollups.map((r) => (Array.isArray(r[k]) ? arrayLiteral(r[k] as number[]) : r[k])));
  await db.execute(sql`
    INSERT INTO ${sql.identifier(table)} (group_id, bucket, min, max, sum, count)
    SELECT g, to_timestamp(b), mi::float8[], ma::float8[], su::float8[], co::int[]
    FROM unnest(${col('groupId')}::int[], ${col('bucket')}::float8[], ${col('min')}::text[],
      ${col('max')}::text[], ${col('sum')}::text[], ${col('count')}::text[]) AS x(g, b, mi, ma, su, co)
    ON CONFLICT (group_id, bucket) DO UPDATE SET ${merge(table)}`);
}

/**
 * Writes raw rows and their rollups in one transaction. Within a batch the first row of a
 * (key, time) wins, as the table's ON CONFLICT DO NOTHING makes an earlier batch's row win.
 */
export async function writeGroupRows(db: Db, rows: readonly GroupRow[]): Promise<void> {
  const unique = new Map<string, GroupRow>();
  for (const row of rows) {
    const key = `${row.groupId}/${row.micros}`;
    if (!unique.has(key)) unique.set(key, row);
  }
  const list = [...unique.values()].sort((a, b) => a.groupId - b.groupId || a.micros - b.micros);
  if (list.length === 0) return;
  await db.transaction(async (tx) => {
    const added = await queryRows<{ group_id: number; micros: number }>(
      tx,
      sql`INSERT INTO metric_samples (group_id, at, value)
          SELECT g, timestamptz 'epoch' + u * interval '1 microsecond', v::float8[]
          FROM unnest(${sql.param(list.map((r) => r.groupId))}::int[],
            ${sql.param(list.map((r) => r.micros))}::float8[],
            ${sql.param(list.map((r) => arrayLiteral(r.values)))}::text[]) AS x(g, u, v)
          ON CONFLICT (group_id, at) DO NOTHING
          RETURNING group_id, (extract(epoch from at) * 1000000)::float8 AS micros`,
    );
    const kept =
      added.length === list.length
        ? list
        : added.map((a) => unique.get(`${a.group_id}/${a.micros}`) as GroupRow);
    await upsertRollups(tx, 'metric_rollups_1m', aggregate(kept, 60));
    await upsertRollups(tx, 'metric_rollups_1h', aggregate(kept, 3600));
  });
}
