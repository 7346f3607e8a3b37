import { asc, eq, inArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Db, queryRows } from '../platform/db.js';
import { NotFound } from '../platform/errors.js';
import { cursorId, cursorText, decodeCursor, encodeCursor } from '../platform/pagination.js';
import type { PersonResponsibilities, ResponsibilitiesQuery, VersionRole } from './contract.js';
import { formatEntityRef } from './entities/refs.js';
import { CatalogErrors } from './errors.js';
import { ownerOfRow, ownerRef } from './owners.js';
import { findPerson } from './people.js';
import { formatComponentRef } from './refs.js';
import { catalogEntities, components, componentVersions, teams, versionRoles } from './schema.js';
import { compareVersions } from './semver.js';

type ComponentEntry = PersonResponsibilities['components'][number];

interface TeamRow {
  id: string;
  name: string;
  title: string;
  /** The team the person is a member of that leads to this one (itself for a direct membership). */
  viaId: string;
  viaName: string;
}

/**
 * The teams a person belongs to: their own and every team below one of them, since ownership
 * resolves through parent teams (PRODUCT 1.1, as rights.ts decides who may edit). A team reached
 * both directly and through a parent counts as direct.
 */
async function teamsWithPath(db: Db, personId: string): Promise<TeamRow[]> {
  const rows = await queryRows<TeamRow>(
    db,
    sql`
    WITH RECURSIVE t(id, via) AS (
      SELECT team_id, team_id FROM team_members WHERE person_id = ${personId}
      UNION
      SELECT c.id, t.via FROM ${teams} c JOIN t ON c.parent_id = t.id
    )
    SELECT t.id, team.name, team.title, t.via AS "viaId", via.name AS "viaName"
    FROM t JOIN ${teams} team ON team.id = t.id JOIN ${teams} via ON via.id = t.via
    ORDER BY (t.id = t.via) DESC, lower(team.name), lower(via.name)`,
  );
  const byTeam = new Map<string, TeamRow>();
  for (const row of rows) if (!byTeam.has(row.id)) byTeam.set(row.id, row);
  return [...byTeam.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const CursorShape = z.tuple([cursorText, cursorId]);
/** The order of the components list, and the key its cursor holds. */
const refOrder = (ref: string) => ref.toLowerCase();

/**
 * What a person answers for (the person page, "my components" on the home page): components
 * they or their teams own and the roles they hold on versions (maintainer, QA lead, ...), one
 * entry a component, ordered by reference and paged (cursor, limit); and, whole, the teams they
 * are in and the systems, domains, APIs and resources they or their teams own. One person's
 * components are few enough (hundreds) to be gathered and then paged in memory.
 */
export async function responsibilitiesOf(
  db: Db,
  username: string,
  page: ResponsibilitiesQuery = { limit: 50 },
): Promise<PersonResponsibilities> {
  // Bad input is refused before anything is looked up (400, whoever the person is).
  const cursor = page.cursor === undefined ? undefined : decodeCursor(page.cursor, CursorShape);
  const after = cursor && { key: cursor[0], id: cursor[1] };
  const person = await findPerson(db, username);
  if (!person) throw new NotFound(CatalogErrors.notFound, `no person "${username}"`);
  const memberOf = await teamsWithPath(db, person.id);
  const teamById = new Map(memberOf.map((t) => [t.id, t]));

  const owned = await db
    .select({
      id: components.id,
      namespace: components.namespace,
      name: components.name,
      title: components.title,
      lifecycle: components.lifecycle,
      owner: components.owner,
      ownerTeamId: components.ownerTeamId,
      ownerPersonId: components.ownerPersonId,
    })
    .from(components)
    .where(
      or(
        eq(components.ownerPersonId, person.id),
        teamById.size ? inArray(components.ownerTeamId, [...teamById.keys()]) : undefined,
      ),
    );
  const held = await db
    .select({
      id: components.id,
      namespace: components.namespace,
      name: components.name,
      title: components.title,
      lifecycle: components.lifecycle,
      owner: components.owner,
      ownerTeamId: components.ownerTeamId,
      ownerPersonId: components.ownerPersonId,
      version: componentVersions.version,
      role: versionRoles.role,
    })
    .from(versionRoles)
    .innerJoin(componentVersions, eq(componentVersions.id, versionRoles.versionId))
    .innerJoin(components, eq(components.id, componentVersions.componentId))
    .where(eq(versionRoles.personId, person.id))
    .orderBy(asc(versionRoles.role));

  const entries = new Map<string, ComponentEntry & { versionsByRole: Map<string, string[]> }>();
  const entry = (c: (typeof held)[number] | (typeof owned)[number]) => {
    let e = entries.get(c.id);
    if (!e) {
      e = {
        ref: formatComponentRef(c),
        title: c.title,
        lifecycle: c.lifecycle,
        owner: c.owner,
        ownerRef: ownerRef(ownerOfRow(c)),
        ownerTeam: null,
        roles: [],
        versionsByRole: new Map(),
      };
      entries.set(c.id, e);
    }
    return e;
  };
  for (const c of owned) {
    const e = entry(c);
    if (c.ownerTeamId) e.ownerTeam = teamById.get(c.ownerTeamId)?.viaName ?? null;
  }
  for (const c of held) {
    const { versionsByRole } = entry(c);
    versionsByRole.set(c.role, [...(versionsByRole.get(c.role) ?? []), c.version]);
  }
  const list = [...entries].map(([id, { versionsByRole, ...e }]) => ({
    id,
    key: refOrder(e.ref),
    entry: {
      ...e,
      roles: [...versionsByRole].map(([role, versions]) => ({
        role: role as VersionRole,
        versions: versions.sort((a, b) => compareVersions(b, a)),
      })),
    },
  }));
  // In reference order, the id breaking ties as other lists do: the cursor holds both.
  const compare = (a: { key: string; id: string }, b: { key: string; id: string }) =>
    a.key.localeCompare(b.key) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  list.sort(compare);
  const rest = after === undefined ? list : list.filter((c) => compare(c, after) > 0);
  const shown = rest.slice(0, page.limit);

  const entities = await db
    .select({
      kind: catalogEntities.kind,
      namespace: catalogEntities.namespace,
      name: catalogEntities.name,
      title: catalogEntities.title,
      lifecycle: catalogEntities.lifecycle,
      ownerTeamId: catalogEntities.ownerTeamId,
    })
    .from(catalogEntities)
    .where(
      or(
        eq(catalogEntities.ownerPersonId, person.id),
        teamById.size ? inArray(catalogEntities.ownerTeamId, [...teamById.keys()]) : undefined,
      ),
    )
    .orderBy(asc(catalogEntities.kind), sql`lower(${catalogEntities.name})`);
  return {
    username: person.username,
    teams: memberOf.map((t) => ({
      name: t.name,
      title: t.title,
      via: t.viaId === t.id ? null : t.viaName,
    })),
    components: shown.map((c) => c.entry),
    total: list.length,
    nextCursor:
      rest.length > shown.length ? encodeCursor([shown.at(-1)!.key, shown.at(-1)!.id]) : null,
    entities: entities.map((e) => ({
      ref: formatEntityRef(e),
      title: e.title,
      lifecycle: e.lifecycle,
      ownerTeam: e.ownerTeamId ? (teamById.get(e.ownerTeamId)?.viaName ?? null) : null,
    })),
  };
}
