import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { recordChange } from '../platform/audit/service.js';
import type { RequestContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { Invalid, NotFound } from '../platform/errors.js';
import { type RowLock, selectRows, type Work } from '../platform/unit-of-work.js';
import type { Component, ComponentCreate, ComponentPatch, ReferenceList } from './contract.js';
import { systemName } from './entities/refs.js';
import { requireEntity } from './entities/store.js';
import { CatalogErrors } from './errors.js';
import { ownerOfRow, ownerRef, resolveOwner } from './owners.js';
import { resolveReferenceValue } from './reference.js';
import { type ComponentRef, formatComponentRef, parseComponentRef } from './refs.js';
import { type Owner, requireActor, requireOwner } from './rights.js';
import { components, componentVersions } from './schema.js';
import { latestVersion } from './semver.js';

export type ComponentRow = typeof components.$inferSelect;

export async function findComponent(db: Db, ref: ComponentRef): Promise<ComponentRow | undefined> {
  const [row] = await selectRows(
    db,
    components,
    and(
      eq(sql`lower(${components.namespace})`, ref.namespace.toLowerCase()),
      eq(sql`lower(${components.name})`, ref.name.toLowerCase()),
    ),
  );
  return row;
}

/**
 * The component as it is now, locked until the write's transaction ends (see selectRows).
 * Every write of a component or of its parts (versions, deployments) takes this lock after
 * resolving the values it points at, so concurrent writes of one component follow each other
 * and each records the values it replaced.
 */
export async function lockComponent(
  tx: Db,
  row: ComponentRow,
  lock: RowLock = 'update',
): Promise<ComponentRow> {
  const [locked] = await selectRows(tx, components, eq(components.id, row.id), lock);
  if (!locked)
    throw new NotFound(CatalogErrors.notFound, `no component ${formatComponentRef(row)}`);
  return locked;
}

export async function requireComponent(
  db: Db,
  refText: string,
  field?: string,
): Promise<ComponentRow> {
  const ref = parseComponentRef(refText, field);
  const row = await findComponent(db, ref);
  if (!row) {
    if (field)
      throw Invalid.field(
        CatalogErrors.unknownReference,
        field,
        `no component ${formatComponentRef(ref)}`,
      );
    throw new NotFound(CatalogErrors.notFound, `no component ${formatComponentRef(ref)}`);
  }
  return row;
}

export async function presentComponents(db: Db, rows: ComponentRow[]): Promise<Component[]> {
  if (rows.length === 0) return [];
  const versions = await db
    .select({ componentId: componentVersions.componentId, version: componentVersions.version })
    .from(componentVersions)
    .where(
      inArray(
        componentVersions.componentId,
        rows.map((r) => r.id),
      ),
    );
  return rows.map((r) => ({
    id: r.id,
    ref: formatComponentRef(r),
    namespace: r.namespace,
    name: r.name,
    title: r.title,
    description: r.description,
    type: r.type,
    lifecycle: r.lifecycle as Component['lifecycle'],
    category: r.category,
    subcategory: r.subcategory,
    vendor: r.vendor,
    privacyClass: r.privacyClass,
    locationClasses: r.locationClasses,
    owner: r.owner,
    ownerRef: ownerRef(ownerOfRow(r)),
    system: r.system,
    space: r.space,
    tags: r.tags,
    labels: r.labels,
    annotations: r.annotations,
    links: r.links,
    endpoints: r.endpoints,
    attributes: r.attributes,
    highlyLoaded: r.highlyLoaded,
    languages: r.languages,
    frameworks: r.frameworks,
    latestVersion: latestVersion(
      versions.filter((v) => v.componentId === r.id).map((v) => v.version),
    ),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

/**
 * The audited view of a component: the fields a person edits, the owner as input names it (a
 * team's name, `user:<username>` for a person), so history tells a team from a person.
 */
export function auditableComponent(c: Component): Record<string, unknown> {
  const {
    id: _i,
    ref: _r,
    createdAt: _c,
    updatedAt: _u,
    latestVersion: _l,
    languages: _la,
    frameworks: _f,
    ownerRef: _o,
    ...fields
  } = c;
  return { ...fields, owner: c.ownerRef?.startsWith('user:') ? c.ownerRef : c.owner };
}

const REFERENCE_FIELDS: [keyof ComponentPatch & string, ReferenceList][] = [
  ['type', 'component_types'],
  ['category', 'categories'],
  ['subcategory', 'subcategories'],
  ['vendor', 'vendors'],
  ['privacyClass', 'privacy_classes'],
];

/**
 * Validates list values and the owner, returning the column values to write. The owner (a team
 * or a person) and the list values are locked FOR SHARE, so a rename cannot slip between this read and the write.
 */
async function resolveFields(db: Db, input: Partial<z.output<typeof ComponentPatch>>) {
  const out: Record<string, unknown> = { ...input };
  for (const [field, list] of REFERENCE_FIELDS) {
    const value = input[field];
    if (typeof value === 'string')
      out[field] = await resolveReferenceValue(db, list, value, field, 'share');
  }
  if (input.locationClasses) {
    out.locationClasses = await Promise.all(
      input.locationClasses.map((v, i) =>
        resolveReferenceValue(db, 'location_classes', v, `locationClasses[${i}]`, 'share'),
      ),
    );
  }
  if (input.tags) out.tags = [...new Set(input.tags)];
  // The system is an entity: a component names one that exists, as the system spells itself.
  if (typeof input.system === 'string')
    out.system =
      input.system.trim() === ''
        ? null
        : systemName(await requireEntity(db, 'system', input.system, 'system', 'share'));
  if (input.owner !== undefined) {
    const { ownerTeamId, ownerPersonId, name } = await resolveOwner(db, input.owner);
    Object.assign(out, { owner: name?.name ?? null, ownerTeamId, ownerPersonId });
  }
  return out;
}

/** The owner the resolved values give (no owner when they name none). */
function ownerOfValues(values: Record<string, unknown>): Owner {
  return {
    ownerTeamId: (values.ownerTeamId as string | null | undefined) ?? null,
    ownerPersonId: (values.ownerPersonId as string | null | undefined) ?? null,
  };
}

export async function createComponent(
  work: Work,
  ctx: RequestContext,
  input: z.output<typeof ComponentCreate>,
): Promise<Component> {
  const actor = requireActor(ctx);
  const { tx } = work;
  const ref = { namespace: input.namespace, name: input.name };
  if (await findComponent(tx, ref)) {
    throw Invalid.field(
      CatalogErrors.duplicate,
      'name',
      `${formatComponentRef(ref)} already exists (names are unique per namespace, ignoring case)`,
    );
  }
  const values = await resolveFields(tx, input);
  // A member may only create components owned by a team they belong to or by themselves:
  // otherwise they could not edit what they created, and could plant components on others.
  if (!actor.isAdmin) {
    await requireOwner(
      tx,
      ctx,
      ownerOfValues(values),
      `create a component for that owner (set owner to your team or to user:${actor.username})`,
    );
  }
  const [row] = await tx
    .insert(components)
    .values(values as typeof components.$inferInsert)
    .returning();
  const component = (await presentComponents(tx, [row!]))[0]!;
  await recordChange(tx, ctx, {
    entityType: 'component',
    entityId: component.id,
    entityRef: component.ref,
    action: 'create',
    after: auditableComponent(component),
  });
  work.emit('component', component.ref, 'create');
  return component;
}

export async function updateComponent(
  work: Work,
  ctx: RequestContext,
  refText: string,
  patch: z.output<typeof ComponentPatch>,
): Promise<Component> {
  const { tx } = work;
  const found = await requireComponent(tx, refText);
  await requireOwner(tx, ctx, found, `edit ${formatComponentRef(found)}`);
  const values = await resolveFields(tx, patch);
  // Values pointed at are locked first, the component last: one order for every write, no deadlock.
  const row = await lockComponent(tx, found);
  if (row.ownerTeamId !== found.ownerTeamId || row.ownerPersonId !== found.ownerPersonId)
    await requireOwner(tx, ctx, row, `edit ${formatComponentRef(row)}`);
  const before = (await presentComponents(tx, [row]))[0]!;
  if (
    patch.name &&
    patch.name.toLowerCase() !== row.name.toLowerCase() &&
    (await findComponent(tx, { namespace: row.namespace, name: patch.name }))
  ) {
    throw Invalid.field(
      CatalogErrors.duplicate,
      'name',
      `component:${row.namespace}/${patch.name} already exists`,
    );
  }
  if (!ctx.actor!.isAdmin && patch.owner !== undefined) {
    // Handing a component to a team you are not in, or to another person, is allowed only to
    // admins: it would lock you out.
    await requireOwner(
      tx,
      ctx,
      ownerOfValues(values),
      'give a component to a team you are not in or to another person',
    );
  }
  const [updated] = await tx
    .update(components)
    .set({ ...(values as Partial<typeof components.$inferInsert>), updatedAt: new Date() })
    .where(eq(components.id, row.id))
    .returning();
  const component = (await presentComponents(tx, [updated!]))[0]!;
  await recordChange(tx, ctx, {
    entityType: 'component',
    entityId: component.id,
    entityRef: component.ref,
    action: 'update',
    before: auditableComponent(before),
    after: auditableComponent(component),
  });
  work.emit('component', component.ref, 'update');
  return component;
}

export async function deleteComponent(
  work: Work,
  ctx: RequestContext,
  refText: string,
): Promise<void> {
  const { tx } = work;
  const row = await lockComponent(tx, await requireComponent(tx, refText));
  await requireOwner(tx, ctx, row, `delete ${formatComponentRef(row)}`);
  const before = (await presentComponents(tx, [row]))[0]!;
  await tx.delete(components).where(eq(components.id, row.id));
  await recordChange(tx, ctx, {
    entityType: 'component',
    entityId: row.id,
    entityRef: before.ref,
    action: 'delete',
    before: auditableComponent(before),
  });
  work.emit('component', before.ref, 'delete');
}
