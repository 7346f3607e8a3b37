import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { EventBus } from '../../platform/bus.js';
import type { Actor, RequestContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { inTransaction, type Work } from '../../platform/unit-of-work.js';
import type { ListQuery } from '../contract.js';
import { catalogEntities, components } from '../schema.js';
import type {
  EntityDefinition,
  EntityInput,
  EntityKind,
  EntityLink,
  EntityPage,
  RelationCreate,
} from './contract.js';
import { listEntities } from './list.js';
import { formatEntityRef, systemName } from './refs.js';
import { addRelation, componentsRelatedTo, removeRelation } from './relations.js';
import { mayEditEntity } from './rights.js';
import {
  createEntity,
  deleteEntity,
  presentEntities,
  requireEntity,
  updateEntity,
} from './store.js';

const link = (r: {
  kind: EntityKind;
  namespace: string;
  name: string;
  title: string;
}): EntityLink => ({
  ref: formatEntityRef(r),
  title: r.title || r.name,
});

/**
 * Systems, domains, APIs and resources, and the relations of components to them. Every write
 * runs in one transaction with its history and publishes change events after commit.
 */
export class EntityService {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {}

  private write<T>(ctx: RequestContext, fn: (work: Work) => Promise<T>): Promise<T> {
    return inTransaction(this.db, this.bus, ctx, fn);
  }

  list(kind: EntityKind, query: ListQuery) {
    return listEntities(this.db, kind, query);
  }

  /** The entity with what belongs to it and the components related to it. */
  async page(kind: EntityKind, ref: string, actor: Actor | null): Promise<EntityPage> {
    const row = await requireEntity(this.db, kind, ref);
    const children = await this.db
      .select({
        kind: catalogEntities.kind,
        namespace: catalogEntities.namespace,
        name: catalogEntities.name,
        title: catalogEntities.title,
      })
      .from(catalogEntities)
      .where(
        kind === 'system'
          ? eq(catalogEntities.systemId, row.id)
          : kind === 'domain'
            ? eq(catalogEntities.domainId, row.id)
            : sql`false`,
      )
      .orderBy(
        asc(catalogEntities.kind),
        asc(catalogEntities.namespace),
        asc(catalogEntities.name),
      );
    const members =
      kind === 'system'
        ? await this.db
            .select({
              namespace: components.namespace,
              name: components.name,
              title: components.title,
            })
            .from(components)
            .where(and(eq(sql`lower(${components.system})`, systemName(row).toLowerCase())))
            .orderBy(asc(components.namespace), asc(components.name))
        : [];
    const [[entity], related, canEdit] = await Promise.all([
      presentEntities(this.db, [row]),
      componentsRelatedTo(this.db, row.id),
      actor ? mayEditEntity(this.db, actor, row) : false,
    ]);
    const childrenOf = (k: EntityKind) => children.filter((c) => c.kind === k).map(link);
    return {
      entity: entity!,
      canEdit,
      components: members.map((c) => ({
        ref: `component:${c.namespace}/${c.name}`,
        title: c.title || c.name,
      })),
      systems: childrenOf('system'),
      apis: childrenOf('api'),
      resources: childrenOf('resource'),
      providers: related.providesApi,
      consumers: related.consumesApi,
      dependents: related.dependsOn,
    };
  }

  async definition(kind: EntityKind, ref: string): Promise<z.infer<typeof EntityDefinition>> {
    const row = await requireEntity(this.db, kind, ref);
    return {
      ref: formatEntityRef(row),
      type: row.type,
      definition: row.definition,
      definitionUrl: row.definitionUrl,
    };
  }

  create(
    ctx: RequestContext,
    kind: EntityKind,
    input: EntityInput & { name: string; namespace: string },
  ) {
    return this.write(ctx, (w) => createEntity(w, ctx, kind, input));
  }
  update(ctx: RequestContext, kind: EntityKind, ref: string, patch: EntityInput) {
    return this.write(ctx, (w) => updateEntity(w, ctx, kind, ref, patch));
  }
  delete(ctx: RequestContext, kind: EntityKind, ref: string) {
    return this.write(ctx, (w) => deleteEntity(w, ctx, kind, ref));
  }

  addRelation(ctx: RequestContext, input: z.output<typeof RelationCreate>) {
    return this.write(ctx, (w) => addRelation(w, ctx, input));
  }
  removeRelation(ctx: RequestContext, id: string) {
    return this.write(ctx, (w) => removeRelation(w, ctx, id));
  }
}
