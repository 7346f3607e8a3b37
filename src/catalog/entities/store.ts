import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { recordChange, recordChanges } from '../../platform/audit/service.js';
import { people } from '../../platform/auth/schema.js';
import type { RequestContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { Conflict, Invalid, NotFound } from '../../platform/errors.js';
import { type RowLock, selectRows, type Work } from '../../platform/unit-of-work.js';
import type { Lifecycle } from '../contract.js';
import { CatalogErrors } from '../errors.js';
import { resolveOwner as resolveOwnerName } from '../owners.js';
import { requireActor } from '../rights.js';
import { catalogEntities, components, teams } from '../schema.js';
import { type Entity, type EntityInput, type EntityKind, KIND_TITLES } from './contract.js';
import { type EntityRef, formatEntityRef, parseEntityRef, systemName } from './refs.js';
import { requireEntityOwner } from './rights.js';

export type EntityRow = typeof catalogEntities.$inferSelect;

export async function findEntity(
  db: Db,
  ref: EntityRef,
  lock?: RowLock,
): Promise<EntityRow | undefined> {
  const [row] = await selectRows(
    db,
    catalogEntities,
    and(
      eq(catalogEntities.kind, ref.kind),
      eq(sql`lower(${catalogEntities.namespace})`, ref.namespace.toLowerCase()),
      eq(sql`lower(${catalogEntities.name})`, ref.name.toLowerCase()),
    ),
    lock,
  );
  return row;
}

/**
 * The entity a ref names. With `field` the ref is input pointing at it (an unknown one is 400
 * naming that field); without, it is the subject of the request (404).
 */
export async function requireEntity(
  db: Db,
  kind: EntityKind,
  refText: string,
  field?: string,
  lock?: RowLock,
): Promise<EntityRow> {
  const ref = parseEntityRef(refText, kind, field);
  const row = await findEntity(db, ref, lock);
  if (row) return row;
  const what = `no ${KIND_TITLES[kind].one} ${formatEntityRef(ref)}`;
  if (field) throw Invalid.field(CatalogErrors.unknownReference, field, what);
  throw new NotFound(CatalogErrors.notFound, what);
}

export async function presentEntities(db: Db, rows: EntityRow[]): Promise<Entity[]> {
  if (rows.length === 0) return [];
  const ids = (pick: (r: EntityRow) => string | null) => [
    ...new Set(rows.map(pick).filter((id): id is string => id !== null)),
  ];
  const teamIds = ids((r) => r.ownerTeamId);
  const personIds = ids((r) => r.ownerPersonId);
  const parentIds = [...ids((r) => r.systemId), ...ids((r) => r.domainId)];
  const [teamRows, personRows, parentRows] = await Promise.all([
    teamIds.length
      ? db.select({ id: teams.id, name: teams.name }).from(teams).where(inArray(teams.id, teamIds))
      : [],
    personIds.length
      ? db
          .select({ id: people.id, name: people.username })
          .from(people)
          .where(inArray(people.id, personIds))
      : [],
    parentIds.length
      ? db
          .select({
            id: catalogEntities.id,
            kind: catalogEntities.kind,
            namespace: catalogEntities.namespace,
            name: catalogEntities.name,
          })
          .from(catalogEntities)
          .where(inArray(catalogEntities.id, parentIds))
      : [],
  ]);
  const teamName = new Map(teamRows.map((t) => [t.id, t.name]));
  const personName = new Map(personRows.map((p) => [p.id, p.name]));
  const parentRef = new Map(parentRows.map((p) => [p.id, formatEntityRef(p)]));
  return rows.map((r) => {
    const team = r.ownerTeamId ? teamName.get(r.ownerTeamId) : undefined;
    const person = r.ownerPersonId ? personName.get(r.ownerPersonId) : undefined;
    return {
      id: r.id,
      kind: r.kind,
      ref: formatEntityRef(r),
      namespace: r.namespace,
      name: r.name,
      title: r.title,
      description: r.description,
      type: r.type,
      lifecycle: r.lifecycle as Lifecycle,
      owner: team ?? person ?? null,
      ownerRef: team ? `group:${team}` : person ? `user:${person}` : null,
      system: r.systemId ? (parentRef.get(r.systemId) ?? null) : null,
      domain: r.domainId ? (parentRef.get(r.domainId) ?? null) : null,
      definitionUrl: r.definitionUrl,
      hasDefinition: r.definition !== '',
      tags: r.tags,
      labels: r.labels,
      annotations: r.annotations,
      links: r.links,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  });
}

/** The audited view: the fields a person edits (the definition too: its changes are history). */
function auditable(entity: Entity, row: EntityRow): Record<string, unknown> {
  const {
    id: _i,
    ref: _r,
    kind: _k,
    createdAt: _c,
    updatedAt: _u,
    hasDefinition: _h,
    ownerRef: _o,
    ...fields
  } = entity;
  return { ...fields, owner: entity.ownerRef, definition: row.definition };
}

/**
 * The owner as written in input: `group:team`, `user:username`, or a bare name (a team, as
 * components are owned), resolved as for components (owners.ts).
 */
export async function resolveOwner(
  db: Db,
  text: string | null,
  field = 'owner',
): Promise<{ ownerTeamId: string | null; ownerPersonId: string | null }> {
  const { ownerTeamId, ownerPersonId } = await resolveOwnerName(db, text, field);
  return { ownerTeamId, ownerPersonId };
}

/** Column values for the input; owner, system and domain resolved (400 naming the field). */
async function resolveInput(db: Db, kind: EntityKind, input: EntityInput) {
  const out: Partial<typeof catalogEntities.$inferInsert> = {};
  for (const key of [
    'name',
    'namespace',
    'title',
    'description',
    'type',
    'lifecycle',
    'labels',
    'annotations',
    'links',
    'definition',
  ] as const) {
    if (input[key] !== undefined) (out as Record<string, unknown>)[key] = input[key];
  }
  if (input.tags) out.tags = [...new Set(input.tags)];
  if (input.definitionUrl !== undefined) out.definitionUrl = input.definitionUrl || null;
  if (input.owner !== undefined) Object.assign(out, await resolveOwner(db, input.owner));
  if (input.system !== undefined)
    out.systemId = input.system
      ? (await requireEntity(db, 'system', input.system, 'system', 'share')).id
      : null;
  if (input.domain !== undefined)
    out.domainId = input.domain
      ? (await requireEntity(db, 'domain', input.domain, 'domain', 'share')).id
      : null;
  if (kind !== 'api' && (input.definition || input.definitionUrl))
    throw Invalid.field(CatalogErrors.invalid, 'definition', 'only APIs have a definition');
  return out;
}

async function refuseDuplicate(db: Db, ref: EntityRef, except?: string): Promise<void> {
  const found = await findEntity(db, ref);
  if (found && found.id !== except) {
    throw Invalid.field(
      CatalogErrors.duplicate,
      'name',
      `${formatEntityRef(ref)} already exists (names are unique per kind and namespace, ignoring case)`,
    );
  }
}

export async function createEntity(
  work: Work,
  ctx: RequestContext,
  kind: EntityKind,
  input: EntityInput & { name: string; namespace: string },
): Promise<Entity> {
  const actor = requireActor(ctx);
  const { tx } = work;
  await refuseDuplicate(tx, { kind, namespace: input.namespace, name: input.name });
  const values = await resolveInput(tx, kind, input);
  // A member creates only what they may then edit: owned by their team or by themselves.
  if (!actor.isAdmin)
    await requireEntityOwner(
      tx,
      ctx,
      { ownerTeamId: values.ownerTeamId ?? null, ownerPersonId: values.ownerPersonId ?? null },
      `create a ${KIND_TITLES[kind].one} for that owner (set owner to your team or to user:${actor.username})`,
    );
  const [row] = await tx
    .insert(catalogEntities)
    .values({ ...values, kind, name: input.name, namespace: input.namespace })
    .returning();
  const [entity] = await presentEntities(tx, [row!]);
  await recordChange(tx, ctx, {
    entityType: kind,
    entityId: row!.id,
    entityRef: entity!.ref,
    action: 'create',
    after: auditable(entity!, row!),
  });
  work.emit(kind, entity!.ref, 'create');
  return entity!;
}

export async function updateEntity(
  work: Work,
  ctx: RequestContext,
  kind: EntityKind,
  refText: string,
  patch: EntityInput,
): Promise<Entity> {
  const { tx } = work;
  const found = await requireEntity(tx, kind, refText);
  await requireEntityOwner(tx, ctx, found, `edit ${formatEntityRef(found)}`);
  const values = await resolveInput(tx, kind, patch);
  // Values pointed at are locked first, the entity last, as component writes do.
  const [row] = await selectRows(tx, catalogEntities, eq(catalogEntities.id, found.id), 'update');
  if (!row) throw new NotFound(CatalogErrors.notFound, `no ${formatEntityRef(found)}`);
  await requireEntityOwner(tx, ctx, row, `edit ${formatEntityRef(row)}`);
  if (patch.owner !== undefined && !ctx.actor!.isAdmin)
    // Handing it to someone else would lock you out: only admins may.
    await requireEntityOwner(
      tx,
      ctx,
      { ownerTeamId: values.ownerTeamId ?? null, ownerPersonId: values.ownerPersonId ?? null },
      'give it to a team you are not in or to another person',
    );
  if (patch.name && patch.name.toLowerCase() !== row.name.toLowerCase())
    await refuseDuplicate(tx, { kind, namespace: row.namespace, name: patch.name }, row.id);
  const [before] = await presentEntities(tx, [row]);
  const [updated] = await tx
    .update(catalogEntities)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(catalogEntities.id, row.id))
    .returning();
  const [entity] = await presentEntities(tx, [updated!]);
  await recordChange(tx, ctx, {
    entityType: kind,
    entityId: row.id,
    entityRef: entity!.ref,
    action: 'update',
    before: auditable(before!, row),
    after: auditable(entity!, updated!),
  });
  if (kind === 'system' && before!.ref !== entity!.ref)
    await renameSystemOfComponents(work, ctx, systemName(row), systemName(updated!));
  work.emit(kind, entity!.ref, 'update');
  return entity!;
}

/** Components name their system by text: a renamed system is renamed on them, with history. */
async function renameSystemOfComponents(
  work: Work,
  ctx: RequestContext,
  from: string,
  to: string,
): Promise<void> {
  const renamed = await work.tx
    .update(components)
    .set({ system: to })
    .where(eq(sql`lower(${components.system})`, from.toLowerCase()))
    .returning({ id: components.id, namespace: components.namespace, name: components.name });
  await recordChanges(
    work.tx,
    ctx,
    renamed.map((c) => ({
      entityType: 'component',
      entityId: c.id,
      entityRef: `component:${c.namespace}/${c.name}`,
      action: 'update' as const,
      before: { system: from },
      after: { system: to },
      reason: `system ${from} renamed to ${to}`,
    })),
  );
  for (const c of renamed) work.emit('component', `component:${c.namespace}/${c.name}`, 'update');
}

/** What still names the entity, so deleting it would leave dangling references. */
async function usersOf(db: Db, row: EntityRow): Promise<string[]> {
  const named: string[] = [];
  const children = await db
    .select({
      kind: catalogEntities.kind,
      namespace: catalogEntities.namespace,
      name: catalogEntities.name,
    })
    .from(catalogEntities)
    .where(or(eq(catalogEntities.systemId, row.id), eq(catalogEntities.domainId, row.id)))
    .limit(5);
  named.push(...children.map(formatEntityRef));
  if (row.kind === 'system') {
    const comps = await db
      .select({ namespace: components.namespace, name: components.name })
      .from(components)
      .where(eq(sql`lower(${components.system})`, systemName(row).toLowerCase()))
      .limit(5);
    named.push(...comps.map((c) => `component:${c.namespace}/${c.name}`));
  }
  return named;
}

export async function deleteEntity(
  work: Work,
  ctx: RequestContext,
  kind: EntityKind,
  refText: string,
): Promise<void> {
  const { tx } = work;
  const row = await requireEntity(tx, kind, refText, undefined, 'update');
  await requireEntityOwner(tx, ctx, row, `delete ${formatEntityRef(row)}`);
  const users = await usersOf(tx, row);
  if (users.length > 0)
    throw new Conflict(
      CatalogErrors.inUse,
      `${formatEntityRef(row)} is still named by ${users.join(', ')}${users.length === 5 ? ' and others' : ''}: move them first`,
    );
  const [before] = await presentEntities(tx, [row]);
  await tx.delete(catalogEntities).where(eq(catalogEntities.id, row.id));
  await recordChange(tx, ctx, {
    entityType: kind,
    entityId: row.id,
    entityRef: before!.ref,
    action: 'delete',
    before: auditable(before!, row),
  });
  work.emit(kind, before!.ref, 'delete');
}
