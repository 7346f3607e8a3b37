import type { Actor, RequestContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { Forbidden } from '../../platform/errors.js';
import { CatalogErrors } from '../errors.js';
import { isOwnerMember, requireActor } from '../rights.js';

export interface EntityOwner {
  ownerTeamId: string | null;
  ownerPersonId: string | null;
}

/**
 * Who may change a system, domain, API or resource (PRODUCT 1.2, as for components): admins;
 * members of the owner team or of a team above it; the owner person.
 */
export async function mayEditEntity(db: Db, actor: Actor, owner: EntityOwner): Promise<boolean> {
  if (actor.isAdmin) return true;
  if (owner.ownerPersonId !== null) return owner.ownerPersonId === actor.id;
  return isOwnerMember(db, actor, owner);
}

export async function requireEntityOwner(
  db: Db,
  ctx: RequestContext,
  owner: EntityOwner,
  what: string,
): Promise<Actor> {
  const actor = requireActor(ctx);
  if (!(await mayEditEntity(db, actor, owner))) {
    throw new Forbidden(
      CatalogErrors.forbidden,
      `only the owner, members of the owner team or admins may ${what}`,
    );
  }
  return actor;
}
