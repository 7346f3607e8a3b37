import { and, asc, desc, eq, gt, lt, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { compileSql, parseFilter } from '../../dsl/index.js';
import { type Db, queryRows } from '../../platform/db.js';
import { Invalid } from '../../platform/errors.js';
import {
  cursorId,
  cursorText,
  cursorTime,
  decodeCursor,
  encodeCursor,
} from '../../platform/pagination.js';
import type { ListQuery } from '../contract.js';
import { CatalogErrors } from '../errors.js';
import { catalogEntities } from '../schema.js';
import { ENTITY_FACETS, ENTITY_SORTS, type Entity, type EntityKind } from './contract.js';
import { domainNameSql, entityFields, ownerName, systemNameSql } from './fields.js';
import { type EntityRow, presentEntities } from './store.js';

type Sort = (typeof ENTITY_SORTS)[number];
type Facet = (typeof ENTITY_FACETS)[number];

const SORT_COLUMNS: Record<Sort, SQL> = {
  name: sql`lower(${catalogEntities.name})`,
  title: sql`lower(${catalogEntities.title})`,
  type: sql`coalesce(${catalogEntities.type}, '')`,
  lifecycle: sql`${catalogEntities.lifecycle}`,
  owner: sql`coalesce(${ownerName}, '')`,
  updated: sql`${catalogEntities.updatedAt}`,
};

const FACET_COLUMNS: Record<Facet, SQL> = {
  type: sql`${catalogEntities.type}`,
  lifecycle: sql`${catalogEntities.lifecycle}`,
  owner: ownerName,
  system: systemNameSql,
  domain: domainNameSql,
  tags: sql`unnest(${catalogEntities.tags})`,
};

function oneOf<T extends string>(known: readonly T[], value: string, field: string): T {
  if ((known as readonly string[]).includes(value)) return value as T;
  throw Invalid.field(CatalogErrors.invalid, field, `"${value}" is not one of ${known.join(', ')}`);
}

/** Prefix search over name, title and description, as the component list does. */
export function entityTextCondition(q: string): SQL | undefined {
  const words = q.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  if (words.length === 0) return undefined;
  return sql`${catalogEntities.search} @@ to_tsquery('simple', ${words.map((w) => `${w}:*`).join(' & ')})`;
}

export interface EntityListPage {
  items: Entity[];
  total: number;
  nextCursor: string | null;
  facets?: Record<string, { value: string | null; count: number }[]>;
}

/**
 * Lists the entities of one kind by DSL filter (that kind's field catalogue) and full-text
 * query, sorted, keyset-paginated, with facet counts over the whole filtered set.
 */
export async function listEntities(
  db: Db,
  kind: EntityKind,
  query: ListQuery,
): Promise<EntityListPage> {
  const where = and(
    eq(catalogEntities.kind, kind),
    query.filter !== undefined
      ? compileSql(parseFilter(query.filter), entityFields[kind])
      : undefined,
    query.q ? entityTextCondition(query.q) : undefined,
  );
  const sortText = query.sort?.trim() || 'name';
  const descending = sortText.startsWith('-');
  const key = oneOf(ENTITY_SORTS, descending ? sortText.slice(1) : sortText, 'sort');
  const facetNames = (query.facets ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
    .map((f) => oneOf(ENTITY_FACETS, f, 'facets'));

  const sortColumn = SORT_COLUMNS[key];
  let page = where;
  if (query.cursor) {
    const [value, id] = decodeCursor(
      query.cursor,
      z.tuple([key === 'updated' ? cursorTime : cursorText, cursorId]),
    );
    const after =
      key === 'updated' ? sql`${new Date(value).toISOString()}::timestamptz` : sql`${value}`;
    const tie = sql`${sortColumn} = ${after}`;
    page = and(
      where,
      descending
        ? or(lt(sortColumn, after), and(tie, lt(catalogEntities.id, id)))
        : or(gt(sortColumn, after), and(tie, gt(catalogEntities.id, id))),
    );
  }
  const [rows, totals, facets] = await Promise.all([
    db
      .select({ row: catalogEntities, sortKey: sql<unknown>`${sortColumn}` })
      .from(catalogEntities)
      .where(page)
      .orderBy(
        ...(descending
          ? [desc(sortColumn), desc(catalogEntities.id)]
          : [asc(sortColumn), asc(catalogEntities.id)]),
      )
      .limit(query.limit + 1),
    db.select({ count: sql<number>`count(*)::int` }).from(catalogEntities).where(where),
    Promise.all(facetNames.map((f) => facetCounts(db, where, f))),
  ]);
  const pageRows = rows.slice(0, query.limit);
  const last = pageRows.at(-1);
  return {
    items: await presentEntities(
      db,
      pageRows.map((r) => r.row as EntityRow),
    ),
    total: Number(totals[0]?.count ?? 0),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor([
            last.sortKey instanceof Date ? last.sortKey.toISOString() : String(last.sortKey),
            last.row.id,
          ])
        : null,
    ...(facetNames.length > 0
      ? { facets: Object.fromEntries(facetNames.map((f, i) => [f, facets[i]!])) }
      : {}),
  };
}

async function facetCounts(db: Db, where: SQL | undefined, facet: Facet) {
  const rows = await queryRows<{ value: string | null; count: number }>(
    db,
    sql`SELECT v.value, count(*)::int AS count
        FROM ${catalogEntities}, LATERAL (SELECT ${FACET_COLUMNS[facet]}::text AS value) v
        WHERE ${where ?? sql`true`}
        GROUP BY v.value
        ORDER BY count(*) DESC, v.value NULLS LAST
        LIMIT 100`,
  );
  return rows.map((r) => ({ value: r.value, count: Number(r.count) }));
}
