/**
 * A set's dashboard (PRODUCT 2): the components the set applies to (rows) by its requirements
 * (columns), the overall status in each cell, for each component's latest version or one named
 * version. Rows can be narrowed by a DSL filter over components and by per-column filters on a
 * requirement's owner, reviewer or overall status; they come 50 a page by name, with the total.
 *
 * The page is cut in SQL (keyset on the name). With column filters the shown version is judged
 * in SQL too: the latest version is known in SQL by excluding the superseded ones, which are
 * picked in memory (the catalog's version order) once per data generation. Only the rows of the
 * page are then assessed in full (their level).
 */
import { and, type SQL, sql } from 'drizzle-orm';
import { filterCondition } from '../catalog/list.js';
import { formatComponentRef } from '../catalog/refs.js';
import { components, componentVersions } from '../catalog/schema.js';
import { type Db, queryRows } from '../platform/db.js';
import { Invalid } from '../platform/errors.js';
import { applicabilityCondition } from './applicability.js';
import { assess, loadFacts, type Target } from './assess.js';
import {
  type ColumnFilter,
  type DashboardCell,
  type DashboardQuery,
  type DashboardRow,
  OWNER_STATUSES,
  parseColumnFilters,
  REVIEWER_STATUSES,
  type SetDashboard,
} from './contract.js';
import { effectiveStatus, overallStatus, UNTOUCHED } from './derive.js';
import { RequirementErrors } from './errors.js';
import { supersededVersionIds } from './latest.js';
import { requireSet } from './lookup.js';
import { briefOf, loadRequirementModel, type ModelSet, type RequirementModel } from './model.js';
import { requirementExemptions, requirementStatuses } from './schema.js';
import {
  candidates,
  countCandidates,
  decodeNameCursor,
  describeComponents,
  type NameCursor,
  nameCursor,
  type Shown,
  SORT_KEY,
} from './shown.js';

/** The requirement ids of the column filters, checked against the set's columns. */
function columnFilters(set: ModelSet, where: string | undefined): ColumnFilter[] {
  const filters = where ? parseColumnFilters(where) : [];
  const columns = new Set(set.requirementIds);
  for (const f of filters)
    if (!columns.has(f.requirementId))
      throw Invalid.field(
        RequirementErrors.invalid,
        'where',
        `"${f.requirementId}" is not the id of a requirement of ${set.name}`,
      );
  return filters;
}

/** Components the set applies to that pass the DSL filter (and have the named version). */
function candidateCondition(
  set: ModelSet,
  dsl: SQL | undefined,
  version: string | undefined,
): SQL | undefined {
  return and(
    applicabilityCondition(set.applicability),
    dsl,
    version === undefined
      ? undefined
      : sql`EXISTS (SELECT 1 FROM ${componentVersions} v
                    WHERE v.component_id = ${components.id} AND v.version = ${version})`,
  );
}

interface PassingRow {
  total: number;
  component_id: string | null;
  version_id: string | null;
  version: string | null;
}

/** The (owner, reviewer) pairs whose overall status is one of these: the table stays in derive.ts. */
function overallPairs(statuses: readonly string[]): SQL[] {
  return OWNER_STATUSES.flatMap((owner) =>
    REVIEWER_STATUSES.filter((reviewer) => statuses.includes(overallStatus(owner, reviewer))).map(
      (reviewer) => sql`(${owner}, ${reviewer})`,
    ),
  );
}

/**
 * The page of candidates whose shown version passes every column filter, in name order after
 * the cursor, and how many pass in all, in one query. The shown version is the named one or the
 * latest: every version but the superseded ones (read once per data generation, see latest.ts),
 * so each component is one row and the filters are plain SQL tests. A status row that does not
 * exist is unknown on both sides; `overall` compares the effective status: an active exemption
 * counts as n/a, as everywhere it counts.
 */
