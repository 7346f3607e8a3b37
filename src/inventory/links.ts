import { and, asc, eq, sql } from 'drizzle-orm';
import { type ComponentRow, lockComponent } from '../catalog/components.js';
import { formatComponentRef } from '../catalog/refs.js';
import { requireOwner } from '../catalog/rights.js';
import { components } from '../catalog/schema.js';
import { recordChange } from '../platform/audit/service.js';
import type { RequestContext } from '../platform/context.js';
import { type Db, queryRows } from '../platform/db.js';
import { NotFound } from '../platform/errors.js';
import type { Work } from '../platform/unit-of-work.js';
import {
  COMPONENT_RESOURCES_LIMIT,
  type ComponentResources,
  type LinkedComponent,
} from './contract.js';
import { InventoryErrors } from './errors.js';
import { compileRule, loadRules } from './fields.js';
import { presentResource, type ResourceRow, resourceRef } from './records.js';
import { componentResourceRules, resourceComponentLinks, resources } from './schema.js';

/**
 * Resources belong to components by an explicit link or by the component's rule (a DSL filter).
 * Both are the component's: its owners (and admins) edit them, as they edit the component.
 */

type Via = 'link' | 'rule';

export function requireComponentEditor(db: Db, ctx: RequestContext, component: ComponentRow) {
  return requireOwner(db, ctx, component, 'change which resources a component runs on');
}

/** `component:ns/name->resource:site/id`: a link in history, found under the component's ref. */
function linkRef(component: ComponentRow, resource: ResourceRow): string {
  return `${formatComponentRef(component)}->${resourceRef(resource)}`;
}

export async function addLink(
  work: Work,
  ctx: RequestContext,
  resource: ResourceRow,
  component: ComponentRow,
): Promise<void> {
  await lockComponent(work.tx, component, 'share');
  const inserted = await work.tx
    .insert(resourceComponentLinks)
    .values({ resourceId: resource.id, componentId: component.id, createdBy: actorId(ctx) })
    .onConflictDoNothing()
    .returning();
  // Linking twice is no change and no event.
  if (inserted.length === 0) return;
  await recordChange(work.tx, ctx, {
    entityType: 'resource_link',
    entityId: resource.id,
    entityRef: linkRef(component, resource),
    action: 'create',
    after: { component: formatComponentRef(component), resource: resourceRef(resource) },
  });
  work.emit('resource', resourceRef(resource), 'update');
  work.emit('component', formatComponentRef(component), 'update');
}

export async function removeLink(
  work: Work,
  ctx: RequestContext,
  resource: ResourceRow,
  component: ComponentRow,
): Promise<void> {
  const removed = await work.tx
    .delete(resourceComponentLinks)
    .where(
      and(
        eq(resourceComponentLinks.resourceId, resource.id),
        eq(resourceComponentLinks.componentId, component.id),
      ),
    )
    .returning();
  if (removed.length === 0)
    throw new NotFound(
      InventoryErrors.notFound,
      `${resourceRef(resource)} is not linked to ${formatComponentRef(component)}`,
    );
  await recordChange(work.tx, ctx, {
    entityType: 'resource_link',
    entityId: resource.id,
    entityRef: linkRef(component, resource),
    action: 'delete',
    before: { component: formatComponentRef(component), resource: resourceRef(resource) },
  });
  work.emit('resource', resourceRef(resource), 'update');
  work.emit('component', formatComponentRef(component), 'update');
}

/** Sets (or with `null` removes) a component's rule; the filter is checked before anything. */
export async function setRule(
  work: Work,
  ctx: RequestContext,
  component: ComponentRow,
  filter: string | null,
): Promise<void> {
  if (filter !== null) compileRule(filter);
  await lockComponent(work.tx, component, 'share');
  const [before] = await work.tx
    .select()
    .from(componentResourceRules)
    .where(eq(componentResourceRules.componentId, component.id))
    .for('update');
  if (filter === null) {
    if (!before)
      throw new NotFound(
        InventoryErrors.notFound,
        `${formatComponentRef(component)} has no resource rule`,
      );
    await work.tx
      .delete(componentResourceRules)
      .where(eq(componentResourceRules.componentId, component.id));
  } else {
    const values = { filter, updatedBy: actorId(ctx), updatedAt: new Date() };
    await work.tx
      .insert(componentResourceRules)
      .values({ componentId: component.id, ...values })
      .onConflictDoUpdate({ target: componentResourceRules.componentId, set: values });
  }
  // The rule is a field of the component in its history.
  const recorded = await recordChange(work.tx, ctx, {
    entityType: 'component',
    entityId: component.id,
    entityRef: formatComponentRef(component),
    action: 'update',
    before: { resourceRule: before?.filter ?? null },
    after: { resourceRule: filter },
  });
  if (recorded > 0) work.emit('component', formatComponentRef(component), 'update');
}

