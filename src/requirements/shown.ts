/**
 * Components as the read views list them: by name (keyset pages), each with the version shown,
 * its latest (src/catalog/semver.ts order, which SQL cannot sort, so the versions come in the
 * same query and the highest is picked in memory) or one named version.
 */
import { and, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { components, componentVersions } from '../catalog/schema.js';
import { type Db, queryRows } from '../platform/db.js';
import { cursorId, cursorText, decodeCursor, encodeCursor } from '../platform/pagination.js';
import { latestByComponent } from './latest.js';

export interface Candidate {
  id: string;
  namespace: string;
  name: string;
  title: string;
  owner: string | null;
  sortKey: string;
}

interface CandidateRow {
  id: string;
  namespace: string;
  name: string;
  title: string;
  owner: string | null;
  sort_key: string;
  version_id: string | null;
  version: string | null;
}

export interface Shown {
  candidate: Candidate;
  versionId: string | null;
  version: string | null;
}

export const SORT_KEY = sql`lower(${components.name})`;

/** A page's cursor: the sort key and id of its last row. */
export type NameCursor = [string, string];
const CURSOR = z.tuple([cursorText, cursorId]);

export function decodeNameCursor(cursor: string | undefined): NameCursor | undefined {
  return cursor ? decodeCursor(cursor, CURSOR) : undefined;
}

export function nameCursor(last: Shown | undefined, more: boolean): string | null {
  return more && last ? encodeCursor([last.candidate.sortKey, last.candidate.id]) : null;
}

/** A page of the candidates, in name order after `page.after`, each with the version shown. */
export async function candidates(
  db: Db,
  condition: SQL | undefined,
  version: string | undefined,
  page: { after: NameCursor | undefined; limit: number },
): Promise<Shown[]> {
  const after = page.after
    ? sql`(${SORT_KEY}, ${components.id}) > (${page.after[0]}, ${page.after[1]}::uuid)`
    : undefined;
  const where = and(condition, after);
  // A page is cut before the versions are joined: a component has any number of them.
  const limited = sql`SELECT ${components.id} AS id, ${components.namespace} AS namespace,
      ${components.name} AS name, ${components.title} AS title, ${components.owner} AS owner,
      ${SORT_KEY} AS sort_key
    FROM ${components} ${where ? sql`WHERE ${where}` : sql``}
    ORDER BY ${SORT_KEY}, ${components.id}
    LIMIT ${page.limit}`;
  const rows = await queryRows<CandidateRow>(
    db,
    sql`SELECT c.*, v.id AS version_id, v.version
        FROM (${limited}) c
        LEFT JOIN ${componentVersions} v ON v.component_id = c.id
          ${version === undefined ? sql`` : sql`AND v.version = ${version}`}
        ORDER BY c.sort_key, c.id`,
  );
  const latest = latestByComponent(
    rows.map((r) => ({ componentId: r.id, versionId: r.version_id, version: r.version })),
  );
  const seen = new Set<string>();
  const out: Shown[] = [];
  for (const r of rows) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    const chosen = latest.get(r.id);
    out.push({
      candidate: {
        id: r.id,
        namespace: r.namespace,
        name: r.name,
        title: r.title,
        owner: r.owner,
        sortKey: r.sort_key,
      },
      versionId: chosen?.id ?? null,
      version: chosen?.version ?? null,
    });
  }
  return out;
}

/** These components as the views name them, by id (for a page picked elsewhere). */
export async function describeComponents(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, Candidate>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<CandidateRow>(
    db,
    sql`SELECT ${components.id} AS id, ${components.namespace} AS namespace,
          ${components.name} AS name, ${components.title} AS title, ${components.owner} AS owner,
          ${SORT_KEY} AS sort_key
        FROM ${components} WHERE ${components.id} = ANY(${sql.param([...ids])}::uuid[])`,
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        namespace: r.namespace,
        name: r.name,
        title: r.title,
        owner: r.owner,
        sortKey: r.sort_key,
      },
    ]),
  );
}

export async function countCandidates(db: Db, condition: SQL | undefined): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`SELECT count(*)::int AS count FROM ${components} ${condition ? sql`WHERE ${condition}` : sql``}`,
  );
  return Number(row?.count ?? 0);
}
