import { and, asc, desc, gt, lt, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { compileSql, parseFilter } from '../dsl/index.js';
import { type Db, queryRows } from '../platform/db.js';
import { Invalid } from '../platform/errors.js';
import { currentGeneration } from '../platform/generation.js';
import {
  cursorId,
  cursorText,
  cursorTime,
  decodeCursor,
  encodeCursor,
} from '../platform/pagination.js';
import type { GenerationCache } from '../platform/read-cache.js';
import type { ComponentFieldRegistry } from './component-field-providers.js';
import { componentFields } from './component-fields.js';
import { type ComponentRow, presentComponents } from './components.js';
import {
  type Component,
  FACETS,
  LIFECYCLES,
  type ListQuery,
  type ReferenceList,
  SORTS,
} from './contract.js';
import { CatalogErrors } from './errors.js';
import type { FacetIndex } from './facet-index.js';
import { listReferenceItems } from './reference.js';
import { components } from './schema.js';

type SortKey = (typeof SORTS)[number];

/**
 * Sorts by meaning, not spelling (PRODUCT 1.1): lifecycle in its order, category and privacy
 * class in their reference list's order (positions an admin sets). The key is the rank, a
 * number: values no longer in the order come after it, components without one last; ties go by
 * id, as for every other key. A CASE of equalities sorts as fast as a plain column (at 100k
 * components a text key of rank and name took twice as long).
 */
function rankedKey(order: readonly string[], column: SQL): SQL {
  const unranked = sql`CASE WHEN ${column} IS NULL THEN ${sql.raw(String(order.length + 1))} ELSE ${sql.raw(String(order.length))} END`;
  if (order.length === 0) return sql`(${unranked})`;
  const ranks = order.map((value, i) => sql`WHEN ${value} THEN ${sql.raw(String(i))}`);
  return sql`(CASE lower(${column}) ${sql.join(ranks, sql` `)} ELSE ${unranked} END)`;
}

/** Sorts whose key is a rank (rankedKey): their cursor carries a number. */
const RANKED: readonly SortKey[] = ['lifecycle', 'category', 'privacyClass'];
const cursorRank = z.string().regex(/^\d{1,9}$/);

async function sortExpression(db: Db, key: SortKey): Promise<SQL> {
  switch (key) {
    case 'name':
      return sql`lower(${components.name})`;
    case 'title':
      return sql`lower(${components.title})`;
    case 'type':
      return sql`coalesce(${components.type}, '')`;
    case 'owner':
      return sql`coalesce(${components.owner}, '')`;
    case 'updated':
      return sql`${components.updatedAt}`;
    case 'lifecycle':
      return rankedKey(LIFECYCLES, sql`${components.lifecycle}`);
    case 'category':
      return rankedKey(await listOrder(db, 'categories'), sql`${components.category}`);
    case 'privacyClass':
      return rankedKey(await listOrder(db, 'privacy_classes'), sql`${components.privacyClass}`);
  }
}

/** A reference list's names, lower-cased, in the order its admins gave it. */
async function listOrder(db: Db, list: ReferenceList): Promise<string[]> {
  return (await listReferenceItems(db, list)).map((item) => item.name.toLowerCase());
}

/** What each facet counts; the facet index (facet-index-store.ts) holds the same columns. */
export const FACET_COLUMNS: Record<(typeof FACETS)[number], { column: SQL; multi: boolean }> = {
  category: { column: sql`${components.category}`, multi: false },
  type: { column: sql`${components.type}`, multi: false },
  lifecycle: { column: sql`${components.lifecycle}`, multi: false },
  owner: { column: sql`${components.owner}`, multi: false },
  vendor: { column: sql`${components.vendor}`, multi: false },
  system: { column: sql`${components.system}`, multi: false },
  space: { column: sql`${components.space}`, multi: false },
  tags: { column: sql`${components.tags}`, multi: true },
  languages: { column: sql`${components.languages}`, multi: true },
};

/** Prefix search over name, title and description: "post gre" finds "PostgreSQL gateway". */
export function fullTextCondition(q: string): SQL | undefined {
  const words = q.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  if (words.length === 0) return undefined;
  const query = words.map((w) => `${w}:*`).join(' & ');
  return sql`${components.search} @@ to_tsquery('simple', ${query})`;
}

/** A filter over the catalog's own component fields (applicability filters, the dashboard). */
export function filterCondition(filter: string | undefined): SQL | undefined {
  if (filter === undefined) return undefined;
  return compileSql(parseFilter(filter), componentFields);
}

function parseSort(sort: string | undefined): { key: SortKey; descending: boolean } {
  const text = sort?.trim() || 'name';
  const descending = text.startsWith('-');
  const key = descending ? text.slice(1) : text;
  if (!(SORTS as readonly string[]).includes(key)) {
    throw Invalid.field(
      CatalogErrors.invalid,
      'sort',
      `cannot sort by "${key}"; use one of ${SORTS.join(', ')}`,
    );
  }
  return { key: key as SortKey, descending };
}

function parseFacets(facets: string | undefined): (typeof FACETS)[number][] {
  if (!facets) return [];
  const names = facets
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!(FACETS as readonly string[]).includes(name)) {
      throw Invalid.field(
        CatalogErrors.invalid,
        'facets',
        `no facet "${name}"; facets: ${FACETS.join(', ')}`,
      );
    }
  }
  return names as (typeof FACETS)[number][];
}

