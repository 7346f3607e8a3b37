import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { catalogEntities } from '../schema.js';
import type { ComponentEntities, EntityKind } from './contract.js';
import { entityTextCondition } from './list.js';
import { formatEntityRef } from './refs.js';
import { relationsOfComponent } from './relations.js';

/** The system a component names, as an entity ref (null when it names none, or one unknown). */
export async function systemOfComponent(db: Db, system: string | null): Promise<string | null> {
  if (!system) return null;
  const slash = system.indexOf('/');
  const [namespace, name] =
    slash >= 0 ? [system.slice(0, slash), system.slice(slash + 1)] : ['default', system];
  const [row] = await db
    .select({
      kind: catalogEntities.kind,
      namespace: catalogEntities.namespace,
      name: catalogEntities.name,
    })
    .from(catalogEntities)
    .where(
      and(
        eq(catalogEntities.kind, 'system'),
        eq(sql`lower(${catalogEntities.namespace})`, namespace.toLowerCase()),
        eq(sql`lower(${catalogEntities.name})`, name.toLowerCase()),
      ),
    );
  return row ? formatEntityRef(row) : null;
}

export async function componentEntities(
  db: Db,
  component: { id: string; system: string | null },
): Promise<ComponentEntities> {
  const [systemRef, relations] = await Promise.all([
    systemOfComponent(db, component.system),
    relationsOfComponent(db, component.id),
  ]);
  return {
    systemRef,
    providesApis: relations.providesApi,
    consumesApis: relations.consumesApi,
    dependsOnResources: relations.dependsOn,
  };
}

export interface EntitySearchHit {
  kind: EntityKind;
  ref: string;
  title: string;
  subtitle: string;
}

/** Systems, domains, APIs and resources for the global search (Ctrl+K). */
export async function searchEntities(db: Db, q: string, limit: number): Promise<EntitySearchHit[]> {
  const condition = entityTextCondition(q);
  if (!condition) return [];
  const rows = await db
    .select({
      kind: catalogEntities.kind,
      namespace: catalogEntities.namespace,
      name: catalogEntities.name,
      title: catalogEntities.title,
      type: catalogEntities.type,
    })
    .from(catalogEntities)
    .where(condition)
    .orderBy(asc(catalogEntities.name), asc(catalogEntities.kind))
    .limit(limit);
  return rows.map((r) => ({
    kind: r.kind,
    ref: formatEntityRef(r),
    title: r.title || r.name,
    subtitle: r.type ? `${r.kind} · ${r.type}` : r.kind,
  }));
}
