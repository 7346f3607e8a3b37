import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { FieldSet, FieldSpec } from '../../dsl/index.js';
import { people } from '../../platform/auth/schema.js';
import { type OwnershipContext, ownerField } from '../component-fields.js';
import { catalogEntities, teams } from '../schema.js';
import type { Entity, EntityKind } from './contract.js';

type E = Entity;

/**
 * SQL of values that live in other rows, read through correlated subqueries: the tables of
 * systems, domains, APIs and resources are small (hundreds of rows), so a join per row costs
 * little and a rename of a team, person or system needs no cascade.
 */
export const ownerName: SQL = sql`coalesce(
  (SELECT t.name FROM ${teams} t WHERE t.id = ${catalogEntities.ownerTeamId}),
  (SELECT p.username FROM ${people} p WHERE p.id = ${catalogEntities.ownerPersonId}))`;
const parentName = (column: SQLWrapper): SQL =>
  sql`(SELECT x.name FROM ${catalogEntities} x WHERE x.id = ${column})`;
export const systemNameSql = parentName(catalogEntities.systemId);
export const domainNameSql = parentName(catalogEntities.domainId);

/** The name part of a `kind:ns/name` ref: filters compare names, as for components. */
const nameOf = (ref: string | null) => (ref === null ? null : ref.slice(ref.lastIndexOf('/') + 1));

function scalar(column: SQLWrapper, get: (e: E) => unknown): FieldSpec<E, OwnershipContext> {
  return { type: 'text', shape: 'scalar', sql: () => sql`${column}`, get: (e) => get(e) };
}

function keyed(
  column: SQLWrapper,
  get: (e: E) => Record<string, string>,
): FieldSpec<E, OwnershipContext> {
  return {
    type: 'text',
    shape: 'keyed',
    sql: (key) => sql`(${column} ->> ${key ?? ''})`,
    get: (e, key) => get(e)[key ?? ''],
  };
}

const common: FieldSet<E, OwnershipContext> = {
  name: scalar(catalogEntities.name, (e) => e.name),
  namespace: scalar(catalogEntities.namespace, (e) => e.namespace),
  title: scalar(catalogEntities.title, (e) => e.title),
  description: scalar(catalogEntities.description, (e) => e.description),
  type: scalar(catalogEntities.type, (e) => e.type),
  lifecycle: scalar(catalogEntities.lifecycle, (e) => e.lifecycle),
  owner: ownerField(ownerName, (e: E) => e.owner),
  tags: {
    type: 'text',
    shape: 'multi',
    sql: () => sql`${catalogEntities.tags}`,
    get: (e) => e.tags,
  },
  labels: keyed(catalogEntities.labels, (e) => e.labels),
  annotations: keyed(catalogEntities.annotations, (e) => e.annotations),
};

const system = scalar(systemNameSql, (e) => nameOf(e.system));

/**
 * The fields the filter language knows per kind (PRODUCT 4), for the database and for memory.
 * `owner` is the owner team's name or the owner person's username, and matches through parent
 * teams as a component's does (ownerField); `system` and `domain` the name of the system or
 * domain it belongs to.
 */
export const entityFields: Record<EntityKind, FieldSet<E, OwnershipContext>> = {
  domain: common,
  system: { ...common, domain: scalar(domainNameSql, (e) => nameOf(e.domain)) },
  api: {
    ...common,
    system,
    definition_url: scalar(catalogEntities.definitionUrl, (e) => e.definitionUrl),
  },
  resource: { ...common, system },
};
