import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { people } from '../../platform/auth/schema.js';
import { VERSION_ROLES, type VersionRole } from '../contract.js';
import { components, componentVersions, versionRoles } from '../schema.js';
import { type ApplyState, formatRef, refKey } from './apply-state.js';
import { changedFields, insertMany } from './bulk.js';
import { isEntityName, keys } from './keys.js';

/** Components and their versions, with people by role. */

type Row = Record<string, unknown>;

function pick(row: Row, fields: readonly string[]): Row {
  return Object.fromEntries(fields.map((f) => [f, row[f]]));
}

const TAG = /^[a-z0-9:+#.-]{1,63}$/;

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

/** Every component the document names, so existing ones are loaded in one query. */
function referencedComponents(s: ApplyState): string[] {
  const needed = new Set<string>();
  const add = (ref: string) => {
    const key = refKey(ref);
    if (key) needed.add(key);
  };
  for (const c of s.doc.components) needed.add(keys.component(c.namespace ?? 'default', c.name));
  for (const v of s.doc.versions) add(v.component);
  for (const d of s.doc.dependencies) {
    add(d.from);
    add(d.to);
  }
  for (const d of s.doc.deployments) add(d.component);
  for (const r of s.doc.requirementStatuses) add(r.component);
  return [...needed];
}

export async function planComponents(s: ApplyState): Promise<void> {
  const needed = referencedComponents(s);
  const rows =
    needed.length === 0
      ? []
      : await s.tx
          .select()
          .from(components)
          .where(
            sql`'component:' || lower(${components.namespace}) || '/' || lower(${components.name}) = ANY(${sql.param(needed)}::text[])`,
          )
          // Locked until the import commits, as an API edit locks its component (lockComponent):
          // their versions and deployments are written under the same lock.
          .for('update');
  const existing = new Map(rows.map((r) => [keys.component(r.namespace, r.name), r]));
  for (const [key, r] of existing)
    s.components.set(key, { id: r.id, namespace: r.namespace, name: r.name, created: false });

  const seen = new Map<string, number>();
  s.doc.components.forEach((c, i) => {
    const namespace = c.namespace ?? 'default';
    const key = keys.component(namespace, c.name);
    if (!isEntityName(c.name))
      s.problem(
        `components[${i}].name`,
        `"${c.name}" must be letters and digits joined by -, _ or . (at most 63 characters)`,
      );
    if (!isEntityName(namespace))
      s.problem(`components[${i}].namespace`, `"${namespace}" is not a valid namespace`);
    const first = seen.get(key);
    if (first !== undefined)
      s.problem(
        `components[${i}].name`,
        `${formatRef({ namespace, name: c.name })} is listed twice (also components[${first}])`,
      );
    else seen.set(key, i);
    if (!existing.has(key) && !s.components.has(key))
      s.components.set(key, { id: randomUUID(), namespace, name: c.name, created: true });
  });

  const inserts: Row[] = [];
  const updates: { id: string; set: Row }[] = [];
  const teamNames = new Map([...s.teams.values()].map((t) => [t.id, t.name]));
  const model = 'components';
  s.doc.components.forEach((c, i) => {
    s.counts.add(model, 'read');
    const path = `components[${i}]`;
    const namespace = c.namespace ?? 'default';
    const key = keys.component(namespace, c.name);
    const entry = s.components.get(key)!;
    // Resolved values of the fields the document gives (undefined: not given).
    const type = c.type === undefined ? undefined : s.canon('component_types', c.type);
    const category = c.category === undefined ? undefined : s.canon('categories', c.category);
    const subcategory =
      c.subcategory === undefined ? undefined : s.canon('subcategories', c.subcategory);
    const vendor = c.vendor === undefined ? undefined : s.canon('vendors', c.vendor);
    const privacyClass =
      c.privacyClass === undefined ? undefined : s.canon('privacy_classes', c.privacyClass);
    const locationClasses =
      c.locationClasses === undefined
        ? undefined
        : [...new Set(c.locationClasses.map((l) => s.canon('location_classes', l)))];
    let tags: string[] | undefined;
    if (c.tags !== undefined) {
      c.tags.forEach((tag, j) => {
        if (!TAG.test(tag))
          s.problem(`${path}.tags[${j}]`, `"${tag}": tags are 1-63 of a-z 0-9 : + # . -`);
      });
      tags = c.tags.length < 2 ? c.tags : [...new Set(c.tags)];
    }
    let owner: string | null | undefined;
    let ownerTeamId: string | null | undefined;
    if (c.owner === null || c.owner === '') {
      owner = null;
      ownerTeamId = null;
    } else if (c.owner !== undefined) {
      const team = s.teams.get(c.owner.toLowerCase().replace(/^group:(default\/)?/, ''));
      if (!team) s.problem(`${path}.owner`, `no team "${c.owner}"`);
      owner = team?.name ?? null;
      ownerTeamId = team?.id ?? null;
    }
    const row = existing.get(key);
    const ref = formatRef({ namespace, name: c.name });
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
      };
      for (const [f, v] of Object.entries(resolved)) if (v !== undefined) given[f] = v;
      const before: Row = { ...pick(row as Row, COMPONENT_FIELDS), ownerTeamId: row.ownerTeamId };
      // A team or list value this import renames has been renamed here too (and recorded) by
      // the time this component is written: compare with that, not record the rename twice.
      if (row.ownerTeamId) before.owner = teamNames.get(row.ownerTeamId) ?? row.owner;
      before.type = s.canon('component_types', row.type);
      before.category = s.canon('categories', row.category);
      before.subcategory = s.canon('subcategories', row.subcategory);
      before.vendor = s.canon('vendors', row.vendor);
      before.privacyClass = s.canon('privacy_classes', row.privacyClass);
      before.locationClasses = row.locationClasses.map((l) => s.canon('location_classes', l));
      const after: Row = { ...before, ...given };
      const changed = changedFields(before, after);
      if (changed.length > 0) {
        updates.push({ id: row.id, set: { ...pick(after, changed), updatedAt: new Date() } });
        s.audit.updated(
          'component',
          row.id,
          ref,
          pick(before, COMPONENT_FIELDS),
          pick(after, COMPONENT_FIELDS),
        );
        s.change('component', ref, 'update');
      }
      s.outcome(model, key, 'updated');
    } else if (entry.created && !s.newComponentRows.has(key)) {
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
      s.newComponentRows.set(key, values);
      s.audit.created('component', entry.id, ref, values, COMPONENT_FIELDS);
      s.change('component', ref, 'create');
      s.outcome(model, key, 'created');
    }
  });

  s.steps.push({
    phase: 'components',
    units: inserts.length + updates.length,
    async run(tick) {
      await insertMany(s.tx, components, inserts as (typeof components.$inferInsert)[], tick);
      for (const u of updates)
        await s.tx.update(components).set(u.set).where(eq(components.id, u.id));
    },
  });
}

