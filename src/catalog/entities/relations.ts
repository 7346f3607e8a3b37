import { and, asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { recordChange } from '../../platform/audit/service.js';
import type { RequestContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import type { Work } from '../../platform/unit-of-work.js';
import { requireComponent } from '../components.js';
import { CatalogErrors } from '../errors.js';
import { formatComponentRef } from '../refs.js';
import { requireOwner } from '../rights.js';
import { catalogEntities, components, entityRelations } from '../schema.js';
import {
  type EntityLink,
  RELATION_TARGET,
  type Relation,
  type RelationCreate,
  type RelationType,
} from './contract.js';
import { formatEntityRef } from './refs.js';
import { requireEntity } from './store.js';

function selectRelations(db: Db) {
  return db
    .select({
      id: entityRelations.id,
      type: entityRelations.type,
      componentId: entityRelations.componentId,
      componentNs: components.namespace,
      componentName: components.name,
      componentTitle: components.title,
      entityId: entityRelations.entityId,
      kind: catalogEntities.kind,
      entityNs: catalogEntities.namespace,
      entityName: catalogEntities.name,
      entityTitle: catalogEntities.title,
    })
    .from(entityRelations)
    .innerJoin(components, eq(components.id, entityRelations.componentId))
    .innerJoin(catalogEntities, eq(catalogEntities.id, entityRelations.entityId));
}
type Row = Awaited<ReturnType<ReturnType<typeof selectRelations>['execute']>>[number];

function present(r: Row): Relation {
  return {
    id: r.id,
    component: formatComponentRef({ namespace: r.componentNs, name: r.componentName }),
    type: r.type,
    entity: formatEntityRef({ kind: r.kind, namespace: r.entityNs, name: r.entityName }),
    title: r.entityTitle || r.entityName,
  };
}

/** A component's APIs and resources, each list sorted by ref. */
export async function relationsOfComponent(
  db: Db,
  componentId: string,
): Promise<Record<RelationType, Relation[]>> {
  const rows = await selectRelations(db)
    .where(eq(entityRelations.componentId, componentId))
    .orderBy(asc(catalogEntities.namespace), asc(catalogEntities.name));
  const of = (type: RelationType) => rows.filter((r) => r.type === type).map(present);
  return {
    providesApi: of('providesApi'),
    consumesApi: of('consumesApi'),
    dependsOn: of('dependsOn'),
  };
}

/** The components related to an entity, by relation type. */
export async function componentsRelatedTo(
  db: Db,
  entityId: string,
): Promise<Record<RelationType, EntityLink[]>> {
  const rows = await selectRelations(db)
    .where(eq(entityRelations.entityId, entityId))
    .orderBy(asc(components.namespace), asc(components.name));
  const of = (type: RelationType) =>
    rows
      .filter((r) => r.type === type)
      .map((r) => ({
        ref: formatComponentRef({ namespace: r.componentNs, name: r.componentName }),
        title: r.componentTitle || r.componentName,
      }));
  return {
    providesApi: of('providesApi'),
    consumesApi: of('consumesApi'),
    dependsOn: of('dependsOn'),
  };
}

const auditRef = (r: Relation) => `${r.component}->${r.entity}`;

/** Adds a relation; the component's owners (or admins) may, as for its dependencies. */
export async function addRelation(
  work: Work,
  ctx: RequestContext,
  input: z.output<typeof RelationCreate>,
): Promise<Relation> {
  const { tx } = work;
  const component = await requireComponent(tx, input.component, 'component');
  const target = await requireEntity(
    tx,
    RELATION_TARGET[input.type],
    input.entity,
    'entity',
    'share',
  );
  await requireOwner(
    tx,
    ctx,
    component,
    `change what ${formatComponentRef(component)} provides, consumes or depends on`,
  );
  const [existing] = await tx
    .select({ id: entityRelations.id })
    .from(entityRelations)
    .where(
      and(
        eq(entityRelations.componentId, component.id),
        eq(entityRelations.entityId, target.id),
        eq(entityRelations.type, input.type),
      ),
    );
  if (existing)
    throw Invalid.field(
      CatalogErrors.duplicate,
      'entity',
      `${formatComponentRef(component)} already has ${input.type} ${formatEntityRef(target)}`,
    );
  const [row] = await tx
    .insert(entityRelations)
    .values({ componentId: component.id, entityId: target.id, type: input.type })
    .returning({ id: entityRelations.id });
  const [created] = await selectRelations(tx).where(eq(entityRelations.id, row!.id));
  const relation = present(created!);
  await recordChange(tx, ctx, {
    entityType: 'relation',
    entityId: relation.id,
    entityRef: auditRef(relation),
    action: 'create',
    after: { type: relation.type, entity: relation.entity },
  });
  work.emit('component', relation.component, 'update');
  work.emit(target.kind, relation.entity, 'update');
  return relation;
}

export async function removeRelation(work: Work, ctx: RequestContext, id: string): Promise<void> {
  const { tx } = work;
  const [row] = await selectRelations(tx).where(eq(entityRelations.id, id));
  if (!row) throw new NotFound(CatalogErrors.notFound, `no relation ${id}`);
  const relation = present(row);
  const component = await requireComponent(tx, relation.component);
  await requireOwner(tx, ctx, component, `change relations of ${relation.component}`);
  await tx.delete(entityRelations).where(eq(entityRelations.id, id));
  await recordChange(tx, ctx, {
    entityType: 'relation',
    entityId: id,
    entityRef: auditRef(relation),
    action: 'delete',
    before: { type: relation.type, entity: relation.entity },
  });
  work.emit('component', relation.component, 'update');
  work.emit(row.kind, relation.entity, 'update');
}

/** Relations among the given components and entities, for the graph. */
export async function relationsAmong(db: Db, componentIds: string[]) {
  if (componentIds.length === 0) return [];
  return selectRelations(db).where(inArray(entityRelations.componentId, componentIds));
}
