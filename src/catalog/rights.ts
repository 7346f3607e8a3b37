import { eq, inArray, sql } from 'drizzle-orm';
import { AuthErrors } from '../platform/auth/errors.js';
import type { Actor, RequestContext } from '../platform/context.js';
import { type Db, queryRows } from '../platform/db.js';
import { Forbidden, Unauthenticated } from '../platform/errors.js';
import {
  type ComponentRights,
  type TeamRights,
  VersionFields,
  type VersionRole,
} from './contract.js';
import { CatalogErrors } from './errors.js';
import { teamMembers, teams, versionRoles } from './schema.js';

/**
 * Who may edit what (PRODUCT 1.2): admins anything; members of a component's owner team (or of
 * any team above it), or the person who owns it, its fields and versions; people named in a role on a version that role's
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

/**
 * Who owns a component, system, domain, API or resource: a team, a person, or nobody (the
 * schema allows never both).
 */
export interface Owner {
  ownerTeamId: string | null;
  ownerPersonId: string | null;
}

export async function isOwnerMember(db: Db, actor: Actor, owner: Owner): Promise<boolean> {
  if (actor.isAdmin) return true;
  if (owner.ownerPersonId !== null) return owner.ownerPersonId === actor.id;
  if (owner.ownerTeamId === null) return false;
  return (await ownerMembership(db, actor))(owner);
}

/**
 * isOwnerMember for many owners at once (one read of the person's teams): answers whether the
 * person may change what that owner owns: as a member of the owner team or of a team above it,
 * or as the owner person themselves.
 */
export async function ownerMembership(db: Db, actor: Actor): Promise<(owner: Owner) => boolean> {
  if (actor.isAdmin) return () => true;
  const mine = await teamsOf(db, actor.id);
  return ({ ownerTeamId, ownerPersonId }) =>
    ownerPersonId !== null
      ? ownerPersonId === actor.id
      : ownerTeamId !== null && mine.has(ownerTeamId);
}

export async function requireOwner(
  db: Db,
  ctx: RequestContext,
  owner: Owner,
  what: string,
): Promise<Actor> {
  const actor = requireActor(ctx);
  if (!(await isOwnerMember(db, actor, owner))) {
    throw new Forbidden(
      CatalogErrors.forbidden,
      `only the owner, members of the owner team or admins may ${what}`,
    );
  }
  return actor;
}

export async function rolesOn(
  db: Db,
  actor: Actor,
  versionIds: string[],
): Promise<Set<VersionRole>> {
  return new Set(
    [...(await rolesByVersion(db, actor, versionIds)).values()].flatMap((r) => [...r]),
  );
}

/** The roles the person holds on each of these versions (versions without one are absent). */
export async function rolesByVersion(
  db: Db,
  actor: Actor,
  versionIds: readonly string[],
): Promise<Map<string, Set<VersionRole>>> {
  const byVersion = new Map<string, Set<VersionRole>>();
  if (versionIds.length === 0) return byVersion;
  const rows = await db
    .select({ versionId: versionRoles.versionId, role: versionRoles.role })
    .from(versionRoles)
    .where(
      sql`${eq(versionRoles.personId, actor.id)} AND ${inArray(versionRoles.versionId, [...versionIds])}`,
    );
  for (const row of rows) {
    const roles = byVersion.get(row.versionId) ?? new Set<VersionRole>();
    roles.add(row.role as VersionRole);
    byVersion.set(row.versionId, roles);
  }
  return byVersion;
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

/** The version fields the holder of these roles may edit (see ROLE_FIELDS). */
export function fieldsOfRoles(roles: Iterable<VersionRole>): Set<string> {
  return new Set([...roles].flatMap((role) => ROLE_FIELDS[role] ?? []));
}

/** Every field of a version: what its owner team may edit. */
const ALL_VERSION_FIELDS = Object.keys(VersionFields.shape);

/**
 * What the person may do on a component's page, decided by the same functions the writes check
 * (isOwnerMember, rolesOn, ROLE_FIELDS), so the page never offers what the server refuses.
 * `dependencies` are the listed ones with the owner of the component they start from: removing
 * one is for that component's owners.
 */
export async function componentRights(
  db: Db,
  actor: Actor | null,
  component: Owner,
  versions: readonly { id: string; version: string }[],
  dependencies: readonly { id: string; from: Owner }[],
): Promise<ComponentRights> {
  if (!actor) return NO_COMPONENT_RIGHTS;
  const owns = await ownerMembership(db, actor);
  const owner = owns(component);
  const roles = owner
    ? new Map()
    : await rolesByVersion(
        db,
        actor,
        versions.map((v) => v.id),
      );
  const versionRights: ComponentRights['versions'] = {};
  for (const v of versions) {
    const fields = owner ? ALL_VERSION_FIELDS : [...fieldsOfRoles(roles.get(v.id) ?? [])];
    versionRights[v.version] = { edit: fields, delete: owner, deployments: owner };
  }
  return {
    edit: owner,
    delete: owner,
    addVersion: owner,
    addDependency: owner,
    removeDependencies: dependencies.filter((d) => owns(d.from)).map((d) => d.id),
    versions: versionRights,
  };
}

const NO_COMPONENT_RIGHTS: ComponentRights = {
  edit: false,
  delete: false,
  addVersion: false,
  addDependency: false,
  removeDependencies: [],
  versions: {},
};

/** Admins, and members of the team or of a team above it, may edit a team; admins alone the rest. */
export async function teamRights(db: Db, actor: Actor | null, teamId: string): Promise<TeamRights> {
  if (!actor) return { edit: false, move: false, delete: false };
  return {
    edit: actor.isAdmin || (await teamsOf(db, actor.id)).has(teamId),
    move: actor.isAdmin,
    delete: actor.isAdmin,
  };
}
