import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { recordChange, recordChanges } from '../platform/audit/service.js';
import { people } from '../platform/auth/schema.js';
import type { RequestContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { Forbidden, Invalid, NotFound } from '../platform/errors.js';
import { lockScope, type RowLock, selectRows, type Work } from '../platform/unit-of-work.js';
import type { Team, TeamCreate, TeamPatch } from './contract.js';
import { CatalogErrors } from './errors.js';
import { resolvePeople } from './people.js';
import { requireActor, requireAdmin, teamRights } from './rights.js';
import { components, teamMembers, teams } from './schema.js';

type Row = typeof teams.$inferSelect;

export async function findTeam(db: Db, name: string, lock?: RowLock): Promise<Row | undefined> {
  const [row] = await selectRows(
    db,
    teams,
    eq(sql`lower(${teams.name})`, name.toLowerCase()),
    lock,
  );
  return row;
}

export async function requireTeam(
  db: Db,
  name: string,
  field: string,
  lock?: RowLock,
): Promise<Row> {
  const row = await findTeam(db, name, lock);
  if (!row) throw Invalid.field(CatalogErrors.unknownReference, field, `no team "${name}"`);
  return row;
}

async function present(db: Db, rows: Row[]): Promise<Team[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const members = await db
    .select({ teamId: teamMembers.teamId, username: people.username })
    .from(teamMembers)
    .innerJoin(people, eq(people.id, teamMembers.personId))
    .where(inArray(teamMembers.teamId, ids));
  const parentIds = rows.map((r) => r.parentId).filter((p): p is string => p !== null);
  const parents = parentIds.length
    ? await db
        .select({ id: teams.id, name: teams.name })
        .from(teams)
        .where(inArray(teams.id, parentIds))
    : [];
  const parentName = new Map(parents.map((p) => [p.id, p.name]));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    title: r.title,
    description: r.description,
    parent: r.parentId ? (parentName.get(r.parentId) ?? null) : null,
    email: r.email,
    chatChannel: r.chatChannel,
    type: r.type,
    members: members
      .filter((m) => m.teamId === r.id)
      .map((m) => m.username)
      .sort(),
  }));
}

export async function listTeams(db: Db): Promise<Team[]> {
  return present(db, await db.select().from(teams).orderBy(asc(teams.name)));
}

export async function getTeam(db: Db, name: string): Promise<Team> {
  const row = await findTeam(db, name);
  if (!row) throw new NotFound(CatalogErrors.notFound, `no team "${name}"`);
  return (await present(db, [row]))[0]!;
}

/**
 * Whether following parents up from `start` comes back to a team already passed: the loop the
 * tree may never have. API edits and imports check their moves with it.
 */
export function parentsLoop(start: string, parentOf: ReadonlyMap<string, string | null>): boolean {
  const seen = new Set<string>([start]);
  let cursor = parentOf.get(start) ?? null;
  while (cursor) {
    if (seen.has(cursor)) return true;
    seen.add(cursor);
    cursor = parentOf.get(cursor) ?? null;
  }
  return false;
}

/** Refuses a parent that would make the team its own ancestor. */
async function checkParent(
  db: Db,
  parent: string | null | undefined,
  selfId?: string,
): Promise<string | null | undefined> {
  if (parent === undefined) return undefined;
  if (parent === null || parent === '') return null;
  const row = await requireTeam(db, parent, 'parent', 'share');
  if (!selfId) return row.id;
  const tree = await db.select({ id: teams.id, parentId: teams.parentId }).from(teams);
  const parentOf = new Map(tree.map((t) => [t.id, t.parentId]));
  parentOf.set(selfId, row.id);
  if (parentsLoop(selfId, parentOf))
    throw Invalid.field(
      CatalogErrors.cycle,
      'parent',
      `"${parent}" is this team or one of its sub-teams`,
    );
  return row.id;
}

async function setMembers(db: Db, teamId: string, usernames: string[]): Promise<void> {
  const ids = await resolvePeople(db, usernames, 'members');
  await db.delete(teamMembers).where(eq(teamMembers.teamId, teamId));
  const rows = [...new Set(ids.values())].map((personId) => ({ teamId, personId }));
  if (rows.length > 0) await db.insert(teamMembers).values(rows);
}

export async function createTeam(
  work: Work,
  ctx: RequestContext,
  input: z.output<typeof TeamCreate>,
): Promise<Team> {
  requireAdmin(ctx, 'create teams');
  const { tx } = work;
  if (await findTeam(tx, input.name))
    throw Invalid.field(CatalogErrors.duplicate, 'name', `team "${input.name}" already exists`);
  const { members, parent, ...fields } = input;
  const [row] = await tx
    .insert(teams)
    .values({ ...fields, parentId: (await checkParent(tx, parent)) ?? null })
    .returning();
  if (members) await setMembers(tx, row!.id, members);
  const team = (await present(tx, [row!]))[0]!;
  await recordChange(tx, ctx, {
    entityType: 'team',
    entityId: team.id,
    entityRef: `group:${team.name}`,
    action: 'create',
    after: strip(team),
  });
  work.emit('team', `group:${team.name}`, 'create');
  return team;
}

