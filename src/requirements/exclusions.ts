import { and, eq } from 'drizzle-orm';
import type { ComponentRow } from '../catalog/components.js';
import { formatComponentRef } from '../catalog/refs.js';
import { recordChange } from '../platform/audit/service.js';
import type { RequestContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { Invalid, NotFound } from '../platform/errors.js';
import { selectRows, type Work } from '../platform/unit-of-work.js';
import { setsApplyingTo } from './applicability.js';
import { REQUIREMENT_EVENTS, type SetExclusion } from './contract.js';
import { RequirementErrors } from './errors.js';
import {
  personRefs,
  requireComponentAt,
  requireSet,
  requireVersionOf,
  type SetRow,
  type VersionRow,
  versionEventRef,
} from './lookup.js';
import { requireOwnerSide } from './rights.js';
import { requirementSetExclusions } from './schema.js';
import type { VersionKey } from './status-view.js';
import { personIdOf } from './target.js';

/**
 * A whole requirement set marked not applicable for one version, with the owner's reason
 * (PRODUCT 2): its requirements then leave the version's level and every score. The owner side
 * marks it and undoes it.
 */

const ENTITY = 'requirement_set_exclusion';

interface Target {
  component: ComponentRow;
  version: VersionRow;
  set: SetRow;
  ref: string;
}

async function resolveTarget(db: Db, key: VersionKey, setKey: string): Promise<Target> {
  const component = await requireComponentAt(db, key);
  const version = await requireVersionOf(db, component, key.version);
  const set = await requireSet(db, setKey);
  return {
    component,
    version,
    set,
    ref: `${formatComponentRef(component)}@${version.version}#set:${set.name}`,
  };
}

type ExclusionRow = typeof requirementSetExclusions.$inferSelect;

function lockExclusion(tx: Db, t: Target): Promise<ExclusionRow[]> {
  return selectRows(
    tx,
    requirementSetExclusions,
    and(
      eq(requirementSetExclusions.versionId, t.version.id),
      eq(requirementSetExclusions.setId, t.set.id),
    ),
    'update',
  );
}

async function present(db: Db, t: Target, row: ExclusionRow): Promise<SetExclusion> {
  const people = await personRefs(db, [row.setBy]);
  return {
    component: formatComponentRef(t.component),
    version: t.version.version,
    set: { id: t.set.id, name: t.set.name },
    reason: row.reason,
    setBy: row.setBy ? (people.get(row.setBy) ?? null) : null,
    setAt: row.setAt.toISOString(),
  };
}

/** Marks the set not applicable for the version, or gives an existing mark a new reason. */
export async function excludeSet(
  work: Work,
  ctx: RequestContext,
  now: Date,
  key: VersionKey,
  setKey: string,
  input: { reason: string },
): Promise<SetExclusion> {
  const { tx } = work;
  const t = await resolveTarget(tx, key, setKey);
  const { actor, reason } = await requireOwnerSide(
    tx,
    ctx,
    t.component,
    [t.version.id],
    `mark requirement sets not applicable on ${formatComponentRef(t.component)}@${t.version.version}`,
  );
  if (!(await setsApplyingTo(tx, t.component.id, [t.set])).has(t.set.id))
    throw Invalid.field(
      RequirementErrors.invalid,
      'set',
      `set "${t.set.name}" does not apply to ${formatComponentRef(t.component)}: there is nothing to mark`,
    );
  const [existing] = await lockExclusion(tx, t);
  if (existing?.reason === input.reason) return present(tx, t, existing);
  const values = { reason: input.reason, setBy: personIdOf(actor), setAt: now };
  let row: ExclusionRow;
  if (existing) {
    [row] = (await tx
      .update(requirementSetExclusions)
      .set(values)
      .where(
        and(
          eq(requirementSetExclusions.versionId, t.version.id),
          eq(requirementSetExclusions.setId, t.set.id),
        ),
      )
      .returning()) as [ExclusionRow];
  } else {
    [row] = (await tx
      .insert(requirementSetExclusions)
      .values({ versionId: t.version.id, setId: t.set.id, ...values })
      .returning()) as [ExclusionRow];
  }
  await recordChange(tx, ctx, {
    entityType: ENTITY,
    entityId: `${t.version.id}:${t.set.id}`,
    entityRef: t.ref,
    action: existing ? 'update' : 'create',
    before: existing ? { reason: existing.reason } : undefined,
    after: { reason: input.reason },
    reason,
  });
  work.emit(REQUIREMENT_EVENTS.status, versionEventRef(t.component, t.version.version), 'update');
  return present(tx, t, row);
}

/** Undoes the mark: the set counts for the version again. */
export async function includeSet(
  work: Work,
  ctx: RequestContext,
  key: VersionKey,
  setKey: string,
): Promise<void> {
  const { tx } = work;
  const t = await resolveTarget(tx, key, setKey);
  const { reason } = await requireOwnerSide(
    tx,
    ctx,
    t.component,
    [t.version.id],
    `mark requirement sets applicable again on ${formatComponentRef(t.component)}@${t.version.version}`,
  );
  const [existing] = await lockExclusion(tx, t);
  if (!existing)
    throw new NotFound(
      RequirementErrors.notFound,
      `set "${t.set.name}" is not marked not applicable for ${formatComponentRef(t.component)}@${t.version.version}`,
    );
  await tx
    .delete(requirementSetExclusions)
    .where(
      and(
        eq(requirementSetExclusions.versionId, t.version.id),
        eq(requirementSetExclusions.setId, t.set.id),
      ),
    );
  await recordChange(tx, ctx, {
    entityType: ENTITY,
    entityId: `${t.version.id}:${t.set.id}`,
    entityRef: t.ref,
    action: 'delete',
    before: { reason: existing.reason },
    reason,
  });
  work.emit(REQUIREMENT_EVENTS.status, versionEventRef(t.component, t.version.version), 'update');
}
