import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../platform/db.js';

/** What names a series (PRODUCT 6): resource + group type + dimension set + metric name. */
export interface SeriesIdentity {
  resourceId: string;
  groupType: string;
  metric: string;
  metricType: 'gauge' | 'counter';
  dimensions: Record<string, string>;
}

/**
 * A stable key of a series' group part: dimensions in name order, so `{a,b}` and `{b,a}` are one
 * series. A series' key is `seriesKey(groupPart, metric)`; the group part is built once a group.
 */
export function groupPartKey(
  resourceId: string,
  groupType: string,
  dimensions: Record<string, string>,
): string {
  const dims = Object.keys(dimensions)
    .sort()
    .map((k) => [k, dimensions[k]]);
  return JSON.stringify([resourceId, groupType, dims]);
}

export const seriesKey = (groupPart: string, metric: string): string =>
  `${groupPart}\u0000${metric}`;

/**
 * Series ids by identity, cached in memory: a poll of known series costs no lookup at all, and
 * the new series of a batch are upserted in one statement. The cache only grows with series that
 * exist; `forget` empties it when retention removed series.
 */
export class SeriesIds {
  private readonly ids = new Map<string, number>();

  constructor(private readonly db: Db) {}

  get size(): number {
    return this.ids.size;
  }

  get(key: string): number | undefined {
    return this.ids.get(key);
  }

  /** Learns every identity's id, creating the missing series in one statement. */
  async resolve(wanted: Map<string, SeriesIdentity>): Promise<void> {
    const missing = [...wanted].filter(([key]) => !this.ids.has(key));
    if (missing.length === 0) return;
    const cols = {
      resource: missing.map(([, s]) => s.resourceId),
      group: missing.map(([, s]) => s.groupType),
      metric: missing.map(([, s]) => s.metric),
      type: missing.map(([, s]) => s.metricType),
      dims: missing.map(([, s]) => JSON.stringify(s.dimensions)),
    };
    // DO UPDATE (a no-op write of the type) rather than DO NOTHING, so RETURNING also answers
    // the rows another process created meanwhile. The type follows the latest writer: a rate
    // transform turns a counter into a gauge.
    const rows = await queryRows<{
      id: number;
      resource_id: string;
      group_type: string;
      metric: string;
      dimensions: Record<string, string>;
    }>(
      this.db,
      sql`INSERT INTO metric_series (resource_id, group_type, metric, metric_type, dimensions)
          SELECT * FROM unnest(${sql.param(cols.resource)}::uuid[], ${sql.param(cols.group)}::text[],
            ${sql.param(cols.metric)}::text[], ${sql.param(cols.type)}::text[], ${sql.param(cols.dims)}::jsonb[])
          ORDER BY 1, 2, 3
          ON CONFLICT (resource_id, group_type, metric, dimensions)
          DO UPDATE SET metric_type = excluded.metric_type
          RETURNING id, resource_id, group_type, metric, dimensions`,
    );
    for (const r of rows) {
      this.ids.set(
        seriesKey(groupPartKey(r.resource_id, r.group_type, r.dimensions), r.metric),
        r.id,
      );
    }
  }

  forget(): void {
    this.ids.clear();
  }
}
