import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { recordChange } from '../platform/audit/service.js';
import { people } from '../platform/auth/schema.js';
import type { RequestContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { Forbidden, Invalid, NotFound } from '../platform/errors.js';
import type { Work } from '../platform/unit-of-work.js';
import { type ComponentRow, lockComponent, requireComponent } from './components.js';
import {
  type DeploymentCreate,
  type ReferenceList,
  VERSION_ROLES,
  type Version,
  type VersionCreate,
  type VersionPatch,
  type VersionRole,
} from './contract.js';
import { CatalogErrors } from './errors.js';
import { resolvePeople } from './people.js';
import { resolveReferenceValue } from './reference.js';
import { formatComponentRef } from './refs.js';
import { fieldsOfRoles, isOwnerMember, requireActor, requireOwner, rolesOn } from './rights.js';
import { components, componentVersions, deployments, versionRoles } from './schema.js';
import { compareVersions } from './semver.js';

type VersionRow = typeof componentVersions.$inferSelect;

const FACT_LISTS: [keyof VersionPatch & string, ReferenceList][] = [
  ['languages', 'languages'],
  ['frameworks', 'frameworks'],
  ['databases', 'databases'],
  ['orms', 'orms'],
  ['loggers', 'loggers'],
  ['runtimes', 'runtimes'],
];

/** All versions of a component, highest first, with people by role and deployments. */
export async function listVersions(db: Db, componentId: string): Promise<Version[]> {
  const rows = await db
    .select()
    .from(componentVersions)
    .where(eq(componentVersions.componentId, componentId));
  const versions = await presentVersions(db, rows);
  return versions.sort((a, b) => compareVersions(b.version, a.version));
}

async function presentVersions(db: Db, rows: VersionRow[]): Promise<Version[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const roles = await db
    .select({
      versionId: versionRoles.versionId,
      role: versionRoles.role,
      username: people.username,
    })
    .from(versionRoles)
    .innerJoin(people, eq(people.id, versionRoles.personId))
    .where(inArray(versionRoles.versionId, ids));
  const deploys = await db.select().from(deployments).where(inArray(deployments.versionId, ids));
  return rows.map((r) => {
    const byRole: Partial<Record<VersionRole, string[]>> = {};
    for (const role of roles.filter((x) => x.versionId === r.id)) {
      const key = role.role as VersionRole;
      byRole[key] = [...(byRole[key] ?? []), role.username].sort();
    }
    return {
      id: r.id,
      version: r.version,
      releaseNotes: r.releaseNotes,
      languages: r.languages,
      frameworks: r.frameworks,
      databases: r.databases,
      orms: r.orms,
      loggers: r.loggers,
      runtimes: r.runtimes,
      kloc: r.kloc,
      devLinks: r.devLinks,
      qa: r.qa as Version['qa'],
      people: byRole,
      createdAt: r.createdAt.toISOString(),
      deployments: deploys.filter((d) => d.versionId === r.id).map(({ versionId: _v, ...d }) => d),
    };
  });
}

async function findVersion(db: Db, component: ComponentRow, version: string): Promise<VersionRow> {
  const [row] = await db
    .select()
    .from(componentVersions)
    .where(
      and(eq(componentVersions.componentId, component.id), eq(componentVersions.version, version)),
    );
  if (!row)
    throw new NotFound(
      CatalogErrors.notFound,
      `${formatComponentRef(component)} has no version "${version}"`,
    );
  return row;
}

async function resolveFacts(db: Db, input: VersionPatch): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { ...input };
  delete out.people;
  for (const [field, list] of FACT_LISTS) {
    const values = input[field] as string[] | undefined;
    if (values)
      out[field] = await Promise.all(
        values.map((v, i) => resolveReferenceValue(db, list, v, `${field}[${i}]`, 'share')),
      );
  }
  return out;
}

async function setRoles(
  db: Db,
  versionId: string,
  peopleByRole: VersionPatch['people'],
): Promise<void> {
  if (!peopleByRole) return;
  for (const role of VERSION_ROLES) {
    const usernames = peopleByRole[role];
    if (usernames === undefined) continue;
    const ids = await resolvePeople(db, usernames, `people.${role}`);
    await db
      .delete(versionRoles)
      .where(and(eq(versionRoles.versionId, versionId), eq(versionRoles.role, role)));
    const rows = [...new Set(ids.values())].map((personId) => ({ versionId, role, personId }));
    if (rows.length > 0) await db.insert(versionRoles).values(rows);
  }
}

