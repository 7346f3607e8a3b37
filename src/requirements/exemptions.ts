import { and, desc, eq, inArray } from 'drizzle-orm';
import type { ComponentRow } from '../catalog/components.js';
import { formatComponentRef } from '../catalog/refs.js';
import { components } from '../catalog/schema.js';
import { recordChange } from '../platform/audit/service.js';
import type { Actor, RequestContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { Conflict, Invalid, NotFound } from '../platform/errors.js';
import { lockScope, selectRows, type Work } from '../platform/unit-of-work.js';
import {
  type Exemption,
  type ExemptionDecision,
  type ExemptionRequest,
  expiryInstant,
  REQUIREMENT_EVENTS,
} from './contract.js';
import { exemptionActive } from './derive.js';
import { RequirementErrors } from './errors.js';
import { type ExemptionRow, presentExemption } from './exemption-view.js';
import { personRefs, requireComponentAt, requireRequirement, versionIdsOf } from './lookup.js';
import { requireOwnerSide, requireReviewerSide, reviewableRequirementIds } from './rights.js';
import { requirementExemptions, requirements } from './schema.js';
import { personIdOf, requireApplicable } from './target.js';

/**
 * Exemptions (PRODUCT 2): a time-limited waiver of one requirement for one component (all its
 * versions). The owner side requests one with a reason and an expiry in the future; a reviewer
 * of the requirement approves or denies it with notes; an approved one counts as n/a until it
 * expires or a reviewer (or an admin) revokes it. Every step is in history, and the clock is
 * the service's, so expiry is tested with a fixed instant.
 */

const ENTITY = 'requirement_exemption';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function auditable(row: ExemptionRow, title: string): Record<string, unknown> {
  return {
    requirement: title,
    state: row.state,
    reason: row.reason,
    expiresAt: row.expiresAt.toISOString(),
    decisionNotes: row.decisionNotes,
  };
}

/** Exemptions of one component as answers show them, with what the asking person may do. */
async function present(
  db: Db,
  actor: Actor | null,
  now: Date,
  component: ComponentRow,
  rows: readonly ExemptionRow[],
): Promise<Exemption[]> {
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.map((r) => r.requirementId))];
  // One after the other: inside a write's transaction there is one connection.
  const titles = await db
    .select({ id: requirements.id, title: requirements.title })
    .from(requirements)
    .where(inArray(requirements.id, ids));
  const people = await personRefs(
    db,
    rows.flatMap((r) => [r.requestedBy, r.decidedBy]),
  );
  const reviewable =
    actor && !actor.isAdmin
      ? await reviewableRequirementIds(db, actor, component.id, ids)
      : new Set<string>();
  const titleOf = new Map(titles.map((t) => [t.id, t.title]));
  return rows.map((r) =>
    presentExemption(r, {
      component: formatComponentRef(component),
      requirementTitle: titleOf.get(r.requirementId) ?? '',
      people,
      reviews: actor !== null && (actor.isAdmin || reviewable.has(r.requirementId)),
      now,
    }),
  );
}

/** A component's exemptions, newest first. */
export async function listExemptions(
  db: Db,
  actor: Actor | null,
  now: Date,
  ref: { namespace: string; name: string },
): Promise<Exemption[]> {
  const component = await requireComponentAt(db, ref);
  const rows = await db
    .select()
    .from(requirementExemptions)
    .where(eq(requirementExemptions.componentId, component.id))
    .orderBy(desc(requirementExemptions.requestedAt), desc(requirementExemptions.id));
  return present(db, actor, now, component, rows);
}

async function requireExemption(
  db: Db,
  id: string,
  lock?: 'update',
): Promise<{ row: ExemptionRow; component: ComponentRow }> {
  const [row] = UUID.test(id)
    ? await selectRows(db, requirementExemptions, eq(requirementExemptions.id, id), lock)
    : [];
  if (!row) throw new NotFound(RequirementErrors.notFound, `no exemption "${id}"`);
  const [component] = await selectRows(db, components, eq(components.id, row.componentId));
  return { row, component: component! };
}

export async function getExemption(
  db: Db,
  actor: Actor | null,
  now: Date,
  id: string,
): Promise<Exemption> {
  const { row, component } = await requireExemption(db, id);
  const [exemption] = await present(db, actor, now, component, [row]);
  return exemption!;
}

