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

const SORT_KEY = sql`lower(${components.name})`;

/** A page's cursor: the sort key and id of its last row. */
export type NameCursor = [string, string];
const CURSOR = z.tuple([cursorText, cursorId]);

export function decodeNameCursor(cursor: string | undefined): NameCursor | undefined {
  return cursor ? decodeCursor(cursor, CURSOR) : undefined;
}

export function nameCursor(last: Shown | undefined, more: boolean): string | null {
  return more && last ? encodeCursor([last.candidate.sortKey, last.candidate.id]) : null;
}

/**
 * Each candidate with the version the dashboard shows, in name order; after `cursor` and at most
 * `limit` when given (else all).
 */
export async function candidates(
  db: Db,
  condition: SQL | undefined,
  version: string | undefined,
  page?: { after: NameCursor | undefined; limit: number },
): Promise<Shown[]> {
  const after = page?.after
    ? sql`(${SORT_KEY}, ${components.id}) > (${page.after[0]}, ${page.after[1]}::uuid)`
    : undefined;
  const where = and(condition, after);
  // A page is cut before the versions are joined: a component has any number of them.
  const limited = sql`SELECT ${components.id} AS id, ${components.namespace} AS namespace,
      ${components.name} AS name, ${components.title} AS title, ${components.owner} AS owner,
      ${SORT_KEY} AS sort_key
    FROM ${components} ${where ? sql`WHERE ${where}` : sql``}
    ORDER BY ${SORT_KEY}, ${components.id}
    ${page ? sql`LIMIT ${page.limit}` : sql``}`;
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

/**
 * Where a page after `cursor` starts in `passing` (a subsequence of `all`, both in the
 * database's order): after the cursor's row, found by its id in `all` so that the order is the
 * database's collation, not JavaScript's. A row gone since (deleted) falls back to comparing.
 */
export function resumeAt(
  all: readonly { candidate: Candidate }[],
  passing: readonly { candidate: Candidate }[],
  [sortKey, id]: NameCursor,
): number {
  const at = all.findIndex((r) => r.candidate.id === id);
  const follows =
    at >= 0
      ? new Set(all.slice(at + 1).map((r) => r.candidate.id))
      : new Set(
          all
            .filter(
              (r) =>
                r.candidate.sortKey > sortKey ||
                (r.candidate.sortKey === sortKey && r.candidate.id > id),
            )
            .map((r) => r.candidate.id),
        );
  const start = passing.findIndex((r) => follows.has(r.candidate.id));
  return start < 0 ? passing.length : start;
}

export async function countCandidates(db: Db, condition: SQL | undefined): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`SELECT count(*)::int AS count FROM ${components} ${condition ? sql`WHERE ${condition}` : sql``}`,
  );
  return Number(row?.count ?? 0);
}