export interface ComponentPage {
  items: Component[];
  total: number;
  nextCursor: string | null;
  facets?: Record<string, { value: string | null; count: number }[]>;
}

/**
 * Lists components by DSL filter and full-text query, sorted, keyset-paginated, with facets.
 * Answers are cached per data generation: a dashboard that many people open costs one set of
 * queries until something changes. The total and the facets come from the facet index when it
 * holds that generation (no scan), else from the database.
 */
export async function listComponents(
  db: Db,
  query: ListQuery,
  cache?: GenerationCache<ComponentPage>,
  facetIndex?: FacetIndex,
  extraFields?: ComponentFieldRegistry,
): Promise<ComponentPage> {
  const expr = query.filter === undefined ? undefined : parseFilter(query.filter);
  const where = and(
    expr &&
      (extraFields
        ? compileSql(expr, await extraFields.fieldsFor(expr))
        : compileSql(expr, componentFields)),
    query.q ? fullTextCondition(query.q) : undefined,
  );
  // Computed fields (a component's level) change without the data generation moving when an
  // exemption expires, so answers that use them are not cached; their provider caches what it can.
  const pageCache = expr && extraFields?.computes(expr) ? undefined : cache;
  const { key, descending } = parseSort(query.sort);
  const facetNames = parseFacets(query.facets);
  const generation = pageCache || facetIndex ? await currentGeneration(db) : 0;
  const cacheKey = JSON.stringify([
    query.filter ?? '',
    query.q ?? '',
    key,
    descending,
    query.cursor ?? '',
    query.limit,
    facetNames,
  ]);
  const cached = pageCache?.get(generation, cacheKey);
  if (cached) return cached;

  const sortColumn = await sortExpression(db, key);
  let page = where;
  if (query.cursor) {
    const [value, id] = decodeCursor(
      query.cursor,
      z.tuple([
        key === 'updated' ? cursorTime : RANKED.includes(key) ? cursorRank : cursorText,
        cursorId,
      ]),
    );
    const after =
      key === 'updated'
        ? sql`${new Date(value).toISOString()}::timestamptz`
        : RANKED.includes(key)
          ? sql`${Number(value)}::int`
          : sql`${value}`;
    const step = descending
      ? or(lt(sortColumn, after), and(sql`${sortColumn} = ${after}`, lt(components.id, id)))
      : or(gt(sortColumn, after), and(sql`${sortColumn} = ${after}`, gt(components.id, id)));
    page = and(where, step);
  }
  const order = descending
    ? [desc(sortColumn), desc(components.id)]
    : [asc(sortColumn), asc(components.id)];
  const rowsQuery = db
    .select({ row: components, sortKey: sql<string>`${sortColumn}` })
    .from(components)
    .where(page)
    .orderBy(...order)
    .limit(query.limit + 1);
  // Full-text search and fields the index does not hold are for the database to count.
  const countMatches = () =>
    (query.q ? undefined : facetIndex?.answer(generation, expr, facetNames)) ??
    databaseCounts(db, where, facetNames);
  let rows: Awaited<typeof rowsQuery>;
  let counts: { total: number; facets: FacetCounts };
  if (facetNames.length > 0) {
    [rows, counts] = await Promise.all([rowsQuery, countMatches()]);
  } else {
    // A first page that holds every match is its own count: a narrow filter then costs one
    // query, not two passes over the same index.
    rows = await rowsQuery;
    counts =
      !query.cursor && rows.length <= query.limit
        ? { total: rows.length, facets: {} }
        : await countMatches();
  }
  const more = rows.length > query.limit;
  const pageRows = rows.slice(0, query.limit);
  const last = pageRows.at(-1);
  const lastKey = last ? (last.sortKey as unknown) : null;
  const answer: ComponentPage = {
    items: await presentComponents(
      db,
      pageRows.map((r) => r.row as ComponentRow),
    ),
    total: counts.total,
    nextCursor:
      more && last
        ? encodeCursor([
            lastKey instanceof Date ? lastKey.toISOString() : String(lastKey),
            last.row.id,
          ])
        : null,
    ...(facetNames.length > 0 ? { facets: rankFacets(counts.facets) } : {}),
  };
  pageCache?.set(generation, cacheKey, answer);
  return answer;
}