/** The owner side asks for a waiver of one requirement until `expiresAt`. */
export async function requestExemption(
  work: Work,
  ctx: RequestContext,
  now: Date,
  ref: { namespace: string; name: string },
  input: ExemptionRequest,
): Promise<Exemption> {
  const { tx } = work;
  const component = await requireComponentAt(tx, ref);
  const requirement = await requireRequirement(tx, input.requirement, 'requirement');
  const expiresAt = expiryInstant(input.expiresAt);
  if (expiresAt.getTime() <= now.getTime())
    throw Invalid.field(
      RequirementErrors.invalid,
      'expiresAt',
      `must be in the future: ${expiresAt.toISOString()} is not after now (${now.toISOString()})`,
    );
  const { actor, reason } = await requireOwnerSide(
    tx,
    ctx,
    component,
    await versionIdsOf(tx, component.id),
    `request exemptions for ${formatComponentRef(component)}`,
  );
  await requireApplicable(tx, component, requirement, 'requirement');
  // One open exemption per (component, requirement): requests racing for it follow each other.
  await lockScope(tx, `requirement-exemption:${component.id}:${requirement.id}`);
  const open = await tx
    .select()
    .from(requirementExemptions)
    .where(
      and(
        eq(requirementExemptions.componentId, component.id),
        eq(requirementExemptions.requirementId, requirement.id),
        inArray(requirementExemptions.state, ['requested', 'approved']),
      ),
    );
  const waiting = open.find((e) => e.state === 'requested');
  if (waiting)
    throw new Conflict(
      RequirementErrors.conflict,
      `an exemption of "${requirement.title}" for ${formatComponentRef(component)} is already waiting for a decision`,
    );
  const active = open.find((e) => exemptionActive(e, now));
  if (active)
    throw new Conflict(
      RequirementErrors.conflict,
      `"${requirement.title}" is already exempted for ${formatComponentRef(component)} until ${active.expiresAt.toISOString()}`,
    );
  const [row] = await tx
    .insert(requirementExemptions)
    .values({
      componentId: component.id,
      requirementId: requirement.id,
      state: 'requested',
      reason: input.reason,
      expiresAt,
      requestedBy: personIdOf(actor),
      requestedAt: now,
    })
    .returning();
  await recordChange(tx, ctx, {
    entityType: ENTITY,
    entityId: row!.id,
    entityRef: formatComponentRef(component),
    action: 'create',
    after: auditable(row!, requirement.title),
    reason,
  });
  work.emit(REQUIREMENT_EVENTS.exemption, `${component.namespace}/${component.name}`, 'create');
  const [exemption] = await present(tx, ctx.actor, now, component, [row!]);
  return exemption!;
}

export type ExemptionStep = 'approve' | 'deny' | 'revoke';

const STEP: Record<
  ExemptionStep,
  { from: ExemptionRow['state']; to: ExemptionRow['state']; verb: string }
> = {
  approve: { from: 'requested', to: 'approved', verb: 'approve' },
  deny: { from: 'requested', to: 'denied', verb: 'deny' },
  revoke: { from: 'approved', to: 'revoked', verb: 'revoke' },
};

/**
 * A reviewer of the requirement (or an admin) approves or denies a requested exemption, or
 * revokes an approved one still in force.
 */
export async function decideExemption(
  work: Work,
  ctx: RequestContext,
  now: Date,
  id: string,
  step: ExemptionStep,
  input: ExemptionDecision,
): Promise<Exemption> {
  const { tx } = work;
  const { from, to, verb } = STEP[step];
  const { row, component } = await requireExemption(tx, id, 'update');
  const requirement = await requireRequirement(tx, row.requirementId);
  const { actor, reason } = await requireReviewerSide(
    tx,
    ctx,
    row.requirementId,
    component.id,
    `${verb} exemptions of "${requirement.title}"`,
  );
  if (row.state !== from)
    throw new Conflict(
      RequirementErrors.conflict,
      `the exemption is ${row.state}: only ${from === 'requested' ? 'a requested' : 'an approved'} one can be ${to}`,
    );
  const expired = row.expiresAt.getTime() <= now.getTime();
  if (expired && step !== 'deny')
    throw new Conflict(
      RequirementErrors.conflict,
      `the exemption expired at ${row.expiresAt.toISOString()}: ${step === 'approve' ? 'ask for a new one' : 'it no longer holds'}`,
    );
  const [next] = await tx
    .update(requirementExemptions)
    .set({ state: to, decidedBy: personIdOf(actor), decidedAt: now, decisionNotes: input.notes })
    .where(eq(requirementExemptions.id, row.id))
    .returning();
  await recordChange(tx, ctx, {
    entityType: ENTITY,
    entityId: row.id,
    entityRef: formatComponentRef(component),
    action: 'update',
    before: auditable(row, requirement.title),
    after: auditable(next!, requirement.title),
    reason,
  });
  work.emit(REQUIREMENT_EVENTS.exemption, `${component.namespace}/${component.name}`, 'update');
  const [exemption] = await present(tx, ctx.actor, now, component, [next!]);
  return exemption!;
}