/** Keeps the component's language and framework summary (used by filters and facets) current. */
async function refreshSummary(db: Db, componentId: string): Promise<void> {
  await db.execute(sql`
    UPDATE ${components} SET
      languages = coalesce((SELECT array_agg(DISTINCT l ORDER BY l) FROM ${componentVersions} v, unnest(v.languages) l WHERE v.component_id = ${componentId}), '{}'),
      frameworks = coalesce((SELECT array_agg(DISTINCT f ORDER BY f) FROM ${componentVersions} v, unnest(v.frameworks) f WHERE v.component_id = ${componentId}), '{}'),
      updated_at = now()
    WHERE id = ${componentId}`);
}

function auditable(v: Version): Record<string, unknown> {
  const { id: _i, createdAt: _c, deployments: _d, version: _v, ...rest } = v;
  return rest;
}

function versionRef(component: ComponentRow, version: string): string {
  return `${formatComponentRef(component)}@${version}`;
}

export async function createVersion(
  work: Work,
  ctx: RequestContext,
  componentRef: string,
  input: VersionCreate,
): Promise<Version> {
  const { tx } = work;
  const found = await requireComponent(tx, componentRef);
  await requireOwner(tx, ctx, found, `add versions to ${formatComponentRef(found)}`);
  const values = await resolveFacts(tx, input);
  // Locked after the values it points at, as every component write does (see lockComponent):
  // writes of one component's versions follow each other, and its summary counts them all.
  const component = await lockComponent(tx, found);
  const [existing] = await tx
    .select({ id: componentVersions.id })
    .from(componentVersions)
    .where(
      and(
        eq(componentVersions.componentId, component.id),
        eq(componentVersions.version, input.version),
      ),
    );
  if (existing)
    throw Invalid.field(
      CatalogErrors.duplicate,
      'version',
      `version "${input.version}" already exists`,
    );
  const [row] = await tx
    .insert(componentVersions)
    .values({
      ...(values as typeof componentVersions.$inferInsert),
      componentId: component.id,
      version: input.version,
    })
    .returning();
  await setRoles(tx, row!.id, input.people);
  await refreshSummary(tx, component.id);
  const version = (await presentVersions(tx, [row!]))[0]!;
  const ref = versionRef(component, version.version);
  await recordChange(tx, ctx, {
    entityType: 'version',
    entityId: version.id,
    entityRef: ref,
    action: 'create',
    after: auditable(version),
  });
  work.emit('component', formatComponentRef(component), 'update');
  return version;
}

/**
 * The owner and the owner team's members edit everything; role holders only their role's fields
 * (PRODUCT 1.2).
 */
async function requireVersionEditor(
  db: Db,
  ctx: RequestContext,
  component: ComponentRow,
  row: VersionRow,
  patch: VersionPatch,
): Promise<void> {
  const actor = requireActor(ctx);
  if (await isOwnerMember(db, actor, component)) return;
  const roles = await rolesOn(db, actor, [row.id]);
  const allowed = fieldsOfRoles(roles);
  const touched = Object.keys(patch).filter((k) => patch[k as keyof VersionPatch] !== undefined);
  const refused = touched.filter((k) => !allowed.has(k));
  if (refused.length > 0 || touched.length === 0) {
    throw new Forbidden(
      CatalogErrors.forbidden,
      allowed.size === 0
        ? `only the owner, members of the owner team or people with a role on this version may edit it`
        : `your role on this version lets you edit ${[...allowed].join(', ')}, not ${refused.join(', ')}`,
    );
  }
}

