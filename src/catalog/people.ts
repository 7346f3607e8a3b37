import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { recordChange, recordChanges } from '../platform/audit/service.js';
import { AuthErrors } from '../platform/auth/errors.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { people } from '../platform/auth/schema.js';
import {
  type Authenticator,
  endSessionsOf,
  isCurrentPassword,
  revokeApiTokensOf,
} from '../platform/auth/service.js';
import type { RequestContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../platform/errors.js';
import { lockScope, type RowLock, selectRows, type Work } from '../platform/unit-of-work.js';
import type {
  PasswordChange,
  PasswordChanged,
  Person,
  PersonCreate,
  PersonPatch,
} from './contract.js';
import { CatalogErrors } from './errors.js';
import { requireActor, requireAdmin } from './rights.js';
import { components, teamMembers, teams } from './schema.js';

type Row = typeof people.$inferSelect;

export async function findPerson(
  db: Db,
  username: string,
  lock?: RowLock,
): Promise<Row | undefined> {
  const [row] = await selectRows(
    db,
    people,
    eq(sql`lower(${people.username})`, username.toLowerCase()),
    lock,
  );
  return row;
}

export async function requirePerson(
  db: Db,
  username: string,
  field = 'username',
  lock?: RowLock,
): Promise<Row> {
  const row = await findPerson(db, username, lock);
  if (!row) throw Invalid.field(CatalogErrors.unknownReference, field, `no person "${username}"`);
  return row;
}

/** Resolves usernames to ids in one query; unknown names are an error naming the field. */
export async function resolvePeople(
  db: Db,
  usernames: string[],
  field: string,
): Promise<Map<string, string>> {
  if (usernames.length === 0) return new Map();
  const lowered = [...new Set(usernames.map((u) => u.toLowerCase()))];
  const rows = await db
    .select({ id: people.id, username: people.username })
    .from(people)
    .where(inArray(sql`lower(${people.username})`, lowered));
  const byName = new Map(rows.map((r) => [r.username.toLowerCase(), r.id]));
  const missing = lowered.filter((u) => !byName.has(u));
  if (missing.length > 0)
    throw Invalid.field(
      CatalogErrors.unknownReference,
      field,
      `no person "${missing.join('", "')}"`,
    );
  return byName;
}

async function present(db: Db, rows: Row[]): Promise<Person[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const memberships = await db
    .select({ personId: teamMembers.personId, team: teams.name })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(inArray(teamMembers.personId, ids));
  const managerIds = [
    ...new Set(rows.map((r) => r.managerId).filter((m): m is string => m !== null)),
  ];
  const managers = managerIds.length
    ? await db
        .select({ id: people.id, username: people.username })
        .from(people)
        .where(inArray(people.id, managerIds))
    : [];
  const managerName = new Map(managers.map((m) => [m.id, m.username]));
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    name: r.name,
    email: r.email,
    title: r.title,
    organization: r.organization,
    department: r.department,
    manager: r.managerId ? (managerName.get(r.managerId) ?? null) : null,
    officePhone: r.officePhone,
    mobilePhone: r.mobilePhone,
    employeeNumber: r.employeeNumber,
    photo: r.photo,
    hidden: r.hidden,
    role: r.role,
    directoryDn: r.directoryDn,
    teams: memberships
      .filter((m) => m.personId === r.id)
      .map((m) => m.team)
      .sort(),
  }));
}

