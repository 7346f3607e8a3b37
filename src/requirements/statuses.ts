import { and, eq } from 'drizzle-orm';
import type { ComponentRow } from '../catalog/components.js';
import { formatComponentRef } from '../catalog/refs.js';
import { recordChange } from '../platform/audit/service.js';
import type { RequestContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { selectRows, type Work } from '../platform/unit-of-work.js';
import {
  type OwnerStatus,
  type OwnerStatusInput,
  REQUIREMENT_EVENTS,
  type ReviewerStatusInput,
} from './contract.js';
import {
  type RequirementRow,
  requireComponentAt,
  requireRequirement,
  requireVersionOf,
  statusRef,
  type VersionRow,
  versionEventRef,
} from './lookup.js';
import { OWNER_FIELD, REVIEWER_FIELD, STATUS_HISTORY_ENTITY as STATUS_ENTITY } from './resets.js';
import { requireOwnerSide, requireReviewerSide } from './rights.js';
import { requirementStatuses } from './schema.js';
import type { VersionKey } from './status-view.js';
import { personIdOf, requireApplicable } from './target.js';

/**
 * The two sides of a requirement's status on a version (PRODUCT 2): the owner's readiness and
 * the reviewer's sign-off, each with notes and who set it when. The overall status is derived
 * on read (derive.ts), never written. When the owner changes readiness, a sign-off already given
 * (approved or rejected) goes back to unknown in the same transaction: the expert must look
 * again, and history says why.
 */

/** The audit reason of a sign-off reset by the owner's readiness change. */
export function resetReason(from: OwnerStatus, to: OwnerStatus): string {
  return `owner readiness changed from ${from} to ${to}`;
}

type StatusRow = typeof requirementStatuses.$inferSelect;

interface Target {
  component: ComponentRow;
  version: VersionRow;
  requirement: RequirementRow;
  ref: string;
}

async function resolveTarget(db: Db, key: VersionKey, requirementKey: string): Promise<Target> {
  const component = await requireComponentAt(db, key);
  const version = await requireVersionOf(db, component, key.version);
  const requirement = await requireRequirement(db, requirementKey);
  await requireApplicable(db, component, requirement, 'requirement');
  return {
    component,
    version,
    requirement,
    ref: statusRef(component, version.version, requirement.title),
  };
}

/** The status row, created untouched (unknown, unknown) when missing, locked for this write. */
async function lockStatus(tx: Db, target: Target): Promise<{ row: StatusRow; created: boolean }> {
  const created = await tx
    .insert(requirementStatuses)
    .values({ versionId: target.version.id, requirementId: target.requirement.id })
    .onConflictDoNothing()
    .returning({ id: requirementStatuses.id });
  const [row] = await selectRows(
    tx,
    requirementStatuses,
    and(
      eq(requirementStatuses.versionId, target.version.id),
      eq(requirementStatuses.requirementId, target.requirement.id),
    ),
    'update',
  );
  return { row: row!, created: created.length > 0 };
}

/** Sets the owner side; resets an existing sign-off when readiness changes. */
export async function setOwnerStatus(
  work: Work,
  ctx: RequestContext,
  now: Date,
  key: VersionKey,
  requirementKey: string,
  input: OwnerStatusInput,
): Promise<void> {
  const { tx } = work;
  const target = await resolveTarget(tx, key, requirementKey);
  const { actor, reason } = await requireOwnerSide(
    tx,
    ctx,
    target.component,
    [target.version.id],
    `set readiness on ${formatComponentRef(target.component)}@${target.version.version}`,
  );
  const { row, created } = await lockStatus(tx, target);
  const status = input.status;
  const notes = input.notes ?? row.ownerNotes;
  if (status === row.ownerStatus && notes === row.ownerNotes) return;
  const reset = status !== row.ownerStatus && row.reviewerStatus !== 'unknown';
  const by = personIdOf(actor);
  await tx
    .update(requirementStatuses)
    .set({
      ownerStatus: status,
      ownerNotes: notes,
      ownerSetBy: by,
      ownerSetAt: now,
      updatedAt: now,
      ...(reset
        ? { reviewerStatus: 'unknown' as const, reviewerSetBy: by, reviewerSetAt: now }
        : {}),
    })
    .where(eq(requirementStatuses.id, row.id));
  await recordChange(tx, ctx, {
    entityType: STATUS_ENTITY,
    entityId: row.id,
    entityRef: target.ref,
    action: created ? 'create' : 'update',
    before: { [OWNER_FIELD]: row.ownerStatus, ownerNotes: row.ownerNotes },
    after: { [OWNER_FIELD]: status, ownerNotes: notes },
    reason,
  });
  if (reset)
    await recordChange(tx, ctx, {
      entityType: STATUS_ENTITY,
      entityId: row.id,
      entityRef: target.ref,
      action: 'update',
      before: { [REVIEWER_FIELD]: row.reviewerStatus },
      after: { [REVIEWER_FIELD]: 'unknown' },
      reason: resetReason(row.ownerStatus, status),
    });
  work.emit(
    REQUIREMENT_EVENTS.status,
    versionEventRef(target.component, target.version.version),
    'update',
  );
}

/** Sets the reviewer side (sign-off). */
export async function setReviewerStatus(
  work: Work,
  ctx: RequestContext,
  now: Date,
  key: VersionKey,
  requirementKey: string,
  input: ReviewerStatusInput,
): Promise<void> {
  const { tx } = work;
  const target = await resolveTarget(tx, key, requirementKey);
  const { actor, reason } = await requireReviewerSide(
    tx,
    ctx,
    target.requirement.id,
    target.component.id,
    `sign off "${target.requirement.title}" on ${formatComponentRef(target.component)}`,
  );
  const { row, created } = await lockStatus(tx, target);
  const status = input.status;
  const notes = input.notes ?? row.reviewerNotes;
  if (status === row.reviewerStatus && notes === row.reviewerNotes) return;
  await tx
    .update(requirementStatuses)
    .set({
      reviewerStatus: status,
      reviewerNotes: notes,
      reviewerSetBy: personIdOf(actor),
      reviewerSetAt: now,
      updatedAt: now,
    })
    .where(eq(requirementStatuses.id, row.id));
  await recordChange(tx, ctx, {
    entityType: STATUS_ENTITY,
    entityId: row.id,
    entityRef: target.ref,
    action: created ? 'create' : 'update',
    before: { [REVIEWER_FIELD]: row.reviewerStatus, reviewerNotes: row.reviewerNotes },
    after: { [REVIEWER_FIELD]: status, reviewerNotes: notes },
    reason,
  });
  work.emit(
    REQUIREMENT_EVENTS.status,
    versionEventRef(target.component, target.version.version),
    'update',
  );
}
