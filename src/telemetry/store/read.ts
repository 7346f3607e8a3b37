import { type SQL, sql } from 'drizzle-orm';

/**
 * The store's tables seen per series, for every reader: a series' samples are the positions it
 * holds in its group keys' rows (metric_group_members). Each helper is a subquery to put in FROM.
 */

/** Raw samples of `seriesIds` with `at` inside `range` (a condition on the column `at`). */
export function rawSamples(seriesIds: readonly number[], range: (column: SQL) => SQL): SQL {
  return sql`(SELECT m.series_id, x.at, x.value[m.idx] AS value
    FROM metric_group_members m JOIN metric_samples x ON x.group_id = m.group_id
    WHERE m.series_id = ANY(${sql.param(seriesIds)}::int[]) AND ${range(sql`x.at`)}
      AND x.value[m.idx] IS NOT NULL)`;
}

export const ROLLUP_TABLE = { '1m': 'metric_rollups_1m', '1h': 'metric_rollups_1h' } as const;

/**
 * Rollups of `seriesIds` per (series, bucket), merged across the keys a series belongs to (a
 * metric polled with different metric lists), with `bucket` inside `range`.
 */
export function rollups(
  resolution: keyof typeof ROLLUP_TABLE,
  seriesIds: readonly number[],
  range: (column: SQL) => SQL,
): SQL {
  return sql`(SELECT m.series_id, r.bucket, min(r.min[m.idx]) AS min, max(r.max[m.idx]) AS max,
      sum(r.sum[m.idx]) AS sum, sum(r.count[m.idx])::int AS count
    FROM metric_group_members m JOIN ${sql.identifier(ROLLUP_TABLE[resolution])} r ON r.group_id = m.group_id
    WHERE m.series_id = ANY(${sql.param(seriesIds)}::int[]) AND ${range(sql`r.bucket`)}
      AND r.count[m.idx] > 0
    GROUP BY 1, 2)`;
}
