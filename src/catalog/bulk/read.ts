import { asc } from 'drizzle-orm';
import { people } from '../../platform/auth/schema.js';
import type { Db } from '../../platform/db.js';
import {
  REFERENCE_LISTS,
  type ReferenceList,
  VERSION_ROLES,
  type VersionRole,
} from '../contract.js';
import { ownerOfRow, ownerText } from '../owners.js';
import { formatComponentRef } from '../refs.js';
import {
  components,
  componentVersions,
  dependencies,
  deployments,
  referenceItems,
  teamMembers,
  teams,
  versionRoles,
} from '../schema.js';
import { compareVersions } from '../semver.js';
import { readEntities } from './read-entities.js';
import type {
  ComponentRecord,
  DependencyRecord,
  DeploymentRecord,
  EntityRecord,
  PersonRecord,
  ReferenceItemRecord,
  RelationRecord,
  TeamRecord,
  VersionRecord,
} from './records.js';

/**
 * The whole catalog as the records its bulk operations take: every value explicit (so a restore
 * into an existing instance sets it), no generated ids, and a stable order, so reading the same
 * catalog twice gives the same records. Exports write these in their formats.
 */

/** Orders text case-insensitively, then by code point: the same everywhere, unlike localeCompare. */
export function byText(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Object keys sorted, recursively: jsonb returns keys in its own order. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    ) as T;
  }
  return value;
}

/** Component-wide dependencies first, then by version. */
function compareFromVersion(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return compareVersions(a, b);
}

export interface CatalogRecords {
  referenceLists: Partial<Record<ReferenceList, ReferenceItemRecord[]>>;
  people: PersonRecord[];
  teams: TeamRecord[];
  entities: EntityRecord[];
  relations: RelationRecord[];
  components: ComponentRecord[];
  versions: VersionRecord[];
  dependencies: DependencyRecord[];
  deployments: DeploymentRecord[];
}

/** How records of other modules name the catalog's rows: teams by name, versions by component. */
export interface CatalogNaming {
  teamName: Map<string, string>;
  /** Per version id: its component's ref, its version string and its place in `versions`. */
  versionOf: Map<string, { component: string; version: string; order: number }>;
}