async function passingCandidates(
  db: Db,
  condition: SQL | undefined,
  version: string | undefined,
  superseded: readonly string[],
  filters: readonly ColumnFilter[],
  page: { after: NameCursor | undefined; limit: number },
  now: Date,
): Promise<{ rows: PassingRow[]; total: number }> {
  const requirementIds = [...new Set(filters.map((f) => f.requirementId))];
  const alias = (id: string) => sql.identifier(`s${requirementIds.indexOf(id)}`);
  const joins = requirementIds.map(
    (id) => sql`LEFT JOIN ${requirementStatuses} ${alias(id)}
      ON ${alias(id)}.version_id = v.id AND ${alias(id)}.requirement_id = ${id}::uuid`,
  );
  const side = (id: string, column: 'owner_status' | 'reviewer_status') =>
    sql`coalesce(${alias(id)}.${sql.raw(column)}::text, 'unknown')`;
  const tests = filters.map((f) => {
    const listed = (values: readonly string[]) =>
      values.length
        ? sql.join(
            values.map((st) => sql`${st}`),
            sql`, `,
          )
        : sql`NULL`;
    if (f.side !== 'overall')
      return sql`${side(f.requirementId, f.side === 'owner' ? 'owner_status' : 'reviewer_status')} IN (${listed(f.statuses)})`;
    const pairs = overallPairs(f.statuses);
    const exempted = sql`EXISTS (SELECT 1 FROM ${requirementExemptions} e
      WHERE e.component_id = ${components.id} AND e.requirement_id = ${f.requirementId}::uuid
        AND e.state = 'approved' AND e.expires_at > ${now.toISOString()}::timestamptz)`;
    const table = pairs.length
      ? sql`(${side(f.requirementId, 'owner_status')}, ${side(f.requirementId, 'reviewer_status')}) IN (${sql.join(pairs, sql`, `)})`
      : sql`FALSE`;
    return sql`(CASE WHEN ${exempted} THEN ${sql.raw(f.statuses.includes('n/a') ? 'TRUE' : 'FALSE')} ELSE ${table} END)`;
  });
  const shownVersion =
    version !== undefined
      ? sql`AND v.version = ${version}`
      : superseded.length
        ? sql`AND v.id <> ALL(${sql.param([...superseded])}::uuid[])`
        : sql``;
  const after = page.after
    ? sql`(q.sort_key, q.component_id) > (${page.after[0]}, ${page.after[1]}::uuid)`
    : sql`TRUE`;
  // One row even when no component passes, to carry the total.
  const rows = await queryRows<PassingRow>(
    db,
    sql`WITH q AS (
        SELECT ${components.id} AS component_id, ${SORT_KEY} AS sort_key,
          v.id AS version_id, v.version
        FROM ${components}
        LEFT JOIN ${componentVersions} v ON v.component_id = ${components.id} ${shownVersion}
        ${sql.join(joins, sql` `)}
        WHERE ${and(condition, ...tests)}
      )
      SELECT (SELECT count(*)::int FROM q) AS total, p.component_id, p.version_id, p.version
      FROM (SELECT 1) one
      LEFT JOIN LATERAL (
        SELECT q.component_id, q.version_id, q.version FROM q WHERE ${after}
        ORDER BY q.sort_key, q.component_id LIMIT ${page.limit}
      ) p ON TRUE`,
  );
  return {
    total: Number(rows[0]?.total ?? 0),
    rows: rows.filter((r) => r.component_id !== null),
  };
}

/** The page's rows: cells of the set's columns and the level of each shown version. */
async function presentRows(
  db: Db,
  model: RequirementModel,
  set: ModelSet,
  page: readonly Shown[],
  now: Date,
): Promise<DashboardRow[]> {
  const targets: Target[] = page.map((p) => ({
    componentId: p.candidate.id,
    versionId: p.versionId,
  }));
  const facts = await loadFacts(db, model, targets);
  return page.map((p, i) => {
    const assessment = assess(model, facts, targets[i]!, now);
    const statuses = p.versionId ? facts.statuses.get(p.versionId) : undefined;
    const exemptions = facts.exemptions.get(p.candidate.id) ?? [];
    const cells: DashboardCell[] = set.requirementIds.map((requirementId) => {
      const sides = statuses?.get(requirementId) ?? UNTOUCHED;
      const own = exemptions.filter((e) => e.requirementId === requirementId);
      const { overall: effective, exempted } = effectiveStatus(sides, own, now);
      return {
        requirementId,
        owner: sides.owner,
        reviewer: sides.reviewer,
        overall: overallStatus(sides.owner, sides.reviewer),
        effective,
        exempted,
      };
    });
    return {
      component: formatComponentRef(p.candidate),
      title: p.candidate.title,
      owner: p.candidate.owner,
      version: p.version,
      excluded: p.versionId ? (facts.exclusions.get(p.versionId)?.has(set.id) ?? false) : false,
      level: assessment.level.reached?.name ?? null,
      cells,
    };
  });
}

export async function setDashboard(
  db: Db,
  setKey: string,
  query: DashboardQuery,
  now: Date,
  known?: RequirementModel,
  superseded?: readonly string[],
): Promise<SetDashboard> {
  // Bad input is refused before anything is looked up: a bad cursor is a 400 whatever the set.
  const after = decodeNameCursor(query.cursor);
  const dsl = filterCondition(query.filter);
  const [row, model] = await Promise.all([
    requireSet(db, setKey),
    known ?? loadRequirementModel(db),
  ]);
  const set = model.setById.get(row.id)!;
  const filters = columnFilters(set, query.where);
  const condition = candidateCondition(set, dsl, query.version);

  let page: Shown[];
  let total: number;
  let more: boolean;
  if (filters.length === 0) {
    const [rows, count] = await Promise.all([
      candidates(db, condition, query.version, { after, limit: query.limit + 1 }),
      countCandidates(db, condition),
    ]);
    more = rows.length > query.limit;
    page = rows.slice(0, query.limit);
    total = count;
  } else {
    const passing = await passingCandidates(
      db,
      condition,
      query.version,
      superseded ?? (query.version === undefined ? await supersededVersionIds(db) : []),
      filters,
      { after, limit: query.limit + 1 },
      now,
    );
    total = passing.total;
    more = passing.rows.length > query.limit;
    const chosen = passing.rows.slice(0, query.limit);
    const described = await describeComponents(
      db,
      chosen.map((p) => p.component_id!),
    );
    page = chosen.flatMap((p) => {
      const candidate = described.get(p.component_id!);
      return candidate ? [{ candidate, versionId: p.version_id, version: p.version }] : [];
    });
  }
  return {
    set: {
      id: set.id,
      name: set.name,
      description: set.description,
      docLink: set.docLink,
      reviewerTeams: set.reviewerTeams,
    },
    columns: set.requirementIds.map((id) => briefOf(model.requirementById.get(id)!)),
    rows: await presentRows(db, model, set, page, now),
    total,
    nextCursor: nameCursor(page.at(-1), more),
  };
}
