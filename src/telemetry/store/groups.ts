import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../platform/db.js';
import { groupPartKey, type SeriesIdentity, type SeriesIds, seriesKey } from './series.js';

/** What names a group key: a group's series part plus its ordered metric names and types. */
export interface GroupIdentity {
  resourceId: string;
  groupType: string;
  dimensions: Record<string, string>;
  metrics: readonly string[];
  metricTypes: readonly ('gauge' | 'counter')[];
}

/** A group key's stable text: the series part and the metric names in poll order. */
export const groupKey = (groupPart: string, metrics: readonly string[]): string =>
  `${groupPart}\u0000${metrics.join('\u0000')}`;

/**
 * Group key ids by identity, cached in memory like series ids: a poll of a known key costs no
 * lookup. A new key is created with its series and its member rows (position -> series), all
 * before any sample row names it, so a reader always finds a row's series.
 */
export class GroupIds {
  private readonly ids = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly series: SeriesIds,
  ) {}

  get(key: string): number | undefined {
    return this.ids.get(key);
  }

  async resolve(wanted: Map<string, GroupIdentity>): Promise<void> {
    if (wanted.size === 0) return;
    const seriesWanted = new Map<string, SeriesIdentity>();
    for (const g of wanted.values()) {
      const part = groupPartKey(g.resourceId, g.groupType, g.dimensions);
      g.metrics.forEach((metric, i) => {
        seriesWanted.set(seriesKey(part, metric), {
          resourceId: g.resourceId,
          groupType: g.groupType,
          metric,
          metricType: g.metricTypes[i] as 'gauge' | 'counter',
          dimensions: g.dimensions,
        });
      });
    }
    await this.series.resolve(seriesWanted);
    const list = [...wanted.values()];
    // DO UPDATE (a no-op) rather than DO NOTHING, so RETURNING also answers keys another process
    // created meanwhile; rows in key order, so concurrent writers lock them in one order.
    const rows = await queryRows<{
      id: number;
      resource_id: string;
      group_type: string;
      dimensions: Record<string, string>;
      metrics: string[];
    }>(
      this.db,
      sql`INSERT INTO metric_groups (resource_id, group_type, dimensions, metrics)
          SELECT r, g, d, ARRAY(SELECT jsonb_array_elements_text(m))
          FROM unnest(${sql.param(list.map((g) => g.resourceId))}::uuid[],
            ${sql.param(list.map((g) => g.groupType))}::text[],
            ${sql.param(list.map((g) => JSON.stringify(g.dimensions)))}::jsonb[],
            ${sql.param(list.map((g) => JSON.stringify(g.metrics)))}::jsonb[]) AS x(r, g, d, m)
          ORDER BY 1, 2, 4, 3
          ON CONFLICT (resource_id, group_type, metrics, dimensions)
          DO UPDATE SET metrics = excluded.metrics
          RETURNING id, resource_id, group_type, dimensions, metrics`,
    );
    const members = { group: [] as number[], idx: [] as number[], series: [] as number[] };
    const found = new Map<string, number>();
    for (const r of rows) {
      const part = groupPartKey(r.resource_id, r.group_type, r.dimensions);
      r.metrics.forEach((metric, i) => {
        const id = this.series.get(seriesKey(part, metric));
        if (id === undefined) throw new Error(`series ${metric} of group ${r.id} has no id`);
        members.group.push(r.id);
        members.idx.push(i + 1);
        members.series.push(id);
      });
      found.set(groupKey(part, r.metrics), r.id);
    }
    await this.db.execute(
      sql`INSERT INTO metric_group_members (group_id, idx, series_id)
          SELECT * FROM unnest(${sql.param(members.group)}::int[], ${sql.param(members.idx)}::int[],
            ${sql.param(members.series)}::int[])
          ORDER BY 1, 2
          ON CONFLICT DO NOTHING`,
    );
    for (const [key, id] of found) this.ids.set(key, id);
  }
}