function strip(team: Team): Record<string, unknown> {
  const { id: _id, ...rest } = team;
  return rest;
}

/** The advisory lock that serialises moves of teams in the tree (see lockScope). */
const TEAM_TREE = 'catalog.team-tree';

/**
 * Components keep their owner team's name (for filters without a join): a rename rewrites it
 * and records, per component, that its owner changed, as an edit of the component would.
 * Imports call this too.
 */
export async function renameOwner(
  tx: Db,
  ctx: RequestContext,
  teamId: string,
  from: string,
  to: string,
  reason = `team ${from} renamed to ${to}`,
): Promise<number> {
  const owned = await tx
    .update(components)
    .set({ owner: to })
    .where(eq(components.ownerTeamId, teamId))
    .returning({ id: components.id, namespace: components.namespace, name: components.name });
  await recordChanges(
    tx,
    ctx,
    owned.map((c) => ({
      entityType: 'component',
      entityId: c.id,
      entityRef: `component:${c.namespace}/${c.name}`,
      action: 'update' as const,
      before: { owner: from },
      after: { owner: to },
      reason,
    })),
  );
  return owned.length;
}

/** Admins, and members of the team or of a team above it, may edit a team (see teamRights). */
async function requireTeamEditor(db: Db, ctx: RequestContext, teamId: string): Promise<void> {
  const actor = requireActor(ctx);
  if (!(await teamRights(db, actor, teamId)).edit) {
    throw new Forbidden(CatalogErrors.forbidden, 'only team members and admins may edit a team');
  }
}

export async function updateTeam(
  work: Work,
  ctx: RequestContext,
  name: string,
  patch: z.output<typeof TeamPatch>,
): Promise<Team> {
  const { tx } = work;
  // Moves are checked against the whole tree: one at a time, or two could close a loop.
  if (patch.parent !== undefined) await lockScope(tx, TEAM_TREE);
  const row = await findTeam(tx, name, 'update');
  if (!row) throw new NotFound(CatalogErrors.notFound, `no team "${name}"`);
  await requireTeamEditor(tx, ctx, row.id);
  if (patch.parent !== undefined && !(await teamRights(tx, ctx.actor, row.id)).move)
    throw new Forbidden(CatalogErrors.forbidden, 'only admins may move a team');
  const before = (await present(tx, [row]))[0]!;
  if (
    patch.name &&
    patch.name.toLowerCase() !== row.name.toLowerCase() &&
    (await findTeam(tx, patch.name))
  ) {
    throw Invalid.field(CatalogErrors.duplicate, 'name', `team "${patch.name}" already exists`);
  }
  const { members, parent, ...fields } = patch;
  const parentId = await checkParent(tx, parent, row.id);
  const values = { ...fields, ...(parentId !== undefined ? { parentId } : {}) };
  if (Object.keys(values).length > 0)
    await tx.update(teams).set(values).where(eq(teams.id, row.id));
  if (patch.name && patch.name !== row.name)
    await renameOwner(tx, ctx, row.id, row.name, patch.name);
  if (members) await setMembers(tx, row.id, members);
  const team = await getTeam(tx, patch.name ?? row.name);
  await recordChange(tx, ctx, {
    entityType: 'team',
    entityId: team.id,
    entityRef: `group:${team.name}`,
    action: 'update',
    before: strip(before),
    after: strip(team),
  });
  work.emit('team', `group:${team.name}`, 'update');
  return team;
}

export async function deleteTeam(work: Work, ctx: RequestContext, name: string): Promise<void> {
  requireAdmin(ctx, 'delete teams');
  const { tx } = work;
  // Sub-teams move up: the tree changes, as with a move.
  await lockScope(tx, TEAM_TREE);
  const row = await findTeam(tx, name, 'update');
  if (!row) throw new NotFound(CatalogErrors.notFound, `no team "${name}"`);
  const before = (await present(tx, [row]))[0]!;
  // Sub-teams move up to this team's parent; owned components become unowned (and say so in history).
  await tx.update(teams).set({ parentId: row.parentId }).where(eq(teams.parentId, row.id));
  const owned = await tx
    .update(components)
    .set({ owner: null, ownerTeamId: null })
    .where(eq(components.ownerTeamId, row.id))
    .returning({ id: components.id, namespace: components.namespace, name: components.name });
  for (const c of owned) {
    await recordChange(tx, ctx, {
      entityType: 'component',
      entityId: c.id,
      entityRef: `component:${c.namespace}/${c.name}`,
      action: 'update',
      before: { owner: row.name },
      after: { owner: null },
      reason: `team ${row.name} deleted`,
    });
  }
  await tx.delete(teams).where(eq(teams.id, row.id));
  await recordChange(tx, ctx, {
    entityType: 'team',
    entityId: row.id,
    entityRef: `group:${row.name}`,
    action: 'delete',
    before: strip(before),
  });
  work.emit('team', `group:${row.name}`, 'delete');
}
