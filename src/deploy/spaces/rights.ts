import { and, eq, inArray, isNotNull, or } from 'drizzle-orm';
import { requireActor, teamsOf } from '../../catalog/rights.js';
import type { RequestContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { Forbidden } from '../../platform/errors.js';
import { SPACE_ROLES, type SpaceRole, spaceMembers } from '../schema.js';
import { DeployErrors } from './errors.js';

/**
 * Who may do what in a space (PRODUCT 8), checked on the server by every deploy route: a viewer
 * reads; an operator also requests and cancels actions and decides pauses; a space admin also
 * edits environments, configurations and members. Argus admins may do everything everywhere.
 * A person's role is the highest of their own membership and those of their teams (and the
 * teams above them).
 */

const rank = (role: SpaceRole) => SPACE_ROLES.indexOf(role);

export interface SpaceRights {
  read: boolean;
  operate: boolean;
  administer: boolean;
}

export function rightsOf(role: SpaceRole | null): SpaceRights {
  const at = role === null ? -1 : rank(role);
  return { read: at >= 0, operate: at >= rank('operator'), administer: at >= rank('admin') };
}

/** The caller's role in the space, or null when they have none (and are not an Argus admin). */
export async function roleIn(
  db: Db,
  ctx: RequestContext,
  spaceId: string,
): Promise<SpaceRole | null> {
  const actor = ctx.actor;
  if (!actor) return null;
  if (actor.isAdmin) return 'admin';
  const teams = [...(await teamsOf(db, actor.id))];
  const rows = await db
    .select({ role: spaceMembers.role })
    .from(spaceMembers)
    .where(
      and(
        eq(spaceMembers.spaceId, spaceId),
        or(
          eq(spaceMembers.personId, actor.id),
          teams.length > 0
            ? and(isNotNull(spaceMembers.teamId), inArray(spaceMembers.teamId, teams))
            : undefined,
        ),
      ),
    );
  return rows.reduce<SpaceRole | null>(
    (best, { role }) => (best === null || rank(role) > rank(best) ? role : best),
    null,
  );
}

const NEEDED: Record<SpaceRole, string> = {
  viewer: 'read',
  operator: 'request, cancel or decide actions in',
  admin: 'change environments, configurations or members of',
};

/** Refuses (401 when anonymous, 403 otherwise) a caller whose role in the space is below `needed`. */
export async function requireSpaceRole(
  db: Db,
  ctx: RequestContext,
  space: { id: string; name: string },
  needed: SpaceRole,
): Promise<SpaceRole> {
  requireActor(ctx);
  const role = await roleIn(db, ctx, space.id);
  if (role === null || rank(role) < rank(needed))
    throw new Forbidden(
      DeployErrors.forbidden,
      `only a space ${needed} (or higher) may ${NEEDED[needed]} space "${space.name}"`,
    );
  return role;
}
