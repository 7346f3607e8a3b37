import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { changedFields, pickFields } from '../../platform/audit/service.js';
import { people } from '../../platform/auth/schema.js';
import { insertMany } from '../../platform/bulk-insert.js';
import { VERSION_ROLES, type VersionRole } from '../contract.js';
import { formatComponentRef } from '../refs.js';
import { components, componentVersions, versionRoles } from '../schema.js';
import type { CatalogImport } from './import.js';
import { catalogKeys } from './keys.js';
import { VersionRecord } from './records.js';

/** Versions of components in bulk, with people by role. */

type Row = Record<string, unknown>;

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

/**
 * Adds versions of components and updates those that exist (matched by component and version),
 * with the people in each role (replaced role by role when given), and keeps each component's
 * language and framework summary. Dev links and QA facts merge key by key. Version strings are
 * taken as they are: a backup restores versions as they were stored, and the formats that read
 * other systems' data skip what the API would refuse (docs/import-export.md).
 */
export async function importVersions(
  b: CatalogImport,
  records: VersionRecord[],
  at = 'versions',
): Promise<void> {
  b.check(VersionRecord, records, at);
  const keyById = new Map([...b.components].map(([key, c]) => [c.id, key]));
  const existingIds = [...b.components.values()].filter((c) => !c.created).map((c) => c.id);
  const rows =
    existingIds.length === 0
      ? []
      : await b.tx
          .select()
          .from(componentVersions)
          .where(sql`${componentVersions.componentId} = ANY(${sql.param(existingIds)}::uuid[])`);
  const existing = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const key = catalogKeys.version(keyById.get(r.componentId)!, r.version);
    existing.set(key, r);
    b.versions.set(key, {
      id: r.id,
      componentKey: keyById.get(r.componentId)!,
      version: r.version,
    });
  }
  const roleRows =
    rows.length === 0
      ? []
      : await b.tx
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
  records.forEach((v, i) => {
    const componentKey = b.componentKeyOf(v.component, `${at}[${i}].component`);
    componentKeys.push(componentKey);
    if (!componentKey) return;
    const key = catalogKeys.version(componentKey, v.version);
    const first = seen.get(key);
    if (first !== undefined)
      b.problem(
        `${at}[${i}].version`,
        `version "${v.version}" of ${v.component} is listed twice (also ${at}[${first}])`,
      );
    else seen.set(key, i);
    if (!b.versions.has(key)) {
      b.versions.set(key, {
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
  records.forEach((v, i) => {
    b.counts.add(model, 'read');
    const componentKey = componentKeys[i];
    if (!componentKey) return;
    const path = `${at}[${i}]`;
    const key = catalogKeys.version(componentKey, v.version);
    const entry = b.versions.get(key)!;
    const component = b.components.get(componentKey)!;
    const given: Row = {};
    for (const f of VERSION_FIELDS) if (v[f] !== undefined) given[f] = v[f];
    for (const [field, list] of FACTS) {
      const values = v[field];
      if (values !== undefined) given[field] = [...new Set(values.map((x) => b.canon(list, x)))];
    }
    let roles: Partial<Record<VersionRole, { ids: string[]; names: string[] }>> | undefined;
    if (v.people) {
      roles = {};
      for (const role of VERSION_ROLES) {
        const names = v.people[role];
        if (names === undefined) continue;
        const found = names
          .map((u, j) => {
            const person = b.people.get(u.toLowerCase());
            if (!person) b.problem(`${path}.people.${role}[${j}]`, `no person "${u}"`);
            return person;
          })
          .filter((p): p is NonNullable<typeof p> => p !== undefined);
        roles[role] = {
          ids: [...new Set(found.map((p) => p.id))],
          names: [...new Set(found.map((p) => p.username))].sort(),
        };
      }
    }
    const ref = `${formatComponentRef(component)}@${entry.version}`;
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
      b.summaryStale.add(component.id);
    }
    if (row) {
      const before: Row = pickFields(row as Row, VERSION_FIELDS);
      // As the components' values above: renamed list values are renamed here already.
      for (const [field, list] of FACTS) before[field] = row[field].map((x) => b.canon(list, x));
      const after: Row = { ...before, ...given };
      // Links and QA facts merge key by key: a file that names the repository keeps the docs link.
      if (v.devLinks) after.devLinks = { ...(before.devLinks as Row), ...v.devLinks };
      if (v.qa) after.qa = { ...(before.qa as Row), ...v.qa };
      const changed = changedFields(before, after);
      if (changed.length > 0) updates.push({ id: row.id, set: pickFields(after, changed) });
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
        b.audit.updated(
          'version',
          row.id,
          ref,
          { ...before, people: beforeRoles },
          { ...after, people: afterRoles },
        )
      ) {
        b.change('component', formatComponentRef(component), 'update');
      }
      b.outcome(model, key, 'updated');
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
      b.audit.created('version', entry.id, ref, { ...values, people }, VERSION_AUDIT_FIELDS);
      b.outcome(model, key, 'created');
    }
  });
  // The language and framework summary of new components, computed here instead of by a query.
  for (const [componentKey, summary] of summaries) {
    const row = b.newComponentRows.get(componentKey);
    if (!row) continue;
    row.languages = [...summary.languages].sort();
    row.frameworks = [...summary.frameworks].sort();
  }

  b.steps.push({
    phase: 'versions',
    units: inserts.length + updates.length + roleInserts.length,
    async run(tick) {
      await insertMany(
        b.tx,
        componentVersions,
        inserts as (typeof componentVersions.$inferInsert)[],
        tick,
      );
      for (const u of updates)
        await b.tx.update(componentVersions).set(u.set).where(eq(componentVersions.id, u.id));
      for (const d of roleDeletes) {
        await b.tx
          .delete(versionRoles)
          .where(
            sql`${versionRoles.versionId} = ${d.versionId} AND ${versionRoles.role} = ${d.role}`,
          );
      }
      await insertMany(b.tx, versionRoles, roleInserts, (n) =>
        tick(inserts.length + updates.length + n),
      );
      if (b.summaryStale.size > 0) {
        await b.tx.execute(sql`
          UPDATE ${components} c SET
            languages = coalesce((SELECT array_agg(DISTINCT l ORDER BY l) FROM ${componentVersions} v, unnest(v.languages) l WHERE v.component_id = c.id), '{}'),
            frameworks = coalesce((SELECT array_agg(DISTINCT f ORDER BY f) FROM ${componentVersions} v, unnest(v.frameworks) f WHERE v.component_id = c.id), '{}'),
            updated_at = now()
          WHERE c.id = ANY(${sql.param([...b.summaryStale])}::uuid[])`);
      }
    },
  });
}
