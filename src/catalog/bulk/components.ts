import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { changedFields, pickFields } from '../../platform/audit/service.js';
import { insertMany } from '../../platform/bulk-insert.js';
import { ENTITY_NAME_RULE, isEntityName, TAG_RULE, Tag } from '../contract.js';
import { parseOwner } from '../owners.js';
import { formatComponentRef } from '../refs.js';
import { components } from '../schema.js';
import type { CatalogImport } from './import.js';
import { catalogKeys } from './keys.js';
import { ComponentRecord } from './records.js';

/** Components in bulk. */

type Row = Record<string, unknown>;

export const COMPONENT_FIELDS = [
  'namespace',
  'name',
  'title',
  'description',
  'type',
  'lifecycle',
  'category',
  'subcategory',
  'vendor',
  'privacyClass',
  'locationClasses',
  'owner',
  'system',
  'space',
  'tags',
  'labels',
  'annotations',
  'links',
  'endpoints',
  'attributes',
  'highlyLoaded',
] as const;

/** The fields history records; a person owner as `user:<username>`, as the API records it. */
function audited(row: Row): Row {
  const fields = pickFields(row, COMPONENT_FIELDS);
  if (row.ownerPersonId) fields.owner = `user:${row.owner}`;
  return fields;
}

/**
 * Adds components and updates those that exist (matched by namespace and name, ignoring case),
 * and registers the existing components `referenced` (keys of catalogKeys.component) that other
 * records of the import name. Names, tags, list values and the owner are checked through the
 * contract; list values take the list's spelling.
 */
