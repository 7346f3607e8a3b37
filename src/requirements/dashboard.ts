/**
 * A set's dashboard (PRODUCT 2): the components the set applies to (rows) by its requirements
 * (columns), the overall status in each cell, for each component's latest version or one named
 * version. Rows can be narrowed by a DSL filter over components and by per-column filters on a
 * requirement's owner, reviewer or overall status; they come 50 a page by name, with the total.
 *
 * Without column filters the page is cut in SQL (keyset on the name). With them every candidate
 * must be judged, and its latest version is only known in memory: one query brings each
 * candidate's versions with the filtered columns' statuses, the rest is one pass in memory.
 * Only the rows of the page are then assessed in full (their level).
 */
import { and, type SQL, sql } from 'drizzle-orm';
import { filterCondition } from '../catalog/list.js';
import { formatComponentRef } from '../catalog/refs.js';
import { components, componentVersions } from '../catalog/schema.js';
import { type Db, queryRows } from '../platform/db.js';
import { Invalid } from '../platform/errors.js';
import { applicabilityCondition } from './applicability.js';
import { assess, loadFacts, RECORD, type Target, UNIT } from './assess.js';
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
import { latestByComponent } from './latest.js';
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

interface JudgedRow {
  component_id: string;
  after_cursor: boolean;
  /** Per version: id, version, then owner, reviewer and exempted (1/0) per filtered requirement. */
  versions: string;
}

/** A component that passes the column filters, with the version shown and its place. */
interface Judged {
  componentId: string;
  versionId: string | null;
  version: string | null;
  afterCursor: boolean;
}

/**
 * The candidates whose shown version passes every column filter, in name order, in one query:
 * a row per version with the filtered requirements' two sides (and, for an `overall` filter,
 * whether an exemption is in force), from which the latest version is picked and judged in
 * memory. A component with one version is judged on the owner and reviewer filters in SQL
 * already, so most rows that fail never leave the database. `overall` compares the effective
 * status: an active exemption counts as n/a, as everywhere it counts.
 */
async function passingCandidates(
  db: Db,
  condition: SQL | undefined,
  version: string | undefined,
  filters: readonly ColumnFilter[],
  after: NameCursor | undefined,
  now: Date,
): Promise<Judged[]> {
  const requirementIds = [...new Set(filters.map((f) => f.requirementId))];
  const alias = (i: number) => sql.identifier(`s${i}`);
  const joins = requirementIds.map(
    (id, i) => sql`LEFT JOIN ${requirementStatuses} ${alias(i)}
      ON ${alias(i)}.version_id = v.id AND ${alias(i)}.requirement_id = ${id}::uuid`,
  );
  const parts = requirementIds.map((id, i) => {
    const exempted = filters.some((f) => f.requirementId === id && f.side === 'overall')
      ? sql`EXISTS (SELECT 1 FROM ${requirementExemptions} e
          WHERE e.component_id = ${components.id} AND e.requirement_id = ${id}::uuid
            AND e.state = 'approved' AND e.expires_at > ${now.toISOString()}::timestamptz)`
      : sql`FALSE`;
    return sql`coalesce(${alias(i)}.owner_status::text, 'unknown') || chr(31) ||
      coalesce(${alias(i)}.reviewer_status::text, 'unknown') || chr(31) ||
      (CASE WHEN ${exempted} THEN '1' ELSE '0' END)`;
  });
  const sideTests = filters
    .filter((f) => f.side !== 'overall')
    .map((f) => {
      const column = sql.raw(f.side === 'owner' ? 'owner_status' : 'reviewer_status');
      const statuses = sql.join(
        f.statuses.map((st) => sql`${st}`),
        sql`, `,
      );
      return sql`coalesce(${alias(requirementIds.indexOf(f.requirementId))}.${column}::text, 'unknown') IN (${statuses})`;
    });
  // One row a component, its versions packed in one text (see assess.ts packedSides).
  const rows = await queryRows<JudgedRow>(
    db,
    sql`SELECT q.component_id, bool_or(q.after_cursor) AS after_cursor,
        string_agg(q.packed, chr(30)) AS versions
      FROM (
        SELECT ${components.id} AS component_id, ${SORT_KEY} AS sort_key,
          count(*) OVER (PARTITION BY ${components.id}) AS versions,
          (${sideTests.length ? sql.join(sideTests, sql` AND `) : sql`TRUE`}) AS side_ok,
          (${after ? sql`(${SORT_KEY}, ${components.id}) > (${after[0]}, ${after[1]}::uuid)` : sql`TRUE`}) AS after_cursor,
          coalesce(v.id::text, '') || chr(31) || coalesce(v.version, '') || chr(31) ||
            ${sql.join(parts, sql` || chr(31) || `)} AS packed
        FROM ${components}
        LEFT JOIN ${componentVersions} v ON v.component_id = ${components.id}
          ${version === undefined ? sql`` : sql`AND v.version = ${version}`}
        ${sql.join(joins, sql` `)}
        ${condition ? sql`WHERE ${condition}` : sql``}
      ) q
      WHERE q.versions > 1 OR q.side_ok
      GROUP BY q.component_id, q.sort_key
      ORDER BY q.sort_key, q.component_id`,
  );
  const judged: Judged[] = [];
  for (const row of rows) {
    const entries = row.versions.split(RECORD).map((text) => text.split(UNIT));
    const latest = latestByComponent(
      entries.map(([versionId, version]) => ({
        componentId: row.component_id,
        versionId: versionId || null,
        version: version || null,
      })),
    ).get(row.component_id);
    // The shown version's entry, or the only one of a component without versions.
    const entry = latest ? entries.find(([versionId]) => versionId === latest.id) : entries[0];
    if (!entry) continue;
    const passes = filters.every((f) => {
      const at = 2 + 3 * requirementIds.indexOf(f.requirementId);
      const sides: StatusSides = {
        owner: entry[at] as StatusSides['owner'],
        reviewer: entry[at + 1] as StatusSides['reviewer'],
      };
      const value =
        f.side !== 'overall'
          ? sides[f.side]
          : entry[at + 2] === '1'
            ? 'n/a'
            : overallStatus(sides.owner, sides.reviewer);
      return f.statuses.includes(value);
    });
    if (passes)
      judged.push({
        componentId: row.component_id,
        versionId: latest?.id ?? null,
        version: latest?.version ?? null,
        afterCursor: row.after_cursor,
      });
  }
  return judged;
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
    const passing = await passingCandidates(db, condition, query.version, filters, after, now);
    total = passing.length;
    const rest = passing.filter((p) => p.afterCursor);
    more = rest.length > query.limit;
    const chosen = rest.slice(0, query.limit);
    const described = await describeComponents(
      db,
      chosen.map((p) => p.componentId),
    );
    page = chosen.flatMap((p) => {
      const candidate = described.get(p.componentId);
      return candidate ? [{ candidate, versionId: p.versionId, version: p.version }] : [];
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
