import { eq } from 'drizzle-orm';
import type { ComponentRow } from '../catalog/components.js';
import { formatComponentRef } from '../catalog/refs.js';
import type { Actor } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { Invalid } from '../platform/errors.js';
import { setsApplyingTo } from './applicability.js';
import { RequirementErrors } from './errors.js';
import type { RequirementRow } from './lookup.js';
import { requirementSetMembers, requirementSets } from './schema.js';

/**
 * What the owner- and reviewer-side writes share: a requirement counts for a component only
 * through a set that holds it and applies to the component; and who a write names as having
 * set something.
 */

/** The ids of the sets holding the requirement that apply to the component. */
export async function applyingSetsOf(
  db: Db,
  component: ComponentRow,
  requirementId: string,
): Promise<Set<string>> {
  const holding = await db
    .select({ id: requirementSets.id, applicability: requirementSets.applicability })
    .from(requirementSetMembers)
    .innerJoin(requirementSets, eq(requirementSets.id, requirementSetMembers.setId))
    .where(eq(requirementSetMembers.requirementId, requirementId));
  return setsApplyingTo(db, component.id, holding);
}

/** A 400 naming `field` unless the requirement applies to the component. */
export async function requireApplicable(
  db: Db,
  component: ComponentRow,
  requirement: RequirementRow,
  field: string,
): Promise<void> {
  if ((await applyingSetsOf(db, component, requirement.id)).size > 0) return;
  throw Invalid.field(
    RequirementErrors.invalid,
    field,
    `"${requirement.title}" is in no requirement set that applies to ${formatComponentRef(component)}`,
  );
}

/** The system actor (imports, seeding) is nobody in the people table. */
const SYSTEM_ACTOR_ID = '00000000-0000-0000-0000-000000000000';

/** The person to record as having set something: null for Argus itself. */
export function personIdOf(actor: Actor): string | null {
  return actor.id === SYSTEM_ACTOR_ID ? null : actor.id;
}