export async function readCatalogRecords(
  db: Db,
): Promise<{ records: CatalogRecords; naming: CatalogNaming }> {
  const refRows = await db.select().from(referenceItems);
  const refName = new Map(refRows.map((r) => [r.id, r.name]));
  const referenceLists: Partial<Record<ReferenceList, ReferenceItemRecord[]>> = {};
  for (const list of REFERENCE_LISTS) {
    const items = refRows
      .filter((r) => r.list === list)
      .sort((a, b) => a.position - b.position || byText(a.name, b.name))
      .map((r) => ({
        name: r.name,
        description: r.description,
        position: r.position,
        parent: r.parentId ? (refName.get(r.parentId) ?? null) : null,
        extra: sortKeys(r.extra),
      }));
    if (items.length > 0) referenceLists[list] = items;
  }

  const personRows = await db.select().from(people);
  const usernameById = new Map(personRows.map((p) => [p.id, p.username]));
  const peopleDocs = personRows
    .sort((a, b) => byText(a.username, b.username))
    .map((p) => ({
      username: p.username,
      name: p.name,
      email: p.email,
      title: p.title,
      organization: p.organization,
      department: p.department,
      manager: p.managerId ? (usernameById.get(p.managerId) ?? null) : null,
      officePhone: p.officePhone,
      mobilePhone: p.mobilePhone,
      employeeNumber: p.employeeNumber,
      photo: p.photo,
      hidden: p.hidden,
      role: p.role,
      directoryDn: p.directoryDn,
    }));

  const teamRows = await db.select().from(teams);
  const teamName = new Map(teamRows.map((t) => [t.id, t.name]));
  const memberRows = await db.select().from(teamMembers);
  const teamDocs = teamRows
    .sort((a, b) => byText(a.name, b.name))
    .map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      parent: t.parentId ? (teamName.get(t.parentId) ?? null) : null,
      email: t.email,
      chatChannel: t.chatChannel,
      type: t.type,
      members: memberRows
        .filter((m) => m.teamId === t.id)
        .map((m) => usernameById.get(m.personId)!)
        .sort(byText),
    }));

  const componentRows = await db
    .select()
    .from(components)
    .orderBy(asc(components.namespace), asc(components.name));
  componentRows.sort((a, b) => byText(a.namespace, b.namespace) || byText(a.name, b.name));
  const refById = new Map(componentRows.map((c) => [c.id, formatComponentRef(c)]));
  const componentDocs: ComponentRecord[] = componentRows.map((c) => ({
    namespace: c.namespace,
    name: c.name,
    title: c.title,
    description: c.description,
    type: c.type,
    lifecycle: c.lifecycle as ComponentRecord['lifecycle'],
    category: c.category,
    subcategory: c.subcategory,
    vendor: c.vendor,
    privacyClass: c.privacyClass,
    locationClasses: c.locationClasses,
    owner: ownerText(ownerOfRow(c)),
    system: c.system,
    space: c.space,
    tags: c.tags,
    labels: sortKeys(c.labels),
    annotations: sortKeys(c.annotations),
    links: c.links.map((l) => sortKeys(l)),
    endpoints: c.endpoints,
    attributes: sortKeys(c.attributes),
    highlyLoaded: c.highlyLoaded,
  }));
  const order = new Map(componentRows.map((c, i) => [c.id, i]));

  const versionRows = await db.select().from(componentVersions);
  versionRows.sort(
    (a, b) =>
      order.get(a.componentId)! - order.get(b.componentId)! ||
      compareVersions(a.version, b.version),
  );
  const versionById = new Map(versionRows.map((v) => [v.id, v]));
  const roleRows = await db.select().from(versionRoles);
  const rolesOf = new Map<string, Partial<Record<VersionRole, string[]>>>();
  for (const r of roleRows) {
    const byRole = rolesOf.get(r.versionId) ?? {};
    byRole[r.role as VersionRole] = [
      ...(byRole[r.role as VersionRole] ?? []),
      usernameById.get(r.personId)!,
    ];
    rolesOf.set(r.versionId, byRole);
  }
  const versionDocs: VersionRecord[] = versionRows.map((v) => {
    const byRole = rolesOf.get(v.id) ?? {};
    const roles: Partial<Record<VersionRole, string[]>> = {};
    for (const role of VERSION_ROLES)
      if (byRole[role]?.length) roles[role] = byRole[role]!.sort(byText);
    return {
      component: refById.get(v.componentId)!,
      version: v.version,
      releaseNotes: v.releaseNotes,
      languages: v.languages,
      frameworks: v.frameworks,
      databases: v.databases,
      orms: v.orms,
      loggers: v.loggers,
      runtimes: v.runtimes,
      kloc: v.kloc === null ? null : Number(v.kloc),
      devLinks: sortKeys(v.devLinks),
      qa: sortKeys(v.qa) as VersionRecord['qa'],
      people: roles,
    };
  });

  const depRows = await db.select().from(dependencies);
  const dependencyDocs = depRows
    .map((d) => ({
      from: refById.get(d.fromComponentId)!,
      fromVersion: d.fromVersionId ? (versionById.get(d.fromVersionId)?.version ?? null) : null,
      to: refById.get(d.toComponentId)!,
      type: d.type as 'strong_rw',
      notes: d.notes,
      order: order.get(d.fromComponentId)!,
      toOrder: order.get(d.toComponentId)!,
    }))
    .sort(
      (a, b) =>
        a.order - b.order ||
        compareFromVersion(a.fromVersion, b.fromVersion) ||
        a.toOrder - b.toOrder,
    )
    .map(({ order: _o, toOrder: _t, ...d }) => d);

  const deploymentRows = await db.select().from(deployments);
  const versionOrder = new Map(versionRows.map((v, i) => [v.id, i]));
  const deploymentDocs: DeploymentRecord[] = deploymentRows
    .map((d) => {
      const version = versionById.get(d.versionId)!;
      return {
        component: refById.get(version.componentId)!,
        version: version.version,
        productVersion: d.productVersion,
        environment: d.environment,
        locationClass: d.locationClass,
        serviceName: d.serviceName,
        binaryName: d.binaryName,
        runtime: d.runtime,
        openPorts: d.openPorts,
        notes: d.notes,
        order: versionOrder.get(d.versionId)!,
      };
    })
    .sort((a, b) => a.order - b.order || byText(JSON.stringify(a), JSON.stringify(b)))
    .map(({ order: _o, ...d }) => d);

  return {
    records: {
      referenceLists,
      people: peopleDocs,
      teams: teamDocs,
      ...(await readEntities(db)),
      components: componentDocs,
      versions: versionDocs,
      dependencies: dependencyDocs,
      deployments: deploymentDocs,
    },
    naming: {
      teamName,
      versionOf: new Map(
        versionRows.map((v, i) => [
          v.id,
          { component: refById.get(v.componentId)!, version: v.version, order: i },
        ]),
      ),
    },
  };
}