type FacetCounts = Record<string, { value: string | null; count: number }[]>;
const FACET_LIMIT = 100;

/**
 * The total and every facet over the filtered set in at most two scans: scalar facets and the
 * total through GROUPING SETS, multi-valued ones through one lateral unnest. On the embedded
 * engine a scan of 100k rows is the dominant cost, so scans are what to save. Counts are not
 * ranked (rankFacets is).
 */
async function databaseCounts(
  db: Db,
  where: SQL | undefined,
  names: readonly (typeof FACETS)[number][],
): Promise<{ total: number; facets: FacetCounts }> {
  const whereSql = where ? sql`WHERE ${where}` : sql``;
  const scalar = names.filter((n) => !FACET_COLUMNS[n].multi);
  const multi = names.filter((n) => FACET_COLUMNS[n].multi);
  const sets = [...scalar.map((n) => sql`(${FACET_COLUMNS[n].column})`), sql`()`];
  const columns = scalar.map(
    (n, i) =>
      sql`${FACET_COLUMNS[n].column}::text AS ${sql.identifier(`v${i}`)}, GROUPING(${FACET_COLUMNS[n].column}) AS ${sql.identifier(`g${i}`)}`,
  );
  const scalarQuery = queryRows<Record<string, unknown>>(
    db,
    sql`
    SELECT ${sql.join([...columns, sql`count(*)::int AS count`], sql`, `)}
    FROM ${components} ${whereSql}
    GROUP BY GROUPING SETS (${sql.join(sets, sql`, `)})`,
  );
  const multiQuery = multi.length
    ? queryRows<{ facet: string; value: string; count: number }>(
        db,
        sql`
        SELECT x.facet, x.value, count(*)::int AS count
        FROM ${components}, LATERAL (${sql.join(
          multi.map(
            (n) => sql`SELECT ${n}::text AS facet, unnest(${FACET_COLUMNS[n].column}) AS value`,
          ),
          sql` UNION ALL `,
        )}) x
        ${whereSql}
        GROUP BY x.facet, x.value`,
      )
    : Promise.resolve([] as { facet: string; value: string; count: number }[]);
  const [scalarRows, multiRows] = await Promise.all([scalarQuery, multiQuery]);
  const facets: FacetCounts = Object.fromEntries(
    names.map((n) => [n, [] as { value: string | null; count: number }[]]),
  );
  let total = 0;
  for (const row of scalarRows) {
    const set = scalar.findIndex((_, i) => Number(row[`g${i}`]) === 0);
    if (set < 0) total = Number(row.count);
    else
      facets[scalar[set]!]!.push({
        value: (row[`v${set}`] as string | null) ?? null,
        count: Number(row.count),
      });
  }
  for (const row of multiRows)
    facets[row.facet]!.push({ value: row.value, count: Number(row.count) });
  return { total, facets };
}

/** Each facet's values, most frequent first (ties by value, NULL last), at most FACET_LIMIT. */
function rankFacets(facets: FacetCounts): FacetCounts {
  return Object.fromEntries(
    Object.entries(facets).map(([name, values]) => [
      name,
      [...values]
        .sort((a, b) => b.count - a.count || compareNullsLast(a.value, b.value))
        .slice(0, FACET_LIMIT),
    ]),
  );
}

function compareNullsLast(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
