import { inArray, isNotNull, or, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../platform/db.js';
import type { Graph } from '../contract.js';
import { formatComponentRef } from '../refs.js';
import { catalogEntities, components, entityRelations } from '../schema.js';
import type { EntityKind } from './contract.js';
import { ownerName } from './fields.js';
import { formatEntityRef, systemName } from './refs.js';
import { presentEntities, requireEntity } from './store.js';

/** How each component relation reads as a graph edge. */
const EDGE_TYPES = { providesApi: 'provides', consumesApi: 'consumes', dependsOn: 'dependsOn' };

/**
 * Places systems, domains, APIs and resources in the dependency graph: the entities the
 * graph's components provide, consume or depend on (`provides`, `consumes`, `dependsOn`), the
 * systems they belong to and those systems' domains (`partOf`). For the whole catalog
 * (`everything`) every entity and relation is drawn.
 */
export async function addEntitiesToGraph(
  db: Db,
  graph: Graph,
  everything: boolean,
): Promise<Graph> {
  const componentRefs = new Set(graph.nodes.map((n) => n.ref));
  const graphComponents = await db
    .select({
      id: components.id,
      namespace: components.namespace,
      name: components.name,
      title: components.title,
      type: components.type,
      lifecycle: components.lifecycle,
      owner: components.owner,
      system: components.system,
    })
    .from(components)
    .where(
      everything
        ? or(
            isNotNull(components.system),
            sql`EXISTS (SELECT 1 FROM ${entityRelations} r WHERE r.component_id = ${components.id})`,
          )
        : componentRefs.size
          ? inArray(sql`'component:' || ${components.namespace} || '/' || ${components.name}`, [
              ...componentRefs,
            ])
          : sql`false`,
    );
  const componentIds = graphComponents.map((c) => c.id);
  const relations = componentIds.length
    ? await db
        .select({
          componentId: entityRelations.componentId,
          entityId: entityRelations.entityId,
          type: entityRelations.type,
        })
        .from(entityRelations)
        .where(inArray(entityRelations.componentId, componentIds))
    : [];
  const systemNames = [
    ...new Set(graphComponents.map((c) => c.system?.toLowerCase()).filter((s) => s !== undefined)),
  ];
  // Entities to draw: all, or those related to the graph's components and their systems;
  // then the systems of those APIs and resources, and the domains of the systems.
  const columns = {
    id: catalogEntities.id,
    kind: catalogEntities.kind,
    namespace: catalogEntities.namespace,
    name: catalogEntities.name,
    title: catalogEntities.title,
    type: catalogEntities.type,
    lifecycle: catalogEntities.lifecycle,
    owner: sql<string | null>`${ownerName}`,
    systemId: catalogEntities.systemId,
    domainId: catalogEntities.domainId,
  };
  let entities = await db
    .select(columns)
    .from(catalogEntities)
    .where(
      everything
        ? undefined
        : or(
            relations.length
              ? inArray(
                  catalogEntities.id,
                  relations.map((r) => r.entityId),
                )
              : sql`false`,
            systemNames.length
              ? sql`${catalogEntities.kind} = 'system' AND lower(CASE WHEN lower(${catalogEntities.namespace}) = 'default' THEN ${catalogEntities.name} ELSE ${catalogEntities.namespace} || '/' || ${catalogEntities.name} END) IN (${sql.join(
                  systemNames.map((s) => sql`${s}`),
                  sql`, `,
                )})`
              : sql`false`,
          ),
    );
  for (let round = 0; round < 2 && !everything; round++) {
    const have = new Set(entities.map((e) => e.id));
    const missing = [...new Set(entities.flatMap((e) => [e.systemId, e.domainId]))].filter(
      (id): id is string => id !== null && !have.has(id),
    );
    if (missing.length === 0) break;
    entities = [
      ...entities,
      ...(await db
        .select(columns)
        .from(catalogEntities)
        .where(inArray(catalogEntities.id, missing))),
    ];
  }

  const refById = new Map(entities.map((e) => [e.id, formatEntityRef(e)]));
  const systemRefByName = new Map(
    entities
      .filter((e) => e.kind === 'system')
      .map((e) => [systemName(e).toLowerCase(), refById.get(e.id)!]),
  );
  const componentRef = new Map(graphComponents.map((c) => [c.id, formatComponentRef(c)]));
  const nodes = [...graph.nodes];
  for (const c of graphComponents) {
    const ref = componentRef.get(c.id)!;
    if (!componentRefs.has(ref)) {
      componentRefs.add(ref);
      nodes.push({
        kind: 'component',
        ref,
        name: c.name,
        title: c.title,
        type: c.type,
        lifecycle: c.lifecycle,
        owner: c.owner,
      });
    }
  }
  for (const e of entities)
    nodes.push({
      kind: e.kind,
      ref: refById.get(e.id)!,
      name: e.name,
      title: e.title,
      type: e.type,
      lifecycle: e.lifecycle,
      owner: e.owner,
    });
  const edges = [...graph.edges];
  for (const r of relations) {
    const to = refById.get(r.entityId);
    if (to) edges.push({ from: componentRef.get(r.componentId)!, to, type: EDGE_TYPES[r.type] });
  }
  for (const c of graphComponents) {
    const system = c.system ? systemRefByName.get(c.system.toLowerCase()) : undefined;
    if (system) edges.push({ from: componentRef.get(c.id)!, to: system, type: 'partOf' });
  }
  for (const e of entities) {
    const parent = e.systemId ?? e.domainId;
    const to = parent ? refById.get(parent) : undefined;
    if (to) edges.push({ from: refById.get(e.id)!, to, type: 'partOf' });
  }
  return { nodes, edges, truncated: graph.truncated };
}

const ENTITY_REF = /^(system|domain|api|resource):/i;

/** Whether a graph root names a system, domain, API or resource rather than a component. */
export function isEntityRoot(root: string | undefined): root is string {
  return root !== undefined && ENTITY_REF.test(root.trim());
}

/**
 * The graph around a system, domain, API or resource: the components that belong to it or are
 * related to it (a domain's through its systems, a system's through its APIs and resources too),
 * with every entity those components reach, placed as addEntitiesToGraph places them.
 */
export async function entityGraph(db: Db, rootRef: string): Promise<Graph> {
  const kind = ENTITY_REF.exec(rootRef.trim())![1]!.toLowerCase() as EntityKind;
  const root = await requireEntity(db, kind, rootRef);
  // The root and what belongs to it, two levels down (domain -> systems -> APIs, resources).
  const belong = await queryRows<{ id: string; kind: EntityKind; namespace: string; name: string }>(
    db,
    sql`WITH RECURSIVE below(id) AS (
          SELECT ${root.id}::uuid
          UNION
          SELECT e.id FROM ${catalogEntities} e JOIN below b ON e.system_id = b.id OR e.domain_id = b.id
        )
        SELECT e.id, e.kind, e.namespace, e.name FROM ${catalogEntities} e JOIN below USING (id)`,
  );
  const systems = belong.filter((e) => e.kind === 'system').map((e) => systemName(e).toLowerCase());
  const related = await db
    .select({
      namespace: components.namespace,
      name: components.name,
      title: components.title,
      type: components.type,
      lifecycle: components.lifecycle,
      owner: components.owner,
    })
    .from(components)
    .where(
      or(
        systems.length ? inArray(sql`lower(${components.system})`, systems) : sql`false`,
        sql`EXISTS (SELECT 1 FROM ${entityRelations} r WHERE r.component_id = ${components.id} AND r.entity_id IN (${sql.join(
          belong.map((e) => sql`${e.id}::uuid`),
          sql`, `,
        )}))`,
      ),
    )
    .limit(GRAPH_LIMIT);
  const graph = await addEntitiesToGraph(
    db,
    {
      nodes: related
        .map((c) => ({ kind: 'component' as const, ref: formatComponentRef(c), ...c }))
        .map(({ namespace: _n, ...n }) => n),
      edges: [],
      truncated: related.length >= GRAPH_LIMIT,
    },
    false,
  );
  if (graph.nodes.some((n) => n.ref === formatEntityRef(root))) return graph;
  // Nothing relates to it yet: the root alone, with what it belongs to.
  const [presented] = await presentEntities(db, [root]);
  return {
    ...graph,
    nodes: [
      ...graph.nodes,
      {
        kind,
        ref: presented!.ref,
        name: root.name,
        title: root.title,
        type: root.type,
        lifecycle: root.lifecycle,
        owner: presented!.owner,
      },
    ],
  };
}

const GRAPH_LIMIT = 2000;
