import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { selectRows } from '../../platform/unit-of-work.js';
import {
  type EntityKind,
  KIND_TITLES,
  RELATION_TARGET,
  type RelationType,
} from '../entities/contract.js';
import { formatEntityRef } from '../entities/refs.js';
import { catalogEntities, entityRelations } from '../schema.js';
import type { ApplyState } from './apply-state.js';
import { insertMany } from './bulk.js';
import type { EntityDoc } from './document.js';
import { isEntityName } from './keys.js';

/**
 * Systems, domains, APIs and resources, and the relations of components to them. Entities are
 * planned before components (a component names its system) and relations after them.
 */

type Row = typeof catalogEntities.$inferInsert;

const low = (s: string) => s.trim().toLowerCase();
export const entityKey = (kind: EntityKind, namespace: string, name: string) =>
  `${kind}:${low(namespace)}/${low(name)}`;

/** `kind:ns/name`, `ns/name` or `name` (namespace `default`), or null when not a ref of `kind`. */
export function parseEntityRefText(
  text: string,
  kind: EntityKind,
): { namespace: string; name: string } | null {
  const m = /^([A-Za-z]+):(.*)$/.exec(text.trim());
  if (m && m[1]!.toLowerCase() !== kind) return null;
  const parts = (m ? m[2]! : text.trim()).split('/');
  if (parts.length > 2 || parts.some((p) => p === '')) return null;
  return parts.length === 2
    ? { namespace: parts[0]!, name: parts[1]! }
    : { namespace: 'default', name: parts[0]! };
}

/** The fields of a document record as columns, to compare and to write. */
const FIELDS = [
  'title',
  'description',
  'type',
  'lifecycle',
  'definition',
  'definitionUrl',
  'tags',
  'labels',
  'annotations',
  'links',
] as const;

export const relationKey = (componentKey: string, type: RelationType, toKey: string) =>
  `relation:${componentKey}|${type}|${toKey}`;

export interface EntityPlan {
  /** Ids of every entity the document names or Argus holds, by entityKey. */
  ids: Map<string, string>;
}

