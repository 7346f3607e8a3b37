import { type SQLWrapper, sql } from 'drizzle-orm';
import type { FieldSet, FieldSpec } from '../dsl/index.js';
import { type Db, queryRows } from '../platform/db.js';
import type { Component } from './contract.js';
import { components, teams } from './schema.js';

type C = Component;

/** Team name -> the name of its parent team (null at the top of the tree). */
export type TeamParents = ReadonlyMap<string, string | null>;

/**
 * What the in-memory predicate over components needs besides the components: the team tree,
 * since `owner` resolves through parent teams. Load it with loadTeamParents.
 */
export interface OwnershipContext {
  teamParents: TeamParents;
}

function scalar(column: SQLWrapper, get: (c: C) => unknown): FieldSpec<C, OwnershipContext> {
  return { type: 'text', shape: 'scalar', sql: () => sql`${column}`, get: (c) => get(c) };
}

function multi(column: SQLWrapper, get: (c: C) => string[]): FieldSpec<C, OwnershipContext> {
  return { type: 'text', shape: 'multi', sql: () => sql`${column}`, get: (c) => get(c) };
}

function keyed(
  column: SQLWrapper,
  get: (c: C) => Record<string, string>,
): FieldSpec<C, OwnershipContext> {
  return {
    type: 'text',
    shape: 'keyed',
    sql: (key) => sql`(${column} ->> ${key ?? ''})`,
    get: (c, key) => get(c)[key ?? ''],
  };
}

/**
 * The owner and every team above it, nearest first: what something owned by `owner` is owned by
 * (PRODUCT 1.1: ownership resolves through parent teams). An owner that names no team (a person,
 * or a name the tree does not know) stands alone. A cycle, which the team service never lets
 * happen, ends the walk rather than looping.
 */
export function ownerChain(owner: string | null, parents: TeamParents): string[] | null {
  if (owner === null) return null;
  const chain = [owner];
  const seen = new Set(chain);
  for (let parent = parents.get(owner); parent != null && !seen.has(parent); ) {
    chain.push(parent);
    seen.add(parent);
    parent = parents.get(parent);
  }
  return chain;
}

/**
 * `owner` as a filter field: multi-valued, holding the owner's chain (ownerChain), so
 * `owner = 'platform'` selects what platform or any team below it owns, `owner != 'platform'`
 * what neither does, and `owner IS NULL` what has no owner. Teams are matched by exact name,
 * as `=` compares exactly. `ownerName` is the SQL of the owner's name (a team name or a
 * person's username); entity kinds other than components reuse this with theirs.
 */
export function ownerField<R>(
  ownerName: SQLWrapper,
  get: (record: R) => string | null,
): FieldSpec<R, OwnershipContext> {
  const owner = sql`(${ownerName})`;
  return {
    type: 'text',
    shape: 'multi',
    // The chain climbs parent_id from the team named like the owner; UNION (not UNION ALL)
    // drops a repeated row, so even a cyclic tree ends.
    sql: () => sql`(CASE WHEN ${owner} IS NULL THEN NULL ELSE ARRAY(
      WITH RECURSIVE owner_chain(name, parent_id) AS (
        SELECT ${owner}::text, (SELECT own.parent_id FROM ${teams} own WHERE own.name = ${owner})
        UNION
        SELECT up.name, up.parent_id FROM ${teams} up JOIN owner_chain ON up.id = owner_chain.parent_id
      ) SELECT name FROM owner_chain) END)`,
    // The compiler asks from the other end, once per query instead of a chain per row: some
    // element of the chain passes a test when the owner does, or when the owner is a team at
    // or below a team whose name passes it.
    sqlMembers: {
      some: (test) => sql`(CASE WHEN ${owner} IS NULL THEN NULL
        WHEN ${test(owner)} THEN TRUE
        ELSE ${owner} IN (
          WITH RECURSIVE below(id, name) AS (
            SELECT top.id, top.name FROM ${teams} top WHERE ${test(sql`top.name`)}
            UNION
            SELECT sub.id, sub.name FROM ${teams} sub JOIN below ON sub.parent_id = below.id
          ) SELECT name FROM below) IS TRUE END)`,
      missing: sql`(${owner} IS NULL)`,
    },
    get: (record, _key, context) => ownerChain(get(record), context.teamParents),
  };
}

/** The team tree as ownerField's in-memory side needs it. */
export async function loadTeamParents(db: Db): Promise<TeamParents> {
  const rows = await queryRows<{ name: string; parent: string | null }>(
    db,
    sql`SELECT t.name, p.name AS parent FROM ${teams} t LEFT JOIN ${teams} p ON p.id = t.parent_id`,
  );
  return new Map(rows.map((r) => [r.name, r.parent]));
}

/**
 * The component fields the filter language knows (PRODUCT 4), for the database and for memory.
 * Names are the snake_case the DSL uses; `owner` is the owner team's name or the owner person's
 * username (the name components.owner keeps) and matches through parent teams (ownerField), so
 * compilePredicate needs an OwnershipContext.
 */
export const componentFields: FieldSet<C, OwnershipContext> = {
  name: scalar(components.name, (c) => c.name),
  namespace: scalar(components.namespace, (c) => c.namespace),
  title: scalar(components.title, (c) => c.title),
  description: scalar(components.description, (c) => c.description),
  type: scalar(components.type, (c) => c.type),
  lifecycle: scalar(components.lifecycle, (c) => c.lifecycle),
  category: scalar(components.category, (c) => c.category),
  subcategory: scalar(components.subcategory, (c) => c.subcategory),
  owner: ownerField(components.owner, (c) => c.owner),
  system: scalar(components.system, (c) => c.system),
  space: scalar(components.space, (c) => c.space),
  vendor: scalar(components.vendor, (c) => c.vendor),
  privacy_class: scalar(components.privacyClass, (c) => c.privacyClass),
  highly_loaded: scalar(sql`(${components.highlyLoaded})::text`, (c) => String(c.highlyLoaded)),
  tags: multi(components.tags, (c) => c.tags),
  languages: multi(components.languages, (c) => c.languages),
  frameworks: multi(components.frameworks, (c) => c.frameworks),
  location_classes: multi(components.locationClasses, (c) => c.locationClasses),
  endpoints: multi(components.endpoints, (c) => c.endpoints),
  labels: keyed(components.labels, (c) => c.labels),
  annotations: keyed(components.annotations, (c) => c.annotations),
};
