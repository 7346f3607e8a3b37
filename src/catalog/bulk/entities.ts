import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { insertMany } from '../../platform/bulk-insert.js';
import { selectRows } from '../../platform/unit-of-work.js';
import { ENTITY_NAME_RULE, isEntityName, TAG_RULE, Tag } from '../contract.js';
import { type EntityKind, KIND_TITLES, RELATION_TARGET } from '../entities/contract.js';
import { type EntityRef, formatEntityRef, parseEntityRef } from '../entities/refs.js';
import { parseOwner } from '../owners.js';
import { catalogEntities, entityRelations } from '../schema.js';
import type { CatalogImport } from './import.js';
import { entityKey, relationKey } from './keys.js';
import { type ComponentRecord, EntityRecord, RelationRecord } from './records.js';

/**
 * Systems, domains, APIs and resources, and the relations of components to them. Entities are
 * planned before components (a component names its system) and relations after them.
 */

type Row = typeof catalogEntities.$inferInsert;

/** `kind:ns/name`, `ns/name` or `name` (namespace `default`), or null when not a ref of `kind`. */
export function entityRefOf(text: string, kind: EntityKind): EntityRef | null {
  try {
    return parseEntityRef(text, kind);
  } catch {
    return null;
  }
}

/** The fields of a record as columns, to compare and to write. */
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

export interface EntityPlan {
  /** Ids of every entity the document names or Argus holds, by entityKey. */
  ids: Map<string, string>;
}

/**
 * Adds systems, domains, APIs and resources and updates those that exist (matched by kind,
 * namespace and name), and adds the systems components name that neither the records nor Argus
 * hold (with a note). Refused when a name breaks the contract's rule or appears twice, a tag
 * breaks the tag rule, or an owner, system or domain is unknown.
 */
