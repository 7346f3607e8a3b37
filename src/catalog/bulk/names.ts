import { sql } from 'drizzle-orm';
import { people } from '../../platform/auth/schema.js';
import type { Db } from '../../platform/db.js';
import type { EntityKind } from '../entities/contract.js';
import {
  catalogEntities,
  components,
  componentVersions,
  deployments,
  teamMembers,
  teams,
} from '../schema.js';
import { catalogKeys } from './keys.js';

/**
 * What the catalog holds, by name: formats that check a file's references before they import
 * it (Backstage, spreadsheets) read it here rather than from the tables.
 */
export interface CatalogNames {
  teams: { id: string; name: string }[];
  members: { teamId: string; username: string }[];
  people: { username: string; email: string }[];
  components: { namespace: string; name: string }[];
  entities: { kind: EntityKind; namespace: string; name: string }[];
}

export async function readCatalogNames(db: Db): Promise<CatalogNames> {
  return {
    teams: await db.select({ id: teams.id, name: teams.name }).from(teams),
    members: await db
      .select({ teamId: teamMembers.teamId, username: people.username })
      .from(teamMembers)
      .innerJoin(people, sql`${people.id} = ${teamMembers.personId}`),
    people: await db.select({ username: people.username, email: people.email }).from(people),
    components: await db
      .select({ namespace: components.namespace, name: components.name })
      .from(components),
    entities: await db
      .select({
        kind: catalogEntities.kind,
        namespace: catalogEntities.namespace,
        name: catalogEntities.name,
      })
      .from(catalogEntities),
  };
}

/**
 * The open ports of the deployments of each version of the given components (keys of
 * catalogKeys.component), by version key (catalogKeys.version), sorted and without repeats.
 */
export async function deploymentPorts(
  db: Db,
  componentKeys: string[],
): Promise<Map<string, number[]>> {
  if (componentKeys.length === 0) return new Map();
  const rows = await db
    .select({
      namespace: components.namespace,
      name: components.name,
      version: componentVersions.version,
      ports: deployments.openPorts,
    })
    .from(deployments)
    .innerJoin(componentVersions, sql`${componentVersions.id} = ${deployments.versionId}`)
    .innerJoin(components, sql`${components.id} = ${componentVersions.componentId}`)
    .where(
      sql`'component:' || lower(${components.namespace}) || '/' || lower(${components.name}) = ANY(${sql.param(componentKeys)}::text[])`,
    );
  const out = new Map<string, number[]>();
  for (const r of rows) {
    const key = catalogKeys.version(catalogKeys.component(r.namespace, r.name), r.version);
    out.set(
      key,
      [...new Set([...(out.get(key) ?? []), ...r.ports])].sort((a, b) => a - b),
    );
  }
  return out;
}
