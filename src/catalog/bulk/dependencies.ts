import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { changedFields } from '../../platform/audit/service.js';
import { insertMany } from '../../platform/bulk-insert.js';
import { lockScope } from '../../platform/unit-of-work.js';
import { DEPENDENCY_GRAPH } from '../dependencies.js';
import { formatComponentRef } from '../refs.js';
import { components, dependencies } from '../schema.js';
import type { CatalogImport } from './import.js';
import { catalogKeys } from './keys.js';
import { DependencyRecord } from './records.js';

/** Dependencies between components in bulk; the graph stays free of cycles. */

type Row = Record<string, unknown>;

/** Finds a cycle in a directed graph; returns its nodes (first repeated at the end) or null. */
export function findCycle(edges: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 1 | 2>();
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    const stack: { node: string; next: Iterator<string> }[] = [
      { node: start, next: (edges.get(start) ?? new Set()).values() },
    ];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const step = top.next.next();
      if (step.done) {
        state.set(top.node, 2);
        stack.pop();
        continue;
      }
      const to = step.value;
      const seen = state.get(to);
      if (seen === 1) {
        const from = stack.findIndex((f) => f.node === to);
        return [...stack.slice(from).map((f) => f.node), to];
      }
      if (seen === undefined) {
        state.set(to, 1);
        stack.push({ node: to, next: (edges.get(to) ?? new Set()).values() });
      }
    }
  }
  return null;
}

/**
 * Adds dependencies and updates the type and notes of those that exist (matched by from, from
 * version and to). Refused when a component or version is unknown, a component would depend on
 * itself, a dependency appears twice, or the graph would get a cycle (each cycle reported at a
 * dependency of the records).
 */
export async function importDependencies(
  b: CatalogImport,
  records: DependencyRecord[],
  at = 'dependencies',
): Promise<void> {
  b.check(DependencyRecord, records, at);
  // The graph read here stays as read until the import commits (see DEPENDENCY_GRAPH).
  await lockScope(b.tx, DEPENDENCY_GRAPH);
  const rows = await b.tx
    .select({
      id: dependencies.id,
      fromId: dependencies.fromComponentId,
      fromVersionId: dependencies.fromVersionId,
      toId: dependencies.toComponentId,
      type: dependencies.type,
      notes: dependencies.notes,
    })
    .from(dependencies);
  const matchKey = (fromId: string, fromVersionId: string | null, toId: string) =>
    `${fromId}@${fromVersionId ?? '*'}->${toId}`;
  const existing = new Map(rows.map((r) => [matchKey(r.fromId, r.fromVersionId, r.toId), r]));
  const edges = new Map<string, Set<string>>();
  const addEdge = (from: string, to: string) => {
    let set = edges.get(from);
    if (!set) {
      set = new Set();
      edges.set(from, set);
    }
    set.add(to);
  };
  for (const r of rows) addEdge(r.fromId, r.toId);
  const refById = new Map([...b.components.values()].map((c) => [c.id, formatComponentRef(c)]));

  const inserts: (typeof dependencies.$inferInsert)[] = [];
  const updates: { id: string; set: Row }[] = [];
  const docEdges = new Map<string, number>();
  const seen = new Map<string, number>();
  const model = 'dependencies';
  records.forEach((d, i) => {
    b.counts.add(model, 'read');
    const path = `${at}[${i}]`;
    const fromKey = b.componentKeyOf(d.from, `${path}.from`);
    const toKey = b.componentKeyOf(d.to, `${path}.to`);
    if (!fromKey || !toKey) return;
    const from = b.components.get(fromKey)!;
    const to = b.components.get(toKey)!;
    if (from.id === to.id) {
      b.problem(`${path}.to`, 'a component cannot depend on itself');
      return;
    }
    let fromVersionId: string | null = null;
    if (d.fromVersion) {
      const version = b.versions.get(catalogKeys.version(fromKey, d.fromVersion));
      if (!version) {
        b.problem(
          `${path}.fromVersion`,
          `${formatComponentRef(from)} has no version "${d.fromVersion}"`,
        );
        return;
      }
      fromVersionId = version.id;
    }
    const match = matchKey(from.id, fromVersionId, to.id);
    const first = seen.get(match);
    if (first !== undefined) {
      b.problem(`${path}.to`, `this dependency is listed twice (also ${at}[${first}])`);
      return;
    }
    seen.set(match, i);
    addEdge(from.id, to.id);
    if (!docEdges.has(`${from.id}->${to.id}`)) docEdges.set(`${from.id}->${to.id}`, i);
    const key = catalogKeys.dependency(fromKey, d.fromVersion, toKey);
    const fromRef = formatComponentRef(from);
    const toRef = formatComponentRef(to);
    const row = existing.get(match);
    if (row) {
      const before: Row = {
        to: toRef,
        type: row.type,
        notes: row.notes,
        fromVersion: d.fromVersion ?? null,
      };
      const after: Row = { ...before, type: d.type, notes: d.notes ?? row.notes };
      if (changedFields(before, after).length > 0) {
        updates.push({ id: row.id, set: { type: after.type, notes: after.notes } });
        b.audit.updated('dependency', row.id, `${fromRef}->${toRef}`, before, after);
        b.change('component', fromRef, 'update');
      }
      b.outcome(model, key, 'updated');
    } else {
      const id = randomUUID();
      inserts.push({
        id,
        fromComponentId: from.id,
        fromVersionId,
        toComponentId: to.id,
        type: d.type,
        notes: d.notes ?? '',
      });
      b.audit.created('dependency', id, `${fromRef}->${toRef}`, {
        to: toRef,
        type: d.type,
        notes: d.notes ?? '',
        fromVersion: d.fromVersion ?? null,
      });
      b.outcome(model, key, 'created');
    }
  });

  // The dependency graph stays acyclic: report each cycle at a dependency of the records.
  for (let round = 0; round < 20; round++) {
    const cycle = findCycle(edges);
    if (!cycle) break;
    const missing = cycle.filter((id) => !refById.has(id));
    if (missing.length > 0) {
      const named = await b.tx
        .select({ id: components.id, namespace: components.namespace, name: components.name })
        .from(components)
        .where(sql`${components.id} = ANY(${sql.param(missing)}::uuid[])`);
      for (const c of named) refById.set(c.id, formatComponentRef(c));
    }
    let index = -1;
    let start = 0;
    for (let j = 0; j + 1 < cycle.length; j++) {
      const edgeIndex = docEdges.get(`${cycle[j]}->${cycle[j + 1]}`);
      if (edgeIndex !== undefined && edgeIndex > index) {
        index = edgeIndex;
        start = j;
      }
    }
    // Told from the dependency being added: "a -> b -> ... -> a" where a -> b is new.
    const ring = cycle.slice(0, -1);
    const rotated = [...ring.slice(start), ...ring.slice(0, start), ring[start]!];
    const edge: [string, string] = [rotated[0]!, rotated[1]!];
    const path = rotated.map((id) => refById.get(id) ?? id).join(' -> ');
    b.problem(
      index >= 0 ? `${at}[${index}].to` : at,
      `this would make a dependency cycle: ${path}`,
    );
    edges.get(edge[0])?.delete(edge[1]);
  }

  b.steps.push({
    phase: 'dependencies',
    units: inserts.length + updates.length,
    async run(tick) {
      await insertMany(b.tx, dependencies, inserts, tick);
      for (const u of updates)
        await b.tx.update(dependencies).set(u.set).where(eq(dependencies.id, u.id));
    },
  });
}
