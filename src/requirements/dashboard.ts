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
  type OwnerStatus,
  parseColumnFilters,
  REVIEWER_STATUSES,
  type ReviewerStatus,
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
function overallPairs(statuses: readonly string[]): [OwnerStatus, ReviewerStatus][] {
  return OWNER_STATUSES.flatMap((owner) =>
    REVIEWER_STATUSES.filter((reviewer) => statuses.includes(overallStatus(owner, reviewer))).map(
      (reviewer) => [owner, reviewer] as [OwnerStatus, ReviewerStatus],
    ),
  );
}

const listed = (values: SQL[]) => (values.length ? sql.join(values, sql`, `) : sql`NULL`);

/**
 * "The shown version's status rows of this requirement pass `test`", as a semi-join: one pass
 * over the requirement's slice of the covering index (requirement_id, version_id, owner_status,
 * reviewer_status), hashed, instead of a probe per version (the planner misjudged the joined
 * form and probed thousands of times). A version without a row, or no version, is unknown on
 * both sides: when unknown passes, the versions kept are those with no row that fails.
 */
function statusTest(requirementId: string, test: SQL, unknownPasses: boolean): SQL {
  const rows = (condition: SQL) => sql`(SELECT st.version_id FROM ${requirementStatuses} st
    WHERE st.requirement_id = ${requirementId}::uuid AND ${condition})`;
  return unknownPasses
    ? sql`(v.id IS NULL OR v.id NOT IN ${rows(sql`NOT (${test})`)})`
    : sql`v.id IN ${rows(test)}`;
}

/** One column filter as a condition on the shown version `v` of a component. */
function columnTest(f: ColumnFilter, now: Date): SQL {
  if (f.side !== 'overall') {
    const column = sql.raw(f.side === 'owner' ? 'st.owner_status' : 'st.reviewer_status');
    const test = sql`${column}::text IN (${listed(f.statuses.map((st) => sql`${st}`))})`;
    return statusTest(f.requirementId, test, f.statuses.includes('unknown'));
  }
  const pairs = overallPairs(f.statuses);
  const test = sql`(st.owner_status::text, st.reviewer_status::text) IN (${listed(
    pairs.map(([owner, reviewer]) => sql`(${owner}, ${reviewer})`),
  )})`;
  const table = statusTest(
    f.requirementId,
    test,
    pairs.some(([owner, reviewer]) => owner === 'unknown' && reviewer === 'unknown'),
  );
  const exempted = sql`EXISTS (SELECT 1 FROM ${requirementExemptions} e
    WHERE e.component_id = ${components.id} AND e.requirement_id = ${f.requirementId}::uuid
      AND e.state = 'approved' AND e.expires_at > ${now.toISOString()}::timestamptz)`;
  return sql`(CASE WHEN ${exempted} THEN ${sql.raw(f.statuses.includes('n/a') ? 'TRUE' : 'FALSE')} ELSE ${table} END)`;
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
  const tests = filters.map((f) => columnTest(f, now));
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