export async function listPeople(
  db: Db,
  options: { q?: string; limit: number; includeHidden: boolean },
): Promise<Person[]> {
  const pattern = options.q ? `%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await db
    .select()
    .from(people)
    .where(
      sql`${options.includeHidden ? sql`true` : sql`${people.hidden} = false`}
        AND ${pattern === null ? sql`true` : sql`(${people.username} ILIKE ${pattern} OR ${people.name} ILIKE ${pattern} OR ${people.email} ILIKE ${pattern})`}`,
    )
    .orderBy(asc(people.username))
    .limit(options.limit);
  return present(db, rows);
}

export async function getPerson(db: Db, username: string): Promise<Person> {
  const row = await findPerson(db, username);
  if (!row) throw new NotFound(CatalogErrors.notFound, `no person "${username}"`);
  return (await present(db, [row]))[0]!;
}

function auditable(p: Person): Record<string, unknown> {
  const { id: _id, teams: _teams, photo, ...rest } = p;
  // A photo is large and binary-ish: history records that it changed, not its bytes.
  return { ...rest, photo: photo ? `${photo.length} bytes` : '' };
}

async function checkManager(
  db: Db,
  manager: string | null | undefined,
  selfId?: string,
): Promise<string | null | undefined> {
  if (manager === undefined) return undefined;
  if (manager === null || manager === '') return null;
  const row = await requirePerson(db, manager, 'manager', 'share');
  if (selfId && row.id === selfId)
    throw Invalid.field(CatalogErrors.cycle, 'manager', 'a person cannot be their own manager');
  return row.id;
}

export async function createPerson(
  work: Work,
  ctx: RequestContext,
  input: z.output<typeof PersonCreate>,
): Promise<Person> {
  requireAdmin(ctx, 'add people');
  const { tx } = work;
  if (await findPerson(tx, input.username))
    throw Invalid.field(CatalogErrors.duplicate, 'username', `"${input.username}" already exists`);
  const { password, manager, ...fields } = input;
  const [row] = await tx
    .insert(people)
    .values({
      ...fields,
      managerId: (await checkManager(tx, manager)) ?? null,
      passwordHash: password ? await hashPassword(password) : null,
    })
    .returning();
  const person = (await present(tx, [row!]))[0]!;
  await recordChange(tx, ctx, {
    entityType: 'person',
    entityId: person.id,
    entityRef: `person:${person.username}`,
    action: 'create',
    after: auditable(person),
  });
  work.emit('person', `person:${person.username}`, 'create');
  return person;
}

export async function updatePerson(
  work: Work,
  ctx: RequestContext,
  username: string,
  patch: z.output<typeof PersonPatch>,
): Promise<Person> {
  const actor = requireActor(ctx);
  const { tx } = work;
  const row = await findPerson(tx, username, 'update');
  if (!row) throw new NotFound(CatalogErrors.notFound, `no person "${username}"`);
  const self = row.id === actor.id;
  if (!actor.isAdmin && !self)
    throw new Forbidden(CatalogErrors.forbidden, 'only admins may edit other people');
  if (!actor.isAdmin && (patch.role !== undefined || patch.hidden !== undefined)) {
    throw new Forbidden(CatalogErrors.forbidden, 'only admins may change role or hidden');
  }
  if (self && patch.role === 'member' && row.role === 'admin') await assertAnotherAdmin(tx, row.id);
  const before = (await present(tx, [row]))[0]!;
  const { password: _password, manager, ...fields } = patch;
  const managerId = await checkManager(tx, manager, row.id);
  const [updated] = await tx
    .update(people)
    .set({
      ...fields,
      ...(managerId !== undefined ? { managerId } : {}),
      updatedAt: new Date(),
    })
    .where(eq(people.id, row.id))
    .returning();
  const person = (await present(tx, [updated!]))[0]!;
  await recordChange(tx, ctx, {
    entityType: 'person',
    entityId: person.id,
    entityRef: `person:${person.username}`,
    action: 'update',
    before: auditable(before),
    after: auditable(person),
  });
  work.emit('person', `person:${person.username}`, 'update');
  return person;
}

/**
 * Sets a person's password and ends the sessions a stolen password could have opened. Changing
 * your own needs your current password and keeps the session you are using; anyone else's is an
 * admin reset and ends all of that person's sessions. API tokens go too unless the caller keeps
 * them. `authenticators` check the current password the way logging in would.
 */
export async function changePassword(
  work: Work,
  ctx: RequestContext,
  username: string,
  input: z.output<typeof PasswordChange>,
  authenticators: readonly Authenticator[],
): Promise<PasswordChanged> {
  const actor = requireActor(ctx);
  const { tx } = work;
  const row = await findPerson(tx, username);
  if (!row) throw new NotFound(CatalogErrors.notFound, `no person "${username}"`);
  const self = row.id === actor.id;
  if (!actor.isAdmin && !self)
    throw new Forbidden(CatalogErrors.forbidden, "only admins may change other people's passwords");
  if (self) {
    if (!input.currentPassword)
      throw Invalid.field(
        AuthErrors.currentPassword,
        'currentPassword',
        'required to change your own password',
      );
    if (!(await isCurrentPassword(tx, authenticators, row, input.currentPassword)))
      throw Invalid.field(
        AuthErrors.currentPassword,
        'currentPassword',
        'not your current password',
      );
  }
  await tx
    .update(people)
    .set({
      passwordHash: await hashPassword(input.newPassword),
      mustChangePassword: false,
      updatedAt: new Date(),
    })
    .where(eq(people.id, row.id));
  const sessionsEnded = await endSessionsOf(tx, row.id, self ? ctx.session : undefined);
  const apiTokensRevoked = input.revokeApiTokens ? await revokeApiTokensOf(tx, row.id) : 0;
  // History says that the password changed, never any form of it.
  await recordChange(tx, ctx, {
    entityType: 'person',
    entityId: row.id,
    entityRef: `person:${row.username}`,
    action: 'update',
    before: { password: '' },
    after: { password: 'changed' },
  });
  work.emit('person', `person:${row.username}`, 'update');
  return { sessionsEnded, apiTokensRevoked };
}

/**
 * Components keep their owner person's username beside the id (for filters and facets without
 * a join): when the username changes it is rewritten, when the person goes the components are
 * left without an owner (`to` null). Each component records the change, as an edit of it would,
 * in the caller's transaction, and is announced so lists and the facet index follow.
 */
export async function reassignPersonOwner(
  work: Work,
  ctx: RequestContext,
  personId: string,
  from: string,
  to: string | null,
  reason: string,
): Promise<number> {
  const owned = await work.tx
    .update(components)
    .set(to === null ? { owner: null, ownerPersonId: null } : { owner: to })
    .where(eq(components.ownerPersonId, personId))
    .returning({ id: components.id, namespace: components.namespace, name: components.name });
  const refs = owned.map((c) => `component:${c.namespace}/${c.name}`);
  await recordChanges(
    work.tx,
    ctx,
    owned.map((c, i) => ({
      entityType: 'component',
      entityId: c.id,
      entityRef: refs[i]!,
      action: 'update' as const,
      before: { owner: `user:${from}` },
      after: { owner: to === null ? null : `user:${to}` },
      reason,
    })),
  );
  for (const ref of refs) work.emit('component', ref, 'update');
  return owned.length;
}

async function assertAnotherAdmin(db: Db, exceptId: string): Promise<void> {
  // Two admins demoting or removing each other at once must not both see the other one left.
  await lockScope(db, 'catalog.admins');
  const admins = await db.select({ id: people.id }).from(people).where(eq(people.role, 'admin'));
  if (admins.filter((a) => a.id !== exceptId).length === 0) {
    throw new Conflict(CatalogErrors.inUse, 'Argus needs at least one admin');
  }
}

export async function deletePerson(
  work: Work,
  ctx: RequestContext,
  username: string,
): Promise<void> {
  requireAdmin(ctx, 'remove people');
  const { tx } = work;
  const row = await findPerson(tx, username, 'update');
  if (!row) throw new NotFound(CatalogErrors.notFound, `no person "${username}"`);
  if (row.role === 'admin') await assertAnotherAdmin(tx, row.id);
  const before = (await present(tx, [row]))[0]!;
  await tx.update(people).set({ managerId: null }).where(eq(people.managerId, row.id));
  await reassignPersonOwner(work, ctx, row.id, row.username, null, `${row.username} removed`);
  await tx.delete(people).where(eq(people.id, row.id));
  await recordChange(tx, ctx, {
    entityType: 'person',
    entityId: row.id,
    entityRef: `person:${row.username}`,
    action: 'delete',
    before: auditable(before),
  });
  work.emit('person', `person:${row.username}`, 'delete');
}