export async function importEntities(
  b: CatalogImport,
  records: EntityRecord[],
  components: ComponentRecord[],
  at = { entities: 'entities', components: 'components' },
): Promise<EntityPlan> {
  b.check(EntityRecord, records, at.entities);
  // Locked until the import commits, as an API edit locks its row (see selectRows).
  const existing = await selectRows(b.tx, catalogEntities, undefined, 'update');
  const byKey = new Map(existing.map((r) => [entityKey(r.kind, r.namespace, r.name), r]));
  const ids = new Map(existing.map((r) => [entityKey(r.kind, r.namespace, r.name), r.id]));

  // Systems the components name but neither the document nor Argus holds: created, and said so.
  const docs: { doc: EntityRecord; field: string }[] = records.map((doc, i) => ({
    doc,
    field: `${at.entities}[${i}]`,
  }));
  const inDoc = new Set(
    docs.map(({ doc }) => entityKey(doc.kind, doc.namespace ?? 'default', doc.name)),
  );
  components.forEach((c, i) => {
    if (!c.system?.trim()) return;
    const ref = entityRefOf(c.system, 'system');
    if (!ref || !isEntityName(ref.name)) return; // kept as the component's text, see below
    const key = entityKey('system', ref.namespace, ref.name);
    if (inDoc.has(key) || byKey.has(key)) return;
    inDoc.add(key);
    docs.push({
      doc: { kind: 'system', namespace: ref.namespace, name: ref.name },
      field: `${at.components}[${i}].system`,
    });
    b.notes.push({
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
      b.problem(
        `${field}.name`,
        `${doc.kind}:${doc.namespace ?? 'default'}/${doc.name} appears twice`,
      );
      continue;
    }
    seen.add(key);
    if (!isEntityName(doc.name) || !isEntityName(doc.namespace ?? 'default'))
      b.problem(`${field}.name`, ENTITY_NAME_RULE);
    doc.tags?.forEach((tag, j) => {
      if (!Tag.safeParse(tag).success) b.problem(`${field}.tags[${j}]`, `"${tag}": ${TAG_RULE}`);
    });
    if (!ids.has(key)) ids.set(key, randomUUID());
  }

  const refOf = (doc: EntityRecord, attr: 'system' | 'domain', field: string) => {
    const text = doc[attr];
    if (text === undefined) return undefined;
    if (text === null || text.trim() === '') return null;
    const ref = entityRefOf(text, attr);
    const id = ref ? ids.get(entityKey(attr, ref.namespace, ref.name)) : undefined;
    if (!id) b.problem(`${field}.${attr}`, `no ${attr} "${text}" in the document or in Argus`);
    return id ?? null;
  };
  const ownerOf = (text: string | null | undefined, field: string) => {
    if (text === undefined) return undefined;
    if (text === null || text.trim() === '') return { ownerTeamId: null, ownerPersonId: null };
    const named = parseOwner(text);
    if (named.kind === 'person') {
      const person = b.people.get(named.name.toLowerCase());
      if (person) return { ownerTeamId: null, ownerPersonId: person.id };
      b.problem(`${field}.owner`, `no person "${named.name}" in the document or in Argus`);
    } else {
      const team = b.teams.get(named.name.toLowerCase());
      if (team) return { ownerTeamId: team.id, ownerPersonId: null };
      b.problem(`${field}.owner`, `no team "${named.name}" in the document or in Argus`);
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
        b.audit.updated(
          doc.kind,
          row.id,
          ref,
          Object.fromEntries(Object.keys(changed).map((k) => [k, before[k]])),
          changed,
        );
        b.change(doc.kind, ref, 'update');
      }
      b.outcome(model, key, 'updated');
    } else {
      inserts.push({ id, kind: doc.kind, namespace, name: doc.name, ...given });
      b.audit.created(doc.kind, id, ref, { ...given });
      b.change(doc.kind, ref, 'create');
      b.outcome(model, key, 'created');
    }
  }
  b.steps.push({
    phase: 'systems, domains, APIs and resources',
    units: inserts.length + updates.length,
    async run(tick) {
      for (const kind of ['domain', 'system', 'api', 'resource'] as const) {
        // A new system may belong to a new domain: insert in that order; links set afterwards
        // so an entity may name one that is inserted after it.
        await insertMany(
          b.tx,
          catalogEntities,
          inserts.filter((r) => r.kind === kind).map(({ systemId: _s, domainId: _d, ...r }) => r),
        );
      }
      for (const r of inserts)
        if (r.systemId || r.domainId)
          await b.tx
            .update(catalogEntities)
            .set({ systemId: r.systemId ?? null, domainId: r.domainId ?? null })
            .where(eq(catalogEntities.id, r.id!));
      tick(inserts.length);
      for (const [i, u] of updates.entries()) {
        await b.tx
          .update(catalogEntities)
          .set({ ...u.set, updatedAt: new Date() })
          .where(eq(catalogEntities.id, u.id));
        tick(inserts.length + i + 1);
      }
    },
  });
  return { ids };
}

/** Adds the relations of components to APIs and resources that do not exist yet. */
export async function importRelations(
  b: CatalogImport,
  records: RelationRecord[],
  plan: EntityPlan,
  at = 'relations',
): Promise<void> {
  b.check(RelationRecord, records, at);
  const existing = await b.tx
    .select({
      componentId: entityRelations.componentId,
      entityId: entityRelations.entityId,
      type: entityRelations.type,
    })
    .from(entityRelations);
  const have = new Set(existing.map((r) => `${r.componentId}|${r.entityId}|${r.type}`));
  const inserts: (typeof entityRelations.$inferInsert)[] = [];
  records.forEach((r, i) => {
    const field = `${at}[${i}]`;
    const componentKey = b.componentKeyOf(r.component, `${field}.component`);
    const kind = RELATION_TARGET[r.type];
    const ref = entityRefOf(r.entity, kind);
    const entityId = ref ? plan.ids.get(entityKey(kind, ref.namespace, ref.name)) : undefined;
    if (!entityId)
      b.problem(
        `${field}.entity`,
        `no ${KIND_TITLES[kind].one} "${r.entity}" in the document or in Argus`,
      );
    if (!componentKey || !entityId || !ref) return;
    const component = b.components.get(componentKey)!;
    const id = `${component.id}|${entityId}|${r.type}`;
    const key = relationKey(componentKey, r.type, entityKey(kind, ref.namespace, ref.name));
    if (have.has(id)) {
      b.outcome('relations', key, 'updated');
      return;
    }
    have.add(id);
    const row = { id: randomUUID(), componentId: component.id, entityId, type: r.type };
    inserts.push(row);
    const componentRef = `component:${component.namespace}/${component.name}`;
    const entityRef = formatEntityRef(ref);
    b.audit.created('relation', row.id, `${componentRef}->${entityRef}`, {
      type: r.type,
      entity: entityRef,
    });
    b.change('component', componentRef, 'update');
    b.outcome('relations', key, 'created');
  });
  b.steps.push({
    phase: 'relations',
    units: inserts.length,
    run: (tick) => insertMany(b.tx, entityRelations, inserts, tick),
  });
}
