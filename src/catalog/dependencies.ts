import { aliasedTable, and, eq, inArray, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { recordChange } from '../platform/audit/service.js';
import type { RequestContext } from '../platform/context.js';
import { type Db, queryRows } from '../platform/db.js';
import { Invalid, NotFound } from '../platform/errors.js';
import { lockScope, type Work } from '../platform/unit-of-work.js';
import { requireComponent } from './components.js';
import type { Dependency, DependencyCreate, Graph, GraphDirection } from './contract.js';
import { CatalogErrors } from './errors.js';
import { formatComponentRef } from './refs.js';
import { requireOwner } from './rights.js';
import { components, componentVersions, dependencies } from './schema.js';

const fromC = aliasedTable(components, 'from_c');
const toC = aliasedTable(components, 'to_c');

function selectDependencies(db: Db) {
  return db
    .select({
      id: dependencies.id,
      fromId: dependencies.fromComponentId,
      toId: dependencies.toComponentId,
      fromNs: fromC.namespace,
      fromName: fromC.name,
      fromVersion: componentVersions.version,
      toNs: toC.namespace,
      toName: toC.name,
      type: dependencies.type,
      notes: dependencies.notes,
    })
    .from(dependencies)
    .innerJoin(fromC, eq(fromC.id, dependencies.fromComponentId))
    .innerJoin(toC, eq(toC.id, dependencies.toComponentId))
    .leftJoin(componentVersions, eq(componentVersions.id, dependencies.fromVersionId));
}

type DependencyRow = Awaited<ReturnType<ReturnType<typeof selectDependencies>['execute']>>[number];

function present(row: DependencyRow): Dependency {
  return {
    id: row.id,
    from: formatComponentRef({ namespace: row.fromNs, name: row.fromName }),
    fromVersion: row.fromVersion ?? null,
    to: formatComponentRef({ namespace: row.toNs, name: row.toName }),
    type: row.type as Dependency['type'],
    notes: row.notes,
  };
}

/** Dependencies in both directions: what the component depends on, and what depends on it. */
export async function dependenciesOf(
  db: Db,
  componentId: string,
): Promise<{ dependsOn: Dependency[]; dependents: Dependency[] }> {
  const rows = await selectDependencies(db).where(
    or(eq(dependencies.fromComponentId, componentId), eq(dependencies.toComponentId, componentId)),
  );
  return {
    dependsOn: rows.filter((r) => r.fromId === componentId).map(present),
    dependents: rows.filter((r) => r.toId === componentId).map(present),
  };
}

/** For each dependency, the owner of the component it starts from: who may remove it. */
export async function dependencyStartOwners(
  db: Db,
  ids: readonly string[],
): Promise<{ id: string; ownerTeamId: string | null; ownerPersonId: string | null }[]> {
  if (ids.length === 0) return [];
  return db
    .select({
      id: dependencies.id,
      ownerTeamId: fromC.ownerTeamId,
      ownerPersonId: fromC.ownerPersonId,
    })
    .from(dependencies)
    .innerJoin(fromC, eq(fromC.id, dependencies.fromComponentId))
    .where(inArray(dependencies.id, [...ids]));
}

/** True when `to` already reaches `from`, so adding from -> to would close a cycle. */
async function reaches(db: Db, startId: string, targetId: string): Promise<boolean> {
  const result = await queryRows<{ found: boolean }>(
    db,
    sql`
    WITH RECURSIVE reach(id) AS (
      SELECT ${startId}::uuid
      UNION
      SELECT d.to_component_id FROM ${dependencies} d JOIN reach r ON d.from_component_id = r.id
    )
    SELECT EXISTS (SELECT 1 FROM reach WHERE id = ${targetId}::uuid) AS found`,
  );
  return result[0]?.found === true;
}

/**
 * The advisory lock every dependency write takes first (see lockScope): the cycle check reads
 * the whole graph, so two writes that each look fine alone (A -> B and B -> A) must not run
 * side by side. Imports take it too.
 */
export const DEPENDENCY_GRAPH = 'catalog.dependency-graph';

export async function addDependency(
  work: Work,
  ctx: RequestContext,
  input: z.output<typeof DependencyCreate>,
): Promise<Dependency> {
  const { tx } = work;
  await lockScope(tx, DEPENDENCY_GRAPH);
  const from = await requireComponent(tx, input.from, 'from');
  const to = await requireComponent(tx, input.to, 'to');
  await requireOwner(tx, ctx, from, `add dependencies to ${formatComponentRef(from)}`);
  if (from.id === to.id)
    throw Invalid.field(CatalogErrors.cycle, 'to', 'a component cannot depend on itself');
  let fromVersionId: string | null = null;
  if (input.fromVersion) {
    const [v] = await tx
      .select({ id: componentVersions.id })
      .from(componentVersions)
      .where(
        and(
          eq(componentVersions.componentId, from.id),
          eq(componentVersions.version, input.fromVersion),
        ),
      );
    if (!v)
      throw Invalid.field(
        CatalogErrors.unknownReference,
        'fromVersion',
        `${formatComponentRef(from)} has no version "${input.fromVersion}"`,
      );
    fromVersionId = v.id;
  }
  const [dup] = await tx
    .select({ id: dependencies.id })
    .from(dependencies)
    .where(
      and(
        eq(dependencies.fromComponentId, from.id),
        eq(dependencies.toComponentId, to.id),
        fromVersionId
          ? eq(dependencies.fromVersionId, fromVersionId)
          : sql`${dependencies.fromVersionId} IS NULL`,
      ),
    );
  if (dup)
    throw Invalid.field(
      CatalogErrors.duplicate,
      'to',
      `${formatComponentRef(from)} already depends on ${formatComponentRef(to)}`,
    );
  if (await reaches(tx, to.id, from.id)) {
    throw Invalid.field(
      CatalogErrors.cycle,
      'to',
      `${formatComponentRef(to)} already depends on ${formatComponentRef(from)} (directly or through others): this would make a cycle`,
    );
  }
  const [row] = await tx
    .insert(dependencies)
    .values({
      fromComponentId: from.id,
      fromVersionId,
      toComponentId: to.id,
      type: input.type,
      notes: input.notes,
    })
    .returning({ id: dependencies.id });
  const [created] = await selectDependencies(tx).where(eq(dependencies.id, row!.id));
  const dependency = present(created!);
  await recordChange(tx, ctx, {
    entityType: 'dependency',
    entityId: dependency.id,
    entityRef: `${dependency.from}->${dependency.to}`,
    action: 'create',
    after: {
      to: dependency.to,
      type: dependency.type,
      notes: dependency.notes,
      fromVersion: dependency.fromVersion,
    },
  });
  work.emit('component', dependency.from, 'update');
  work.emit('component', dependency.to, 'update');
  return dependency;
}

export async function removeDependency(work: Work, ctx: RequestContext, id: string): Promise<void> {
  const { tx } = work;
  await lockScope(tx, DEPENDENCY_GRAPH);
  const [row] = await selectDependencies(tx).where(eq(dependencies.id, id));
  if (!row) throw new NotFound(CatalogErrors.notFound, `no dependency ${id}`);
  const dependency = present(row);
  const from = await requireComponent(tx, dependency.from);
  await requireOwner(tx, ctx, from, `remove dependencies of ${dependency.from}`);
  await tx.delete(dependencies).where(eq(dependencies.id, id));
  await recordChange(tx, ctx, {
    entityType: 'dependency',
    entityId: id,
    entityRef: `${dependency.from}->${dependency.to}`,
    action: 'delete',
    before: {
      to: dependency.to,
      type: dependency.type,
      notes: dependency.notes,
      fromVersion: dependency.fromVersion,
    },
  });
  work.emit('component', dependency.from, 'update');
  work.emit('component', dependency.to, 'update');
}

const GRAPH_NODE_LIMIT = 2000;

/**
 * Components reached from the root by following dependencies one way, up to `depth` hops:
 * upstream follows from -> to (what it depends on), downstream to -> from (what depends on it).
 * A walk never turns around, so "depth 2 upstream" is the root's dependencies and theirs.
 */
function walkFrom(rootId: string, direction: 'upstream' | 'downstream', depth: number) {
  const [near, far] =
    direction === 'upstream'
      ? [sql`d.from_component_id`, sql`d.to_component_id`]
      : [sql`d.to_component_id`, sql`d.from_component_id`];
  return sql`
    SELECT ${rootId}::uuid AS id, 0 AS depth
    UNION
    SELECT ${far}, w.depth + 1 FROM ${dependencies} d JOIN walk_${sql.raw(direction)} w ON ${near} = w.id
    WHERE w.depth < ${depth}`;
}

/**
 * The dependency graph around one component up to `depth` hops in `direction` (both: the union
 * of the upstream and the downstream walk, each counted from the root), or the whole catalog when
 * no root is given; capped at 2000 nodes (with `truncated`) so a page stays usable.
 */
export async function dependencyGraph(
  db: Db,
  rootRef: string | undefined,
  depth: number,
  direction: GraphDirection = 'both',
): Promise<Graph> {
  let nodeIds: string[];
  let truncated = false;
  if (rootRef) {
    const root = await requireComponent(db, rootRef);
    const up = direction === 'downstream' ? 0 : depth;
    const down = direction === 'upstream' ? 0 : depth;
    const result = await queryRows<{ id: string }>(
      db,
      sql`
      WITH RECURSIVE
        walk_upstream(id, depth) AS (${walkFrom(root.id, 'upstream', up)}),
        walk_downstream(id, depth) AS (${walkFrom(root.id, 'downstream', down)})
      SELECT id FROM (SELECT * FROM walk_upstream UNION ALL SELECT * FROM walk_downstream) w
      GROUP BY id ORDER BY min(depth) LIMIT ${GRAPH_NODE_LIMIT + 1}`,
    );
    nodeIds = result.map((r) => r.id);
  } else {
    const result = await queryRows<{ id: string }>(
      db,
      sql`
      SELECT id FROM ${components} c
      WHERE EXISTS (SELECT 1 FROM ${dependencies} d WHERE d.from_component_id = c.id OR d.to_component_id = c.id)
      ORDER BY name LIMIT ${GRAPH_NODE_LIMIT + 1}`,
    );
    nodeIds = result.map((r) => r.id);
  }
  if (nodeIds.length > GRAPH_NODE_LIMIT) {
    truncated = true;
    nodeIds = nodeIds.slice(0, GRAPH_NODE_LIMIT);
  }
  if (nodeIds.length === 0) return { nodes: [], edges: [], truncated };
  const nodes = await db
    .select({
      id: components.id,
      namespace: components.namespace,
      name: components.name,
      title: components.title,
      type: components.type,
      lifecycle: components.lifecycle,
      owner: components.owner,
    })
    .from(components)
    .where(inArray(components.id, nodeIds));
  const refById = new Map(nodes.map((n) => [n.id, formatComponentRef(n)]));
  const edges = await db
    .selectDistinct({
      from: dependencies.fromComponentId,
      to: dependencies.toComponentId,
      type: dependencies.type,
    })
    .from(dependencies)
    .where(
      and(
        inArray(dependencies.fromComponentId, nodeIds),
        inArray(dependencies.toComponentId, nodeIds),
      ),
    );
  return {
    nodes: nodes.map((n) => ({
      kind: 'component' as const,
      ref: refById.get(n.id)!,
      name: n.name,
      title: n.title,
      type: n.type,
      lifecycle: n.lifecycle,
      owner: n.owner,
    })),
    edges: edges.map((e) => ({ from: refById.get(e.from)!, to: refById.get(e.to)!, type: e.type })),
    truncated,
  };
}