export async function importComponents(
  b: CatalogImport,
  records: ComponentRecord[],
  referenced: readonly string[],
  at = 'components',
): Promise<void> {
  b.check(ComponentRecord, records, at);
  const needed = [
    ...new Set([
      ...records.map((c) => catalogKeys.component(c.namespace ?? 'default', c.name)),
      ...referenced,
    ]),
  ];
  const rows =
    needed.length === 0
      ? []
      : await b.tx
          .select()
          .from(components)
          .where(
            sql`'component:' || lower(${components.namespace}) || '/' || lower(${components.name}) = ANY(${sql.param(needed)}::text[])`,
          )
          // Locked until the import commits, as an API edit locks its component (lockComponent):
          // their versions and deployments are written under the same lock.
          .for('update');
  const existing = new Map(rows.map((r) => [catalogKeys.component(r.namespace, r.name), r]));
  for (const [key, r] of existing)
    b.components.set(key, { id: r.id, namespace: r.namespace, name: r.name, created: false });

  const seen = new Map<string, number>();
  records.forEach((c, i) => {
    const namespace = c.namespace ?? 'default';
    const key = catalogKeys.component(namespace, c.name);
    if (!isEntityName(c.name)) b.problem(`${at}[${i}].name`, `"${c.name}" ${ENTITY_NAME_RULE}`);
    if (!isEntityName(namespace))
      b.problem(`${at}[${i}].namespace`, `"${namespace}" is not a valid namespace`);
    const first = seen.get(key);
    if (first !== undefined)
      b.problem(
        `${at}[${i}].name`,
        `${formatComponentRef({ namespace, name: c.name })} is listed twice (also ${at}[${first}])`,
      );
    else seen.set(key, i);
    if (!existing.has(key) && !b.components.has(key))
      b.components.set(key, { id: randomUUID(), namespace, name: c.name, created: true });
  });

  const inserts: Row[] = [];
  const updates: { id: string; set: Row }[] = [];
  const teamNames = new Map([...b.teams.values()].map((t) => [t.id, t.name]));
  const model = 'components';
  records.forEach((c, i) => {
    b.counts.add(model, 'read');
    const path = `${at}[${i}]`;
    const namespace = c.namespace ?? 'default';
    const key = catalogKeys.component(namespace, c.name);
    const entry = b.components.get(key)!;
    // Resolved values of the fields the document gives (undefined: not given).
    const type = c.type === undefined ? undefined : b.canon('component_types', c.type);
    const category = c.category === undefined ? undefined : b.canon('categories', c.category);
    const subcategory =
      c.subcategory === undefined ? undefined : b.canon('subcategories', c.subcategory);
    const vendor = c.vendor === undefined ? undefined : b.canon('vendors', c.vendor);
    const privacyClass =
      c.privacyClass === undefined ? undefined : b.canon('privacy_classes', c.privacyClass);
    const locationClasses =
      c.locationClasses === undefined
        ? undefined
        : [...new Set(c.locationClasses.map((l) => b.canon('location_classes', l)))];
    let tags: string[] | undefined;
    if (c.tags !== undefined) {
      c.tags.forEach((tag, j) => {
        if (!Tag.safeParse(tag).success) b.problem(`${path}.tags[${j}]`, `"${tag}": ${TAG_RULE}`);
      });
      tags = c.tags.length < 2 ? c.tags : [...new Set(c.tags)];
    }
    // The owner is a team (`name`, `group:name`) or a person (`user:username`): owners.ts.
    let owner: string | null | undefined;
    let ownerTeamId: string | null | undefined;
    let ownerPersonId: string | null | undefined;
    if (c.owner === null || c.owner === '') {
      owner = null;
      ownerTeamId = null;
      ownerPersonId = null;
    } else if (c.owner !== undefined) {
      const named = parseOwner(c.owner);
      const key = named.name.toLowerCase();
      const team = named.kind === 'team' ? b.teams.get(key) : undefined;
      const person = named.kind === 'person' ? b.people.get(key) : undefined;
      if (!team && !person) b.problem(`${path}.owner`, `no ${named.kind} "${named.name}"`);
      owner = team?.name ?? person?.username ?? null;
      ownerTeamId = team?.id ?? null;
      ownerPersonId = person?.id ?? null;
    }
    const row = existing.get(key);
    const ref = formatComponentRef({ namespace, name: c.name });
    if (row) {
      const given: Row = { namespace };
      for (const f of COMPONENT_FIELDS) if (c[f] !== undefined) given[f] = c[f];
      const resolved = {
        type,
        category,
        subcategory,
        vendor,
        privacyClass,
        locationClasses,
        tags,
        owner,
        ownerTeamId,
        ownerPersonId,
      };
      for (const [f, v] of Object.entries(resolved)) if (v !== undefined) given[f] = v;
      const before: Row = {
        ...pickFields(row as Row, COMPONENT_FIELDS),
        ownerTeamId: row.ownerTeamId,
        ownerPersonId: row.ownerPersonId,
      };
      // A team or list value this import renames has been renamed here too (and recorded) by
      // the time this component is written: compare with that, not record the rename twice.
      if (row.ownerTeamId) before.owner = teamNames.get(row.ownerTeamId) ?? row.owner;
      before.type = b.canon('component_types', row.type);
      before.category = b.canon('categories', row.category);
      before.subcategory = b.canon('subcategories', row.subcategory);
      before.vendor = b.canon('vendors', row.vendor);
      before.privacyClass = b.canon('privacy_classes', row.privacyClass);
      before.locationClasses = row.locationClasses.map((l) => b.canon('location_classes', l));
      const after: Row = { ...before, ...given };
      const changed = changedFields(before, after);
      if (changed.length > 0) {
        updates.push({ id: row.id, set: { ...pickFields(after, changed), updatedAt: new Date() } });
        b.audit.updated('component', row.id, ref, audited(before), audited(after));
        b.change('component', ref, 'update');
      }
      b.outcome(model, key, 'updated');
    } else if (entry.created && !b.newComponentRows.has(key)) {
      // A literal of one shape: this runs once per row of a 100,000-row spreadsheet.
      const values: Row = {
        id: entry.id,
        namespace,
        name: c.name,
        title: c.title ?? '',
        description: c.description ?? '',
        type: type ?? null,
        lifecycle: c.lifecycle ?? 'unknown',
        category: category ?? null,
        subcategory: subcategory ?? null,
        vendor: vendor ?? null,
        privacyClass: privacyClass ?? null,
        locationClasses: locationClasses ?? [],
        owner: owner ?? null,
        ownerTeamId: ownerTeamId ?? null,
        ownerPersonId: ownerPersonId ?? null,
        system: c.system ?? null,
        space: c.space ?? null,
        tags: tags ?? [],
        labels: c.labels ?? {},
        annotations: c.annotations ?? {},
        links: c.links ?? [],
        endpoints: c.endpoints ?? [],
        attributes: c.attributes ?? {},
        highlyLoaded: c.highlyLoaded ?? false,
        languages: [],
        frameworks: [],
      };
      inserts.push(values);
      b.newComponentRows.set(key, values);
      b.audit.created(
        'component',
        entry.id,
        ref,
        ownerPersonId ? audited(values) : values,
        COMPONENT_FIELDS,
      );
      b.change('component', ref, 'create');
      b.outcome(model, key, 'created');
    }
  });

  b.steps.push({
    phase: 'components',
    units: inserts.length + updates.length,
    async run(tick) {
      await insertMany(b.tx, components, inserts as (typeof components.$inferInsert)[], tick);
      for (const u of updates)
        await b.tx.update(components).set(u.set).where(eq(components.id, u.id));
    },
  });
}