export async function updateVersion(
  work: Work,
  ctx: RequestContext,
  componentRef: string,
  versionName: string,
  patch: VersionPatch,
): Promise<Version> {
  const { tx } = work;
  const found = await requireComponent(tx, componentRef);
  const values = await resolveFacts(tx, patch);
  const component = await lockComponent(tx, found);
  const row = await findVersion(tx, component, versionName);
  await requireVersionEditor(tx, ctx, component, row, patch);
  const before = (await presentVersions(tx, [row]))[0]!;
  if (Object.keys(values).length > 0) {
    await tx
      .update(componentVersions)
      .set(values as Partial<typeof componentVersions.$inferInsert>)
      .where(eq(componentVersions.id, row.id));
  }
  await setRoles(tx, row.id, patch.people);
  await refreshSummary(tx, component.id);
  const [updated] = await tx
    .select()
    .from(componentVersions)
    .where(eq(componentVersions.id, row.id));
  const version = (await presentVersions(tx, [updated!]))[0]!;
  await recordChange(tx, ctx, {
    entityType: 'version',
    entityId: version.id,
    entityRef: versionRef(component, version.version),
    action: 'update',
    before: auditable(before),
    after: auditable(version),
  });
  work.emit('component', formatComponentRef(component), 'update');
  return version;
}

export async function deleteVersion(
  work: Work,
  ctx: RequestContext,
  componentRef: string,
  versionName: string,
): Promise<void> {
  const { tx } = work;
  const component = await lockComponent(tx, await requireComponent(tx, componentRef));
  await requireOwner(tx, ctx, component, `delete versions of ${formatComponentRef(component)}`);
  const row = await findVersion(tx, component, versionName);
  const before = (await presentVersions(tx, [row]))[0]!;
  await tx.delete(componentVersions).where(eq(componentVersions.id, row.id));
  await refreshSummary(tx, component.id);
  await recordChange(tx, ctx, {
    entityType: 'version',
    entityId: row.id,
    entityRef: versionRef(component, row.version),
    action: 'delete',
    before: auditable(before),
  });
  work.emit('component', formatComponentRef(component), 'update');
}

export async function addDeployment(
  work: Work,
  ctx: RequestContext,
  componentRef: string,
  versionName: string,
  input: z.output<typeof DeploymentCreate>,
): Promise<Version> {
  const { tx } = work;
  const found = await requireComponent(tx, componentRef);
  await requireOwner(tx, ctx, found, `record deployments of ${formatComponentRef(found)}`);
  const values = { ...input } as Record<string, unknown>;
  const lists: [keyof typeof input, ReferenceList][] = [
    ['environment', 'environments'],
    ['locationClass', 'location_classes'],
    ['productVersion', 'product_versions'],
    ['runtime', 'runtimes'],
  ];
  for (const [field, list] of lists) {
    const value = input[field];
    if (typeof value === 'string')
      values[field] = await resolveReferenceValue(tx, list, value, field, 'share');
  }
  const component = await lockComponent(tx, found);
  const row = await findVersion(tx, component, versionName);
  const [deployment] = await tx
    .insert(deployments)
    .values({ ...(values as typeof deployments.$inferInsert), versionId: row.id })
    .returning();
  const { id, versionId: _v, ...fields } = deployment!;
  await recordChange(tx, ctx, {
    entityType: 'deployment',
    entityId: id,
    entityRef: `${versionRef(component, row.version)}/deployment`,
    action: 'create',
    after: fields,
  });
  work.emit('component', formatComponentRef(component), 'update');
  return (await presentVersions(tx, [row]))[0]!;
}

export async function removeDeployment(
  work: Work,
  ctx: RequestContext,
  componentRef: string,
  deploymentId: string,
): Promise<void> {
  const { tx } = work;
  const component = await lockComponent(tx, await requireComponent(tx, componentRef));
  await requireOwner(tx, ctx, component, `change deployments of ${formatComponentRef(component)}`);
  const rows = await tx
    .select({ d: deployments, version: componentVersions.version })
    .from(deployments)
    .innerJoin(componentVersions, eq(componentVersions.id, deployments.versionId))
    .where(and(eq(deployments.id, deploymentId), eq(componentVersions.componentId, component.id)));
  const found = rows[0];
  if (!found)
    throw new NotFound(
      CatalogErrors.notFound,
      `no deployment ${deploymentId} on ${formatComponentRef(component)}`,
    );
  await tx.delete(deployments).where(eq(deployments.id, deploymentId));
  const { id, versionId: _v, ...fields } = found.d;
  await recordChange(tx, ctx, {
    entityType: 'deployment',
    entityId: id,
    entityRef: `${versionRef(component, found.version)}/deployment`,
    action: 'delete',
    before: fields,
  });
  work.emit('component', formatComponentRef(component), 'update');
}
