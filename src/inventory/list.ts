import { and, asc, desc, gt, lt, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { compileSql, parseFilter } from '../dsl/index.js';
import { type Db, queryRows } from '../platform/db.js';
import { Invalid } from '../platform/errors.js';
import {
  cursorId,
  cursorText,
  cursorTime,
  decodeCursor,
  encodeCursor,
} from '../platform/pagination.js';
import {
  RESOURCE_FACETS,
  RESOURCE_SORTS,
  type ResourceListQuery,
  type ResourcePage,
} from './contract.js';
import { InventoryErrors } from './errors.js';
import { inventoryFields } from './fields.js';
import { presentResource, type ResourceRow } from './records.js';
import { resources } from './schema.js';

type SortKey = (typeof RESOURCE_SORTS)[number];
type Facet = (typeof RESOURCE_FACETS)[number];

const SORT_COLUMNS: Record<SortKey, SQL> = {
  resource_id: sql`${resources.resourceId}`,
  resource_site: sql`${resources.resourceSite}`,
  resource_class: sql`${resources.resourceClass}`,
  resource_type: sql`${resources.resourceType}`,
  resource_endpoint: sql`${resources.resourceEndpoint}`,
  lastSeen: sql`${resources.lastSeenAt}`,
};
const FACET_LIMIT = 100;

/** The WHERE condition of a DSL filter over the inventory (with `component`), or none. */
export async function resourceCondition(
  db: Db,
  filter: string | undefined,
): Promise<SQL | undefined> {
  if (filter === undefined) return undefined;
  const expr = parseFilter(filter);
  return compileSql(expr, await inventoryFields(db));
}

function parseSort(sort: string | undefined): { key: SortKey; descending: boolean } {
  const text = sort?.trim() || 'resource_id';
  const descending = text.startsWith('-');
  const key = descending ? text.slice(1) : text;
  if (!(RESOURCE_SORTS as readonly string[]).includes(key))
    throw Invalid.field(
      InventoryErrors.invalid,
      'sort',
      `cannot sort by "${key}"; use one of ${RESOURCE_SORTS.join(', ')}`,
    );
  return { key: key as SortKey, descending };
}

/**
 * Resources by DSL filter, sorted, keyset-paginated (sort key, then id), with the total and
 * the facets over everything the filter selects.
 */
export async function listResources(db: Db, query: ResourceListQuery): Promise<ResourcePage> {
  const where = await resourceCondition(db, query.filter);
  const { key, descending } = parseSort(query.sort);
  const column = SORT_COLUMNS[key];
  let page = where;
  if (query.cursor) {
    const [value, id] = decodeCursor(
      query.cursor,
      z.tuple([key === 'lastSeen' ? cursorTime : cursorText, cursorId]),
    );
    const after = key === 'lastSeen' ? sql`${value}::timestamptz` : sql`${value}`;
    // Text keys order by code point, as the DSL compares text, whatever the collation.
    const keyed = key === 'lastSeen' ? column : sql`(${column} COLLATE "C")`;
    const step = descending
      ? or(lt(keyed, after), and(sql`${keyed} = ${after}`, lt(resources.id, id)))
      : or(gt(keyed, after), and(sql`${keyed} = ${after}`, gt(resources.id, id)));
    page = and(where, step);
  }
  const ordered = key === 'lastSeen' ? column : sql`(${column} COLLATE "C")`;
  const order = descending
    ? [desc(ordered), desc(resources.id)]
    : [asc(ordered), asc(resources.id)];
  const [rows, counts] = await Promise.all([
    db
      .select()
      .from(resources)
      .where(page)
      .orderBy(...order)
      .limit(query.limit + 1),
    facetCounts(db, where),
  ]);
  const more = rows.length > query.limit;
  const items = rows.slice(0, query.limit) as ResourceRow[];
  const last = items.at(-1);
  return {
    items: items.map(presentResource),
    total: counts.total,
    nextCursor:
      more && last
        ? encodeCursor([
            key === 'lastSeen' ? last.lastSeenAt.toISOString() : sortValue(last, key),
            last.id,
          ])
        : null,
    facets: counts.facets,
  };
}

function sortValue(row: ResourceRow, key: Exclude<SortKey, 'lastSeen'>): string {
  const values: Record<typeof key, string> = {
    resource_id: row.resourceId,
    resource_site: row.resourceSite,
    resource_class: row.resourceClass,
    resource_type: row.resourceType,
    resource_endpoint: row.resourceEndpoint,
  };
  return values[key];
}

/** The total and each facet's counts in one scan (GROUPING SETS), most frequent first. */
async function facetCounts(
  db: Db,
  where: SQL | undefined,
): Promise<{ total: number; facets: ResourcePage['facets'] }> {
  const columns = RESOURCE_FACETS.map((f) => sql.identifier(f));
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT ${sql.join(
      columns.map(
        (c, i) =>
          sql`${c} AS ${sql.identifier(`v${i}`)}, GROUPING(${c}) AS ${sql.identifier(`g${i}`)}`,
      ),
      sql`, `,
    )}, count(*)::int AS count
    FROM ${resources} ${where ? sql`WHERE ${where}` : sql``}
    GROUP BY GROUPING SETS (${sql.join([...columns.map((c) => sql`(${c})`), sql`()`], sql`, `)})`,
  );
  const facets = Object.fromEntries(RESOURCE_FACETS.map((f) => [f, []])) as unknown as Record<
    Facet,
    { value: string; count: number }[]
  >;
  let total = 0;
  for (const row of rows) {
    const set = RESOURCE_FACETS.findIndex((_, i) => Number(row[`g${i}`]) === 0);
    if (set < 0) total = Number(row.count);
    else
      facets[RESOURCE_FACETS[set]!].push({
        value: String(row[`v${set}`]),
        count: Number(row.count),
      });
  }
  for (const values of Object.values(facets)) {
    values.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    values.splice(FACET_LIMIT);
  }
  return { total, facets };
}
