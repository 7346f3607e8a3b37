/**
 * A reviewer's queue (PRODUCT 2): what waits for the caller's sign-off. Statuses whose owner side
 * is ready or n/a and whose reviewer side is still unknown, on requirements of a set one of the
 * caller's teams reviews (directly or through a team above it), where that set applies to the
 * component and is not marked not applicable for the version; oldest first (by when the owner
 * set it). And the exemption requests waiting for a decision on such requirements.
 *
 * The queue is the caller's by their teams: an admin, who may sign anything, sees the sets their
 * own teams review, not every set of the instance.
 */
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { formatComponentRef } from '../catalog/refs.js';
import { components, componentVersions } from '../catalog/schema.js';
import type { Actor } from '../platform/context.js';
import { type Db, queryRows } from '../platform/db.js';
import { cursorId, decodeCursor, encodeCursor } from '../platform/pagination.js';
import { applicabilityCondition, applyingSetsByComponent } from './applicability.js';
import type { ReviewQueue, WaitingApproval } from './contract.js';
import { presentExemption } from './exemption-view.js';
import { personRefs, requireSet } from './lookup.js';
import { briefOf, loadRequirementModel, type ModelSet, type RequirementModel } from './model.js';
import { reviewedSetIds } from './rights.js';
import {
  requirementExemptions,
  requirementSetExclusions,
  requirementSetMembers,
  requirementStatuses,
} from './schema.js';

interface WaitingRow {
  id: string;
  requirement_id: string;
  version_id: string;
  owner_status: 'ready' | 'n/a';
  owner_notes: string;
  owner_set_by: string | null;
  owner_set_at: Date | string | null;
  waiting_since: string;
  version: string;
  component_id: string;
  namespace: string;
  name: string;
  title: string;
}

/**
 * The cursor holds the database's own text of the time (microseconds): a JavaScript date keeps
 * milliseconds, and the last row of a page would come again on the next.
 */
const PG_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
const CURSOR = z.tuple([z.string().regex(PG_TIME), cursorId]);

/**
 * "Some set of `sets` holds the status's requirement, applies to its component (the row of
 * `components` in the query) and is not excluded for its version": the one test of a waiting
 * approval, in SQL, each set's applicability filter in a CASE.
 */
function reviewableBy(sets: readonly ModelSet[]): SQL {
  if (sets.length === 0) return sql`FALSE`;
  const applies = sql.join(
    sets.map(
      (s) => sql`WHEN ${s.id}::uuid THEN (${applicabilityCondition(s.applicability)}) IS TRUE`,
    ),
    sql` `,
  );
  return sql`EXISTS (
    SELECT 1 FROM ${requirementSetMembers} m
    WHERE m.requirement_id = ${requirementStatuses.requirementId}
      AND m.set_id = ANY(${sql.param(sets.map((s) => s.id))}::uuid[])
      AND NOT EXISTS (SELECT 1 FROM ${requirementSetExclusions} x
                      WHERE x.version_id = ${requirementStatuses.versionId} AND x.set_id = m.set_id)
      AND (CASE m.set_id ${applies} ELSE FALSE END))`;
}

/** The position a queue cursor names; one this queue did not return is a 400. */
export function queueCursor(cursor: string | undefined): [string, string] | undefined {
  return cursor ? decodeCursor(cursor, CURSOR) : undefined;
}

const WAITING_SINCE = sql`coalesce(${requirementStatuses.ownerSetAt}, ${requirementStatuses.updatedAt})`;