export async function planEntities(s: ApplyState): Promise<EntityPlan> {
  // Locked until the import commits, as an API edit locks its row (see selectRows).
  const existing = await selectRows(s.tx, catalogEntities, undefined, 'update');
  const byKey = new Map(existing.map((r) => [entityKey(r.kind, r.namespace, r.name), r]));
  const ids = new Map(existing.map((r) => [entityKey(r.kind, r.namespace, r.name), r.id]));

  // Systems the components name but neither the document nor Argus holds: created, and said so.
  const docs: { doc: EntityDoc; field: string }[] = s.doc.entities.map((doc, i) => ({
    doc,
    field: `entities[${i}]`,
  }));
  const inDoc = new Set(
    docs.map(({ doc }) => entityKey(doc.kind, doc.namespace ?? 'default', doc.name)),
  );
  s.doc.components.forEach((c, i) => {
    if (!c.system?.trim()) return;
    const ref = parseEntityRefText(c.system, 'system');
    if (!ref || !isEntityName(ref.name)) return; // kept as the component's text, see below
    const key = entityKey('system', ref.namespace, ref.name);
    if (inDoc.has(key) || byKey.has(key)) return;
    inDoc.add(key);
    docs.push({ doc: { kind: 'system', ...ref }, field: `components[${i}].system` });
    s.notes.push({
      model: 'systems',
      record: `system:${ref.namespace}/${ref.name}`,
      outcome: 'changed',
      reason: `created: named as the system of component ${c.namespace ?? 'default'}/${c.name} but not in the document or in Argus`,
    });
  });
  const seen = new Set<string>();
  for (const { doc, field } of docs) {
    const key = entityKey(doc.kind, doc.namespace ?? 'default', doc.name);
    if (seen.has(key)) {
      s.problem(
        `${field}.name`,
        `${doc.kind}:${doc.namespace ?? 'default'}/${doc.name} appears twice`,
      );
      continue;
    }
    seen.add(key);
    if (!isEntityName(doc.name) || !isEntityName(doc.namespace ?? 'default'))
      s.problem(
        `${field}.name`,
        'must be letters and digits joined by -, _ or . (at most 63 characters)',
      );
    if (!ids.has(key)) ids.set(key, randomUUID());
  }

  const refOf = (doc: EntityDoc, attr: 'system' | 'domain', field: string) => {
    const text = doc[attr];
    if (text === undefined) return undefined;
    if (text === null || text.trim() === '') return null;
    const ref = parseEntityRefText(text, attr);
    const id = ref ? ids.get(entityKey(attr, ref.namespace, ref.name)) : undefined;
    if (!id) s.problem(`${field}.${attr}`, `no ${attr} "${text}" in the document or in Argus`);
    return id ?? null;
  };
  const ownerOf = (text: string | null | undefined, field: string) => {
    if (text === undefined) return undefined;
    if (text === null || text.trim() === '') return { ownerTeamId: null, ownerPersonId: null };
    const m = /^(group|user):(?:[^/]+\/)?(.+)$/i.exec(text.trim());
    if (m && m[1]!.toLowerCase() === 'user') {
      const person = s.people.get(m[2]!.toLowerCase());
      if (person) return { ownerTeamId: null, ownerPersonId: person.id };
      s.problem(`${field}.owner`, `no person "${m[2]}" in the document or in Argus`);
    } else {
      const name = m ? m[2]! : text.trim();
      const team = s.teams.get(name.toLowerCase());
      if (team) return { ownerTeamId: team.id, ownerPersonId: null };
      s.problem(`${field}.owner`, `no team "${name}" in the document or in Argus`);
    }
    return undefined;
  };

  const inserts: Row[] = [];
  const updates: { id: string; set: Partial<Row> }[] = [];
  for (const { doc, field } of docs) {
    const namespace = doc.namespace ?? 'default';
    const key = entityKey(doc.kind, namespace, doc.name);
    const id = ids.get(key)!;
    const ref = formatEntityRef({ kind: doc.kind, namespace, name: doc.name });
    const given: Partial<Row> = {};
    for (const f of FIELDS)
      if (doc[f] !== undefined) (given as Record<string, unknown>)[f] = doc[f];
    if (doc.tags) given.tags = [...new Set(doc.tags)];
    const owner = ownerOf(doc.owner, field);
    if (owner) Object.assign(given, owner);
    const system = refOf(doc, 'system', field);
    if (system !== undefined) given.systemId = system;
    const domain = refOf(doc, 'domain', field);
    if (domain !== undefined) given.domainId = domain;
    const model = KIND_TITLES[doc.kind].many;
    const row = byKey.get(key);
    if (row) {
      const before = row as Record<string, unknown>;
      const changed = Object.fromEntries(
        Object.entries(given).filter(
          ([k, v]) => JSON.stringify(before[k] ?? null) !== JSON.stringify(v ?? null),
        ),
      );
      if (Object.keys(changed).length > 0) {
        updates.push({ id: row.id, set: changed });
        s.audit.updated(
          doc.kind,
          row.id,
          ref,
          Object.fromEntries(Object.keys(changed).map((k) => [k, before[k]])),
          changed,
        );
        s.change(doc.kind, ref, 'update');
      }
      s.outcome(model, key, 'updated');
    } else {
      inserts.push({ id, kind: doc.kind, namespace, name: doc.name, ...given });
      s.audit.created(doc.kind, id, ref, { ...given });
      s.change(doc.kind, ref, 'create');
      s.outcome(model, key, 'created');
    }
  }
  s.steps.push({
    phase: 'systems, domains, APIs and resources',
    units: inserts.length + updates.length,
    async run(tick) {
      for (const kind of ['domain', 'system', 'api', 'resource'] as const) {
        // A new system may belong to a new domain: insert in that order; links set afterwards
        // so an entity may name one that is inserted after it.
        await insertMany(
          s.tx,
          catalogEntities,
          inserts.filter((r) => r.kind === kind).map(({ systemId: _s, domainId: _d, ...r }) => r),
        );
      }
      for (const r of inserts)
        if (r.systemId || r.domainId)
          await s.tx
            .update(catalogEntities)
            .set({ systemId: r.systemId ?? null, domainId: r.domainId ?? null })
            .where(eq(catalogEntities.id, r.id!));
      tick(inserts.length);
      for (const [i, u] of updates.entries()) {
        await s.tx
          .update(catalogEntities)
          .set({ ...u.set, updatedAt: new Date() })
          .where(eq(catalogEntities.id, u.id));
        tick(inserts.length + i + 1);
      }
    },
  });
  return { ids };
}

export async function planRelations(s: ApplyState, plan: EntityPlan): Promise<void> {
  const existing = await s.tx
    .select({
      componentId: entityRelations.componentId,
      entityId: entityRelations.entityId,
      type: entityRelations.type,
    })
    .from(entityRelations);
  const have = new Set(existing.map((r) => `${r.componentId}|${r.entityId}|${r.type}`));
  const inserts: (typeof entityRelations.$inferInsert)[] = [];
  s.doc.relations.forEach((r, i) => {
    const field = `relations[${i}]`;
    const componentKey = s.componentKeyOf(r.component, `${field}.component`);
    const kind = RELATION_TARGET[r.type];
    const ref = parseEntityRefText(r.entity, kind);
    const entityId = ref ? plan.ids.get(entityKey(kind, ref.namespace, ref.name)) : undefined;
    if (!entityId)
      s.problem(
        `${field}.entity`,
        `no ${KIND_TITLES[kind].one} "${r.entity}" in the document or in Argus`,
      );
    if (!componentKey || !entityId || !ref) return;
    const component = s.components.get(componentKey)!;
    const id = `${component.id}|${entityId}|${r.type}`;
    const key = relationKey(componentKey, r.type, entityKey(kind, ref.namespace, ref.name));
    if (have.has(id)) {
      s.outcome('relations', key, 'updated');
      return;
    }
    have.add(id);
    const row = { id: randomUUID(), componentId: component.id, entityId, type: r.type };
    inserts.push(row);
    const componentRef = `component:${component.namespace}/${component.name}`;
    const entityRef = formatEntityRef({ kind, ...ref });
    s.audit.created('relation', row.id, `${componentRef}->${entityRef}`, {
      type: r.type,
      entity: entityRef,
    });
    s.change('component', componentRef, 'update');
    s.outcome('relations', key, 'created');
  });
  s.steps.push({
    phase: 'relations',
    units: inserts.length,
    run: (tick) => insertMany(s.tx, entityRelations, inserts, tick),
  });
}
