import { eq, inArray, sql } from 'drizzle-orm';
import { AuthErrors } from '../platform/auth/errors.js';
import type { Actor, RequestContext } from '../platform/context.js';
import { type Db, queryRows } from '../platform/db.js';
import { Forbidden, Unauthenticated } from '../platform/errors.js';
import type { VersionRole } from './contract.js';
import { CatalogErrors } from './errors.js';
import { teamMembers, teams, versionRoles } from './schema.js';

/**
 * Who may edit what (PRODUCT 1.2): admins anything; members of a component's owner team (or of
 * any team above it) its fields and versions; people named in a role on a version that role's
 * fields; everyone else reads. Checked here, on the server, for every write.
 */
export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new Unauthenticated(AuthErrors.required, 'log in to change anything');
  return ctx.actor;
}

export function requireAdmin(ctx: RequestContext, what: string): Actor {
  const actor = requireActor(ctx);
  if (!actor.isAdmin) throw new Forbidden(CatalogErrors.forbidden, `only admins may ${what}`);
  return actor;
}

/** Ids of the teams the person belongs to, directly or through membership of a parent team. */
export async function teamsOf(db: Db, personId: string): Promise<Set<string>> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    WITH RECURSIVE t(id) AS (
      SELECT ${teamMembers.teamId} FROM ${teamMembers} WHERE ${teamMembers.personId} = ${personId}
      UNION
      SELECT c.id FROM ${teams} c JOIN t ON c.parent_id = t.id
    )
    SELECT id FROM t`,
  );
  return new Set(rows.map((r) => r.id));
}

export async function isOwnerMember(
  db: Db,
  actor: Actor,
  ownerTeamId: string | null,
): Promise<boolean> {
  if (actor.isAdmin) return true;
  if (!ownerTeamId) return false;
  return (await teamsOf(db, actor.id)).has(ownerTeamId);
}

export async function requireOwner(
  db: Db,
  ctx: RequestContext,
  ownerTeamId: string | null,
  what: string,
): Promise<Actor> {
  const actor = requireActor(ctx);
  if (!(await isOwnerMember(db, actor, ownerTeamId))) {
    throw new Forbidden(
      CatalogErrors.forbidden,
      `only members of the owner team or admins may ${what}`,
    );
  }
  return actor;
}

export async function rolesOn(
  db: Db,
  actor: Actor,
  versionIds: string[],
): Promise<Set<VersionRole>> {
  if (versionIds.length === 0) return new Set();
  const rows = await db
    .select({ role: versionRoles.role })
    .from(versionRoles)
    .where(
      sql`${eq(versionRoles.personId, actor.id)} AND ${inArray(versionRoles.versionId, versionIds)}`,
    );
  return new Set(rows.map((r) => r.role as VersionRole));
}

/** Version fields each role may edit without being in the owner team. */
export const ROLE_FIELDS: Partial<Record<VersionRole, readonly string[]>> = {
  maintainer: [
    'releaseNotes',
    'languages',
    'frameworks',
    'databases',
    'orms',
    'loggers',
    'runtimes',
    'kloc',
    'devLinks',
  ],
  qa_lead: ['qa'],
  product_manager: ['releaseNotes'],
  program_manager: ['releaseNotes'],
};
