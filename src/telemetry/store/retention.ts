import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';

export interface Retention {
  rawHours: number;
  rollup1mDays: number;
  rollup1hDays: number;
}

/** Rows deleted per statement: short transactions that never hold a large table's locks long. */
const DELETE_BATCH = 10_000;

const TABLES = [
  { table: 'metric_samples', column: 'at', keep: (r: Retention) => r.rawHours * 3600 },
  { table: 'metric_rollups_1m', column: 'bucket', keep: (r: Retention) => r.rollup1mDays * 86400 },
  { table: 'metric_rollups_1h', column: 'bucket', keep: (r: Retention) => r.rollup1hDays * 86400 },
] as const;

/**
 * Deletes what is past its retention, table by table, in batches of DELETE_BATCH rows until a
 * batch comes back short; returns the rows deleted per table (raw: group rows, not samples).
 * Series and group keys stay: they are small and a resource that comes back keeps its ids.
 */
export async function applyRetention(
  db: Db,
  retention: Retention,
  nowSeconds = Date.now() / 1000,
): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  for (const { table, column, keep } of TABLES) {
    const cutoff = nowSeconds - keep(retention);
    let total = 0;
    for (;;) {
      const result = (await db.execute(sql`
        DELETE FROM ${sql.identifier(table)} WHERE ctid = ANY (ARRAY(
          SELECT ctid FROM ${sql.identifier(table)}
          WHERE ${sql.identifier(column)} < to_timestamp(${cutoff}) LIMIT ${DELETE_BATCH}))`)) as unknown as {
        rowCount?: number | null;
        affectedRows?: number;
      };
      const n = result.rowCount ?? result.affectedRows ?? 0;
      total += n;
      if (n < DELETE_BATCH) break;
    }
    deleted[table] = total;
  }
  return deleted;
}
