/**
 * A component version's profile, as profile completeness counts it (PRODUCT 2): what a reader
 * of the catalog expects to find filled in. Multi-valued fields count as unfilled when empty
 * (derive.ts isFilled); a lifecycle still `unknown` is not filled in.
 */
import { sql } from 'drizzle-orm';
import { components, componentVersions, versionRoles } from '../catalog/schema.js';
import { type Db, queryRows } from '../platform/db.js';
import type { Profile, QaRating } from './derive.js';

/** What a profile reads of a component; a description only as far as whether it has one. */
const PROFILE_COMPONENT = {
  id: components.id,
  title: components.title,
  description: sql<string | null>`nullif(left(${components.description}, 1), '')`,
  type: components.type,
  lifecycle: components.lifecycle,
  category: components.category,
  owner: components.owner,
  system: components.system,
  privacyClass: components.privacyClass,
  locationClasses: components.locationClasses,
  tags: components.tags,
  links: components.links,
};
const PROFILE_VERSION = {
  id: componentVersions.id,
  languages: componentVersions.languages,
  frameworks: componentVersions.frameworks,
  databases: componentVersions.databases,
  runtimes: componentVersions.runtimes,
  devLinks: componentVersions.devLinks,
  qa: componentVersions.qa,
};

function selectComponents(db: Db, ids: readonly string[]) {
  return db
    .select(PROFILE_COMPONENT)
    .from(components)
    .where(sql`${components.id} = ANY(${sql.param([...ids])}::uuid[])`);
}
function selectVersions(db: Db, ids: readonly string[]) {
  return db
    .select(PROFILE_VERSION)
    .from(componentVersions)
    .where(sql`${componentVersions.id} = ANY(${sql.param([...ids])}::uuid[])`);
}
type ComponentRow = Awaited<ReturnType<typeof selectComponents>>[number];
type VersionRow = Awaited<ReturnType<typeof selectVersions>>[number];

/** The fields counted, by the names a client shows as missing. */
export const PROFILE_FIELDS = [
  'title',
  'description',
  'type',
  'lifecycle',
  'category',
  'owner',
  'system',
  'privacyClass',
  'locationClasses',
  'tags',
  'links',
  'languages',
  'frameworks',
  'databases',
  'runtimes',
  'repository',
  'docs',
  'issueTracker',
  'maintainer',
  'qa',
] as const;

export function profileOf(
  component: ComponentRow,
  version: VersionRow | undefined,
  roles: ReadonlySet<string>,
): Profile {
  const links = version?.devLinks ?? {};
  const profile: Record<(typeof PROFILE_FIELDS)[number], unknown> = {
    title: component.title,
    description: component.description,
    type: component.type,
    lifecycle: component.lifecycle === 'unknown' ? null : component.lifecycle,
    category: component.category,
    owner: component.owner,
    system: component.system,
    privacyClass: component.privacyClass,
    locationClasses: component.locationClasses,
    tags: component.tags,
    links: component.links,
    languages: version?.languages,
    frameworks: version?.frameworks,
    databases: version?.databases,
    runtimes: version?.runtimes,
    repository: links.repository,
    docs: links.docs,
    issueTracker: links.issue_tracker,
    maintainer: roles.has('maintainer') ? true : null,
    // Rated means something other than unknown: n/a is an answer, unknown is not.
    qa: Object.values(version?.qa ?? {}).some((f) => f.rating !== 'unknown') ? true : null,
  };
  return profile;
}

export interface ProfileRows {
  components: Map<string, ComponentRow>;
  versions: Map<string, VersionRow>;
  /** Roles held by anyone, per version. */
  roles: Map<string, Set<string>>;
}

/** The rows profiles and QA ratings are computed from, for these components and versions. */
export async function loadProfileRows(
  db: Db,
  componentIds: readonly string[],
  versionIds: readonly string[],
): Promise<ProfileRows> {
  const [componentRows, versionRows, roleRows] = await Promise.all([
    componentIds.length ? selectComponents(db, componentIds) : [],
    versionIds.length ? selectVersions(db, versionIds) : [],
    versionIds.length
      ? queryRows<{ version_id: string; role: string }>(
          db,
          sql`SELECT DISTINCT version_id, role FROM ${versionRoles}
              WHERE version_id = ANY(${sql.param([...versionIds])}::uuid[])`,
        )
      : [],
  ]);
  const roles = new Map<string, Set<string>>();
  for (const r of roleRows) {
    const held = roles.get(r.version_id) ?? new Set<string>();
    held.add(r.role);
    roles.set(r.version_id, held);
  }
  return {
    components: new Map(componentRows.map((c) => [c.id, c])),
    versions: new Map(versionRows.map((v) => [v.id, v])),
    roles,
  };
}

/** The version's QA facts as derive.ts rates them. */
export function qaOf(
  version: VersionRow | undefined,
): Readonly<Record<string, { rating: QaRating }>> {
  return version?.qa ?? {};
}
