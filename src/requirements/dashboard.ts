/**
 * A set's dashboard (PRODUCT 2): the components the set applies to (rows) by its requirements
 * (columns), the overall status in each cell, for each component's latest version or one named
 * version. Rows can be narrowed by a DSL filter over components and by per-column filters on a
 * requirement's owner, reviewer or overall status; they come 50 a page by name, with the total.
 *
 * Without column filters the page is cut in SQL (keyset on the name). With them every candidate
 * must be judged, and its latest version is only known in memory: the candidates and their
 * versions come in one query, the filtered columns' statuses in one more, and the rest is one
 * pass in memory. Only the rows of the page are then assessed in full (their level).
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
  parseColumnFilters,
  type SetDashboard,
} from './contract.js';
import { effectiveStatus, overallStatus, type StatusSides, UNTOUCHED } from './derive.js';
import { RequirementErrors } from './errors.js';
import { requireSet } from './lookup.js';
import { briefOf, loadRequirementModel, type ModelSet, type RequirementModel } from './model.js';
import { requirementExemptions, requirementStatuses } from './schema.js';
import {
  type Candidate,
  candidates,
  countCandidates,
  decodeNameCursor,
  nameCursor,
  resumeAt,
  type Shown,
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
function candidateCondition(set: ModelSet, query: DashboardQuery): SQL | undefined {
  return and(
    applicabilityCondition(set.applicability),
    filterCondition(query.filter),
    query.version === undefined
      ? undefined
      : sql`EXISTS (SELECT 1 FROM ${componentVersions} v
                    WHERE v.component_id = ${components.id} AND v.version = ${query.version})`,
  );
}

/**
 * Keeps the candidates whose shown version passes every column filter, judged on the filtered
 * requirements' statuses alone (two small reads). `overall` compares the effective status:
 * an active exemption counts as n/a, as everywhere it counts.
 */
async function passingColumnFilters<T extends { candidate: Candidate; versionId: string | null }>(
  db: Db,
  filters: readonly ColumnFilter[],
  rows: readonly T[],
  now: Date,
): Promise<T[]> {
  const requirementIds = [...new Set(filters.map((f) => f.requirementId))];
  const ids = sql`${sql.param(requirementIds)}::uuid[]`;
  const [statusRows, exemptionRows] = await Promise.all([
    queryRows<{ version_id: string; requirement_id: string; owner: string; reviewer: string }>(
      db,
      sql`SELECT version_id, requirement_id, owner_status AS owner, reviewer_status AS reviewer
          FROM ${requirementStatuses} WHERE requirement_id = ANY(${ids})`,
    ),
    db
      .select()
      .from(requirementExemptions)
      .where(
        sql`${requirementExemptions.requirementId} = ANY(${ids})
            AND ${requirementExemptions.state} = 'approved'
            AND ${requirementExemptions.expiresAt} > ${now.toISOString()}::timestamptz`,
      ),
  ]);
  const sidesOf = new Map(
    statusRows.map((s) => [`${s.version_id}/${s.requirement_id}`, s as unknown as StatusSides]),
  );
  const exempted = new Set(exemptionRows.map((e) => `${e.componentId}/${e.requirementId}`));
  return rows.filter(({ candidate, versionId }) =>
    filters.every((f) => {
      const sides = (versionId && sidesOf.get(`${versionId}/${f.requirementId}`)) || UNTOUCHED;
      const value =
        f.side !== 'overall'
          ? sides[f.side]
          : exempted.has(`${candidate.id}/${f.requirementId}`)
            ? 'n/a'
            : overallStatus(sides.owner, sides.reviewer);
      return f.statuses.includes(value);
    }),
  );
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
      const row = statuses?.get(requirementId);
      const sides = row ? { owner: row.ownerStatus, reviewer: row.reviewerStatus } : UNTOUCHED;
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
): Promise<SetDashboard> {
  const [row, model] = await Promise.all([requireSet(db, setKey), loadRequirementModel(db)]);
  const set = model.setById.get(row.id)!;
  const filters = columnFilters(set, query.where);
  const after = decodeNameCursor(query.cursor);
  const condition = candidateCondition(set, query);

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
    const all = await candidates(db, condition, query.version);
    const passing = await passingColumnFilters(db, filters, all, now);
    total = passing.length;
    const rest = after ? passing.slice(resumeAt(all, passing, after)) : passing;
    more = rest.length > query.limit;
    page = rest.slice(0, query.limit);
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