async function waitingApprovals(
  db: Db,
  sets: readonly ModelSet[],
  after: [string, string] | undefined,
  limit: number,
): Promise<{ rows: WaitingRow[]; total: number; more: boolean }> {
  const where = sql`${requirementStatuses.ownerStatus} IN ('ready', 'n/a')
    AND ${requirementStatuses.reviewerStatus} = 'unknown'
    AND ${reviewableBy(sets)}`;
  const from = sql`FROM ${requirementStatuses}
    JOIN ${componentVersions} ON ${componentVersions.id} = ${requirementStatuses.versionId}
    JOIN ${components} ON ${components.id} = ${componentVersions.componentId}`;
  const [rows, count] = await Promise.all([
    queryRows<WaitingRow>(
      db,
      sql`SELECT ${requirementStatuses.id} AS id, ${requirementStatuses.requirementId} AS requirement_id,
          ${requirementStatuses.versionId} AS version_id, ${requirementStatuses.ownerStatus} AS owner_status,
          ${requirementStatuses.ownerNotes} AS owner_notes, ${requirementStatuses.ownerSetBy} AS owner_set_by,
          ${requirementStatuses.ownerSetAt} AS owner_set_at, (${WAITING_SINCE})::text AS waiting_since,
          ${componentVersions.version} AS version, ${components.id} AS component_id,
          ${components.namespace} AS namespace, ${components.name} AS name, ${components.title} AS title
        ${from}
        WHERE ${where}
          ${after ? sql`AND (${WAITING_SINCE}, ${requirementStatuses.id}) > (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
        ORDER BY ${WAITING_SINCE}, ${requirementStatuses.id}
        LIMIT ${limit + 1}`,
    ),
    queryRows<{ count: number }>(db, sql`SELECT count(*)::int AS count ${from} WHERE ${where}`),
  ]);
  return {
    rows: rows.slice(0, limit),
    total: Number(count[0]?.count ?? 0),
    more: rows.length > limit,
  };
}

const iso = (d: Date | string) => new Date(d).toISOString();

export async function reviewQueue(
  db: Db,
  actor: Actor,
  query: { set?: string; cursor?: string; limit: number },
  now: Date,
  known?: RequirementModel,
): Promise<ReviewQueue> {
  const after = queueCursor(query.cursor);
  const [model, reviewed, only] = await Promise.all([
    known ?? loadRequirementModel(db),
    reviewedSetIds(db, actor),
    query.set ? requireSet(db, query.set) : undefined,
  ]);
  const sets = model.sets.filter((s) => reviewed.has(s.id) && (!only || s.id === only.id));
  const setIds = new Set(sets.map((s) => s.id));
  const [waiting, requested] = await Promise.all([
    waitingApprovals(db, sets, after, query.limit),
    sets.length
      ? db
          .select()
          .from(requirementExemptions)
          .where(
            sql`${requirementExemptions.state} = 'requested'
              AND ${requirementExemptions.requirementId} IN (
                SELECT requirement_id FROM ${requirementSetMembers}
                WHERE set_id = ANY(${sql.param([...setIds])}::uuid[]))`,
          )
          .orderBy(requirementExemptions.requestedAt, requirementExemptions.id)
      : [],
  ]);
  // Which reviewed sets apply to the components named, to give each approval its set and to
  // keep the exemption requests of components those sets apply to.
  const componentIds = [
    ...new Set([
      ...waiting.rows.map((r) => r.component_id),
      ...requested.map((e) => e.componentId),
    ]),
  ];
  const [applying, componentRows, people] = await Promise.all([
    applyingSetsByComponent(db, sets, componentIds),
    componentIds.length
      ? db
          .select({ id: components.id, namespace: components.namespace, name: components.name })
          .from(components)
          .where(sql`${components.id} = ANY(${sql.param(componentIds)}::uuid[])`)
      : [],
    personRefs(db, [
      ...waiting.rows.map((r) => r.owner_set_by),
      ...requested.flatMap((e) => [e.requestedBy, e.decidedBy]),
    ]),
  ]);
  const refOf = new Map(componentRows.map((c) => [c.id, formatComponentRef(c)]));
  const reviewedSetOf = (componentId: string, requirementId: string) => {
    const holding = model.requirementById.get(requirementId)?.setIds ?? [];
    const applies = applying.get(componentId);
    return holding
      .map((id) => model.setById.get(id)!)
      .find((s) => setIds.has(s.id) && applies?.has(s.id));
  };
  const approvals: WaitingApproval[] = waiting.rows.map((r) => {
    const set = reviewedSetOf(r.component_id, r.requirement_id);
    return {
      component: formatComponentRef(r),
      title: r.title,
      version: r.version,
      set: { id: set?.id ?? '', name: set?.name ?? '' },
      requirement: briefOf(model.requirementById.get(r.requirement_id)!),
      owner: {
        status: r.owner_status,
        notes: r.owner_notes,
        setBy: r.owner_set_by ? (people.get(r.owner_set_by) ?? null) : null,
        setAt: r.owner_set_at ? iso(r.owner_set_at) : null,
      },
      overall: r.owner_status === 'ready' ? 'waiting' : 'waiting_na',
    };
  });
  const last = waiting.rows.at(-1);
  return {
    approvals,
    total: waiting.total,
    nextCursor: waiting.more && last ? encodeCursor([last.waiting_since, last.id]) : null,
    exemptions: requested
      .filter((e) => reviewedSetOf(e.componentId, e.requirementId) !== undefined)
      .map((e) =>
        presentExemption(e, {
          component: refOf.get(e.componentId) ?? '',
          requirementTitle: model.requirementById.get(e.requirementId)?.title ?? '',
          people,
          reviews: true,
          now,
        }),
      ),
  };
}