const VERSION_FIELDS = [
  'releaseNotes',
  'languages',
  'frameworks',
  'databases',
  'orms',
  'loggers',
  'runtimes',
  'kloc',
  'devLinks',
  'qa',
] as const;
const VERSION_AUDIT_FIELDS = ['version', ...VERSION_FIELDS, 'people'];
const FACTS = [
  ['languages', 'languages'],
  ['frameworks', 'frameworks'],
  ['databases', 'databases'],
  ['orms', 'orms'],
  ['loggers', 'loggers'],
  ['runtimes', 'runtimes'],
] as const;

export async function planVersions(s: ApplyState): Promise<void> {
  const keyById = new Map([...s.components].map(([key, c]) => [c.id, key]));
  const existingIds = [...s.components.values()].filter((c) => !c.created).map((c) => c.id);
  const rows =
    existingIds.length === 0
      ? []
      : await s.tx
          .select()
          .from(componentVersions)
          .where(sql`${componentVersions.componentId} = ANY(${sql.param(existingIds)}::uuid[])`);
  const existing = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const key = keys.version(keyById.get(r.componentId)!, r.version);
    existing.set(key, r);
    s.versions.set(key, {
      id: r.id,
      componentKey: keyById.get(r.componentId)!,
      version: r.version,
    });
  }
  const roleRows =
    rows.length === 0
      ? []
      : await s.tx
          .select({
            versionId: versionRoles.versionId,
            role: versionRoles.role,
            username: people.username,
          })
          .from(versionRoles)
          .innerJoin(people, eq(people.id, versionRoles.personId))
          .where(sql`${versionRoles.versionId} = ANY(${sql.param(rows.map((r) => r.id))}::uuid[])`);
  const rolesOf = new Map<string, Partial<Record<VersionRole, string[]>>>();
  for (const r of roleRows) {
    const byRole = rolesOf.get(r.versionId) ?? {};
    byRole[r.role as VersionRole] = [...(byRole[r.role as VersionRole] ?? []), r.username].sort();
    rolesOf.set(r.versionId, byRole);
  }

  const componentKeys: (string | null)[] = [];
  const seen = new Map<string, number>();
  s.doc.versions.forEach((v, i) => {
    const componentKey = s.componentKeyOf(v.component, `versions[${i}].component`);
    componentKeys.push(componentKey);
    if (!componentKey) return;
    const key = keys.version(componentKey, v.version);
    const first = seen.get(key);
    if (first !== undefined)
      s.problem(
        `versions[${i}].version`,
        `version "${v.version}" of ${v.component} is listed twice (also versions[${first}])`,
      );
    else seen.set(key, i);
    if (!s.versions.has(key)) {
      s.versions.set(key, {
        id: randomUUID(),
        componentKey,
        version: v.version.trim(),
        created: true,
      });
    }
  });

  const inserts: Row[] = [];
  const updates: { id: string; set: Row }[] = [];
  const roleInserts: (typeof versionRoles.$inferInsert)[] = [];
  const roleDeletes: { versionId: string; role: VersionRole }[] = [];
  const summaries = new Map<string, { languages: Set<string>; frameworks: Set<string> }>();
  const model = 'versions';
  s.doc.versions.forEach((v, i) => {
    s.counts.add(model, 'read');
    const componentKey = componentKeys[i];
    if (!componentKey) return;
    const path = `versions[${i}]`;
    const key = keys.version(componentKey, v.version);
    const entry = s.versions.get(key)!;
    const component = s.components.get(componentKey)!;
    const given: Row = {};
    for (const f of VERSION_FIELDS) if (v[f] !== undefined) given[f] = v[f];
    for (const [field, list] of FACTS) {
      const values = v[field];
      if (values !== undefined) given[field] = [...new Set(values.map((x) => s.canon(list, x)))];
    }
    let roles: Partial<Record<VersionRole, { ids: string[]; names: string[] }>> | undefined;
    if (v.people) {
      roles = {};
      for (const role of VERSION_ROLES) {
        const names = v.people[role];
        if (names === undefined) continue;
        const found = names
          .map((u, j) => {
            const person = s.people.get(u.toLowerCase());
            if (!person) s.problem(`${path}.people.${role}[${j}]`, `no person "${u}"`);
            return person;
          })
          .filter((p): p is NonNullable<typeof p> => p !== undefined);
        roles[role] = {
          ids: [...new Set(found.map((p) => p.id))],
          names: [...new Set(found.map((p) => p.username))].sort(),
        };
      }
    }
    const ref = `${formatRef(component)}@${entry.version}`;
    const row = existing.get(key);
    const touchesSummary = given.languages !== undefined || given.frameworks !== undefined;
    if (component.created) {
      const summary = summaries.get(componentKey) ?? {
        languages: new Set(),
        frameworks: new Set(),
      };
      for (const l of (given.languages as string[] | undefined) ?? []) summary.languages.add(l);
      for (const f of (given.frameworks as string[] | undefined) ?? []) summary.frameworks.add(f);
      summaries.set(componentKey, summary);
    } else if (touchesSummary) {
      s.summaryStale.add(component.id);
    }
    if (row) {
      const before: Row = pick(row as Row, VERSION_FIELDS);
      // As the components' values above: renamed list values are renamed here already.
      for (const [field, list] of FACTS) before[field] = row[field].map((x) => s.canon(list, x));
      const after: Row = { ...before, ...given };
      // Links and QA facts merge key by key: a file that names the repository keeps the docs link.
      if (v.devLinks) after.devLinks = { ...(before.devLinks as Row), ...v.devLinks };
      if (v.qa) after.qa = { ...(before.qa as Row), ...v.qa };
      const changed = changedFields(before, after);
      if (changed.length > 0) updates.push({ id: row.id, set: pick(after, changed) });
      const beforeRoles = rolesOf.get(row.id) ?? {};
      const afterRoles: Partial<Record<VersionRole, string[]>> = { ...beforeRoles };
      for (const [role, r] of Object.entries(roles ?? {}) as [
        VersionRole,
        { ids: string[]; names: string[] },
      ][]) {
        if (changedFields({ x: beforeRoles[role] ?? [] }, { x: r.names }).length === 0) continue;
        roleDeletes.push({ versionId: row.id, role });
        for (const personId of r.ids) roleInserts.push({ versionId: row.id, role, personId });
        if (r.names.length > 0) afterRoles[role] = r.names;
        else delete afterRoles[role];
      }
      if (
        s.audit.updated(
          'version',
          row.id,
          ref,
          { ...before, people: beforeRoles },
          { ...after, people: afterRoles },
        )
      ) {
        s.change('component', formatRef(component), 'update');
      }
      s.outcome(model, key, 'updated');
    } else {
      const values: Row = {
        id: entry.id,
        componentId: component.id,
        version: entry.version,
        releaseNotes: v.releaseNotes ?? '',
        languages: given.languages ?? [],
        frameworks: given.frameworks ?? [],
        databases: given.databases ?? [],
        orms: given.orms ?? [],
        loggers: given.loggers ?? [],
        runtimes: given.runtimes ?? [],
        kloc: v.kloc ?? null,
        devLinks: v.devLinks ?? {},
        qa: v.qa ?? {},
      };
      inserts.push(values);
      const people: Partial<Record<VersionRole, string[]>> = {};
      for (const [role, r] of Object.entries(roles ?? {}) as [
        VersionRole,
        { ids: string[]; names: string[] },
      ][]) {
        for (const personId of r.ids) roleInserts.push({ versionId: entry.id, role, personId });
        if (r.names.length > 0) people[role] = r.names;
      }
      s.audit.created('version', entry.id, ref, { ...values, people }, VERSION_AUDIT_FIELDS);
      s.outcome(model, key, 'created');
    }
  });
  // The language and framework summary of new components, computed here instead of by a query.
  for (const [componentKey, summary] of summaries) {
    const row = s.newComponentRows.get(componentKey);
    if (!row) continue;
    row.languages = [...summary.languages].sort();
    row.frameworks = [...summary.frameworks].sort();
  }

  s.steps.push({
    phase: 'versions',
    units: inserts.length + updates.length + roleInserts.length,
    async run(tick) {
      await insertMany(
        s.tx,
        componentVersions,
        inserts as (typeof componentVersions.$inferInsert)[],
        tick,
      );
      for (const u of updates)
        await s.tx.update(componentVersions).set(u.set).where(eq(componentVersions.id, u.id));
      for (const d of roleDeletes) {
        await s.tx
          .delete(versionRoles)
          .where(
            sql`${versionRoles.versionId} = ${d.versionId} AND ${versionRoles.role} = ${d.role}`,
          );
      }
      await insertMany(s.tx, versionRoles, roleInserts, (n) =>
        tick(inserts.length + updates.length + n),
      );
      if (s.summaryStale.size > 0) {
        await s.tx.execute(sql`
          UPDATE ${components} c SET
            languages = coalesce((SELECT array_agg(DISTINCT l ORDER BY l) FROM ${componentVersions} v, unnest(v.languages) l WHERE v.component_id = c.id), '{}'),
            frameworks = coalesce((SELECT array_agg(DISTINCT f ORDER BY f) FROM ${componentVersions} v, unnest(v.frameworks) f WHERE v.component_id = c.id), '{}'),
            updated_at = now()
          WHERE c.id = ANY(${sql.param([...s.summaryStale])}::uuid[])`);
      }
    },
  });
}
