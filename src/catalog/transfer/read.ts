import { asc } from 'drizzle-orm';
import { people } from '../../platform/auth/schema.js';
import type { Db } from '../../platform/db.js';
import { radarEntries, radarEntryHistory, radarQuadrants, radarRings } from '../../radar/schema.js';
import {
  requirementLevels,
  requirementSetMembers,
  requirementSetReviewers,
  requirementSets,
  requirementStatuses,
  requirements,
} from '../../requirements/schema.js';
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
import {
  ARGUS_FORMAT,
  ARGUS_FORMAT_VERSION,
  type ArgusDocument,
  type ComponentDoc,
  type DeploymentDoc,
  type ReferenceItemDoc,
  type VersionDoc,
} from './document.js';
import { readEntities } from './read-entities.js';

/**
 * Reads the whole catalog as an Argus document: every value explicit (so a restore into an
 * existing instance sets it), no generated ids, and a stable order, so exporting the same
 * catalog twice gives the same bytes.
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

export async function readCatalog(db: Db): Promise<ArgusDocument> {
  const refRows = await db.select().from(referenceItems);
  const refName = new Map(refRows.map((r) => [r.id, r.name]));
  const referenceLists: Partial<Record<ReferenceList, ReferenceItemDoc[]>> = {};
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
  const componentDocs: ComponentDoc[] = componentRows.map((c) => ({
    namespace: c.namespace,
    name: c.name,
    title: c.title,
    description: c.description,
    type: c.type,
    lifecycle: c.lifecycle as ComponentDoc['lifecycle'],
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
  const versionDocs: VersionDoc[] = versionRows.map((v) => {
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
      qa: sortKeys(v.qa) as VersionDoc['qa'],
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
  const deploymentDocs: DeploymentDoc[] = deploymentRows
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

  const requirementRows = await db.select().from(requirements);
  const levelName = new Map((await db.select().from(requirementLevels)).map((l) => [l.id, l.name]));
  const titleById = new Map(requirementRows.map((r) => [r.id, r.title]));
  const requirementDocs = requirementRows
    .sort((a, b) => byText(a.title, b.title))
    .map((r) => ({
      title: r.title,
      description: r.description,
      mandatory: r.mandatory,
      level: r.levelId ? (levelName.get(r.levelId) ?? null) : null,
    }));
  const setRows = await db.select().from(requirementSets);
  const setMembers = await db.select().from(requirementSetMembers);
  const setReviewers = await db.select().from(requirementSetReviewers);
  const setDocs = setRows
    .sort((a, b) => a.position - b.position || byText(a.name, b.name))
    .map((set) => ({
      name: set.name,
      description: set.description,
      docLink: set.docLink,
      position: set.position,
      applicability: set.applicability,
      reviewerTeams: setReviewers
        .filter((r) => r.setId === set.id)
        .map((r) => teamName.get(r.teamId)!)
        .sort(byText),
      requirements: setMembers
        .filter((m) => m.setId === set.id)
        .sort((a, b) => a.position - b.position)
        .map((m) => titleById.get(m.requirementId)!),
    }));
  const statusRows = await db.select().from(requirementStatuses);
  const statusDocs = statusRows
    .map((st) => {
      const version = versionById.get(st.versionId)!;
      return {
        component: refById.get(version.componentId)!,
        version: version.version,
        requirement: titleById.get(st.requirementId)!,
        ownerStatus: st.ownerStatus,
        ownerNotes: st.ownerNotes,
        reviewerStatus: st.reviewerStatus,
        reviewerNotes: st.reviewerNotes,
        updatedAt: st.updatedAt.toISOString(),
        order: versionOrder.get(st.versionId)!,
      };
    })
    .sort((a, b) => a.order - b.order || byText(a.requirement, b.requirement))
    .map(({ order: _o, ...st }) => st);

  const quadrantRows = await db.select().from(radarQuadrants);
  const ringRows = await db.select().from(radarRings);
  const quadrantName = new Map(quadrantRows.map((q) => [q.id, q.name]));
  const ringName = new Map(ringRows.map((r) => [r.id, r.name]));
  const entryRows = await db.select().from(radarEntries);
  const historyRows = await db
    .select()
    .from(radarEntryHistory)
    .orderBy(asc(radarEntryHistory.date));
  const radar = {
    quadrants: quadrantRows
      .sort((a, b) => a.position - b.position || byText(a.name, b.name))
      .map((q) => ({ name: q.name, position: q.position, description: q.description })),
    rings: ringRows
      .sort((a, b) => a.position - b.position || byText(a.name, b.name))
      .map((r) => ({
        name: r.name,
        position: r.position,
        description: r.description,
        color: r.color,
      })),
    entries: entryRows
      .sort((a, b) => byText(a.label, b.label))
      .map((e) => ({
        label: e.label,
        quadrant: quadrantName.get(e.quadrantId)!,
        description: e.description,
        link: e.link,
        active: e.active,
        history: historyRows
          .filter((h) => h.entryId === e.id)
          .map((h) => ({
            ring: ringName.get(h.ringId)!,
            date: h.date.toISOString(),
            note: h.note,
          })),
      })),
  };

  return {
    format: ARGUS_FORMAT,
    version: ARGUS_FORMAT_VERSION,
    exportedAt: new Date().toISOString(),
    referenceLists,
    people: peopleDocs,
    teams: teamDocs,
    ...(await readEntities(db)),
    components: componentDocs,
    versions: versionDocs,
    dependencies: dependencyDocs,
    deployments: deploymentDocs,
    requirementSets: setDocs,
    requirements: requirementDocs,
    requirementStatuses: statusDocs,
    radar,
  };
}