function actorId(ctx: RequestContext): string | null {
  // The system actor is no person (audit/service.ts treats it the same way).
  return ctx.actor && !/^0{8}-/.test(ctx.actor.id) ? ctx.actor.id : null;
}

/** The components a resource belongs to, by link and by rule, sorted by ref. */
export async function componentsOf(db: Db, resource: ResourceRow): Promise<LinkedComponent[]> {
  const byRef = new Map<string, LinkedComponent>();
  const add = (ref: string, title: string, via: Via) => {
    const entry = byRef.get(ref) ?? { ref, title, via: [] };
    entry.via.push(via);
    byRef.set(ref, entry);
  };
  const linked = await db
    .select({ namespace: components.namespace, name: components.name, title: components.title })
    .from(resourceComponentLinks)
    .innerJoin(components, eq(components.id, resourceComponentLinks.componentId))
    .where(eq(resourceComponentLinks.resourceId, resource.id));
  for (const c of linked) add(formatComponentRef(c), c.title, 'link');
  const rules = await loadRules(db);
  if (rules.length > 0) {
    // One statement answers every rule for this one row.
    const checks = rules.map(
      (rule, i) => sql`COALESCE(${compileRule(rule.filter)}, FALSE) AS ${sql.identifier(`r${i}`)}`,
    );
    const [row] = await queryRows<Record<string, boolean>>(
      db,
      sql`SELECT ${sql.join(checks, sql`, `)} FROM ${resources} WHERE ${resources.id} = ${resource.id}`,
    );
    const titles = await titlesOf(
      db,
      rules.filter((_, i) => row?.[`r${i}`] === true).map((r) => r.componentId),
    );
    rules.forEach((rule, i) => {
      if (row?.[`r${i}`] === true) add(rule.ref, titles.get(rule.componentId) ?? '', 'rule');
    });
  }
  return [...byRef.values()].sort((a, b) => (a.ref < b.ref ? -1 : 1));
}

async function titlesOf(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: components.id, title: components.title })
    .from(components)
    .where(
      sql`${components.id} IN (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    );
  return new Map(rows.map((r) => [r.id, r.title]));
}

/** A component's resources: the union of its links and its rule's matches. */
export async function resourcesOf(
  db: Db,
  component: ComponentRow,
  mayEdit: boolean,
): Promise<ComponentResources> {
  const [rule] = await db
    .select()
    .from(componentResourceRules)
    .where(eq(componentResourceRules.componentId, component.id));
  const linked = sql`EXISTS (SELECT 1 FROM ${resourceComponentLinks} l WHERE l.resource_id = ${resources.id} AND l.component_id = ${component.id})`;
  const byRule = rule ? sql`COALESCE(${compileRule(rule.filter)}, FALSE)` : sql`FALSE`;
  const where = sql`(${linked} OR ${byRule})`;
  const [rows, [count]] = await Promise.all([
    db
      .select({ row: resources, linked: sql<boolean>`${linked}`, byRule: sql<boolean>`${byRule}` })
      .from(resources)
      .where(where)
      .orderBy(asc(resources.resourceSite), asc(resources.resourceId))
      .limit(COMPONENT_RESOURCES_LIMIT),
    db.select({ n: sql<number>`count(*)::int` }).from(resources).where(where),
  ]);
  return {
    rule: rule ? { filter: rule.filter, updatedAt: rule.updatedAt.toISOString() } : null,
    items: rows.map(({ row, linked, byRule }) => ({
      ...presentResource(row),
      via: [...(linked ? ['link' as const] : []), ...(byRule ? ['rule' as const] : [])],
    })),
    total: Number(count?.n ?? 0),
    may: { edit: mayEdit },
  };
}
