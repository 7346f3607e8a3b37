import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { people } from '../platform/auth/schema.js';
import { ENTITY_KINDS, RELATION_TYPES } from './entities/contract.js';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * Every admin-managed reference list (categories, vendors, languages, ...) in one table: they
 * share one shape and one API, and a list is just a name. `parentId` links a subcategory to
 * its category, a framework to its language, a product version to its family.
 */
export const referenceItems = pgTable(
  'reference_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    list: text('list').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    position: integer('position').notNull().default(0),
    // A parent still named by children cannot go (the service says so first, naming the count).
    parentId: uuid('parent_id').references((): AnyPgColumn => referenceItems.id),
    /** List-specific extras: a port's number, a location class's short name. */
    extra: jsonb('extra').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [uniqueIndex('reference_items_list_name_key').on(t.list, sql`lower(${t.name})`)],
);

export const teams = pgTable(
  'teams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    title: text('title').notNull().default(''),
    description: text('description').notNull().default(''),
    // Deleting a team moves its sub-teams up first; SET NULL only backs that up.
    parentId: uuid('parent_id').references((): AnyPgColumn => teams.id, { onDelete: 'set null' }),
    email: text('email').notNull().default(''),
    chatChannel: text('chat_channel').notNull().default(''),
    /** Backstage's group type: team, business-unit, product-area, ... (free text, `team` unless said). */
    type: text('type').notNull().default('team'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('teams_name_key').on(sql`lower(${t.name})`)],
);

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.personId] }),
    index('team_members_person_idx').on(t.personId),
  ],
);

export interface Link {
  url: string;
  title?: string;
  type?: string;
}

/**
 * A component. Reference-list values (type, category, vendor, ...) are stored by name so the
 * filter language and facets read them without joins; the service validates them against the
 * lists and renames cascade in the same transaction.
 */
export const components = pgTable(
  'components',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    namespace: text('namespace').notNull().default('default'),
    name: text('name').notNull(),
    title: text('title').notNull().default(''),
    description: text('description').notNull().default(''),
    type: text('type'),
    lifecycle: text('lifecycle').notNull().default('unknown'),
    category: text('category'),
    subcategory: text('subcategory'),
    vendor: text('vendor'),
    privacyClass: text('privacy_class'),
    locationClasses: text('location_classes').array().notNull().default(sql`'{}'::text[]`),
    ownerTeamId: uuid('owner_team_id').references(() => teams.id, { onDelete: 'set null' }),
    /** Or a person owns it (Backstage's `user:` owner); never both. */
    ownerPersonId: uuid('owner_person_id').references(() => people.id, { onDelete: 'set null' }),
    /** Owner team name (or the owning person's username), kept with the id so filters and facets need no join. */
    owner: text('owner'),
    system: text('system'),
    space: text('space'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    labels: jsonb('labels').$type<Record<string, string>>().notNull().default({}),
    annotations: jsonb('annotations').$type<Record<string, string>>().notNull().default({}),
    links: jsonb('links').$type<Link[]>().notNull().default([]),
    endpoints: text('endpoints').array().notNull().default(sql`'{}'::text[]`),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    highlyLoaded: boolean('highly_loaded').notNull().default(false),
    /** Union of the languages and frameworks of all versions, maintained on version writes. */
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    frameworks: text('frameworks').array().notNull().default(sql`'{}'::text[]`),
    search: tsvector('search').generatedAlwaysAs(
      sql`to_tsvector('simple', name || ' ' || title || ' ' || description)`,
    ),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('components_ref_key').on(sql`lower(${t.namespace})`, sql`lower(${t.name})`),
    // The default sort (and the keyset cursor) of the component list.
    index('components_sort_name_idx').on(sql`lower(${t.name})`, t.id),
    index('components_category_idx').on(t.category),
    index('components_owner_idx').on(t.owner),
    index('components_lifecycle_idx').on(t.lifecycle),
    index('components_type_idx').on(t.type),
    index('components_tags_idx').using('gin', t.tags),
    index('components_languages_idx').using('gin', t.languages),
    index('components_search_idx').using('gin', t.search),
    check('components_one_owner', sql`${t.ownerTeamId} IS NULL OR ${t.ownerPersonId} IS NULL`),
  ],
);

export type QaRating = 'unknown' | 'n/a' | 'none' | 'low' | 'med' | 'high';

export const componentVersions = pgTable(
  'component_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    componentId: uuid('component_id')
      .notNull()
      .references(() => components.id, { onDelete: 'cascade' }),
    version: text('version').notNull(),
    releaseNotes: text('release_notes').notNull().default(''),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    frameworks: text('frameworks').array().notNull().default(sql`'{}'::text[]`),
    databases: text('databases').array().notNull().default(sql`'{}'::text[]`),
    orms: text('orms').array().notNull().default(sql`'{}'::text[]`),
    loggers: text('loggers').array().notNull().default(sql`'{}'::text[]`),
    runtimes: text('runtimes').array().notNull().default(sql`'{}'::text[]`),
    kloc: numeric('kloc', { mode: 'number' }),
    /** Development links: api_spec, repository, public_repository, issue_tracker, build_job, docs, public_docs, metrics, logs. */
    devLinks: jsonb('dev_links').$type<Record<string, string>>().notNull().default({}),
    /** QA facts: per test kind a rating and notes. */
    qa: jsonb('qa')
      .$type<Record<string, { rating: QaRating; notes: string }>>()
      .notNull()
      .default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('component_versions_key').on(t.componentId, t.version)],
);

/** People named in a role on a version (maintainer, QA lead, ...): they may edit that role's fields. */
export const versionRoles = pgTable(
  'version_roles',
  {
    versionId: uuid('version_id')
      .notNull()
      .references(() => componentVersions.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.versionId, t.role, t.personId] }),
    index('version_roles_person_idx').on(t.personId),
  ],
);

export const dependencies = pgTable(
  'dependencies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    fromComponentId: uuid('from_component_id')
      .notNull()
      .references(() => components.id, { onDelete: 'cascade' }),
    /** Set when only one version has the dependency. */
    fromVersionId: uuid('from_version_id').references(() => componentVersions.id, {
      onDelete: 'cascade',
    }),
    toComponentId: uuid('to_component_id')
      .notNull()
      .references(() => components.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    notes: text('notes').notNull().default(''),
  },
  (t) => [
    index('dependencies_from_idx').on(t.fromComponentId),
    index('dependencies_to_idx').on(t.toComponentId),
    // What the service calls the same dependency: one from -> to per version (or for all
    // versions, NULL), whatever its type; the type is an attribute of that edge.
    unique('dependencies_key')
      .on(t.fromComponentId, t.fromVersionId, t.toComponentId)
      .nullsNotDistinct(),
  ],
);

export const deployments = pgTable(
  'deployments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => componentVersions.id, { onDelete: 'cascade' }),
    productVersion: text('product_version'),
    environment: text('environment'),
    locationClass: text('location_class'),
    serviceName: text('service_name').notNull().default(''),
    binaryName: text('binary_name').notNull().default(''),
    runtime: text('runtime'),
    openPorts: integer('open_ports').array().notNull().default(sql`'{}'::int[]`),
    notes: text('notes').notNull().default(''),
  },
  (t) => [index('deployments_version_idx').on(t.versionId)],
);

/**
 * Systems, domains, APIs and resources: one table, since they share Backstage's envelope
 * (ref, title, Markdown description, owner, tags, labels, annotations, links) and differ in a
 * few columns. The owner is a team or a person, never both. A system belongs to a domain; an
 * API or a resource to a system. Components name their system by its ref text (as they name
 * their owner team), so filters and facets read components without joins.
 */
export const catalogEntities = pgTable(
  'catalog_entities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ENTITY_KINDS }).notNull(),
    namespace: text('namespace').notNull().default('default'),
    name: text('name').notNull(),
    title: text('title').notNull().default(''),
    description: text('description').notNull().default(''),
    /** API: openapi, asyncapi, graphql, grpc, ...; resource: database, bucket, queue, ... */
    type: text('type'),
    lifecycle: text('lifecycle').notNull().default('unknown'),
    ownerTeamId: uuid('owner_team_id').references(() => teams.id, { onDelete: 'set null' }),
    ownerPersonId: uuid('owner_person_id').references(() => people.id, { onDelete: 'set null' }),
    // Deleting a system or domain still named is refused by the service; SET NULL backs that up.
    systemId: uuid('system_id').references((): AnyPgColumn => catalogEntities.id, {
      onDelete: 'set null',
    }),
    domainId: uuid('domain_id').references((): AnyPgColumn => catalogEntities.id, {
      onDelete: 'set null',
    }),
    /** An API's definition inline (OpenAPI, AsyncAPI, GraphQL SDL, protobuf ...). */
    definition: text('definition').notNull().default(''),
    /** Or where it lives; Argus never fetches it. */
    definitionUrl: text('definition_url'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    labels: jsonb('labels').$type<Record<string, string>>().notNull().default({}),
    annotations: jsonb('annotations').$type<Record<string, string>>().notNull().default({}),
    links: jsonb('links').$type<Link[]>().notNull().default([]),
    search: tsvector('search').generatedAlwaysAs(
      sql`to_tsvector('simple', name || ' ' || title || ' ' || description)`,
    ),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('catalog_entities_ref_key').on(
      t.kind,
      sql`lower(${t.namespace})`,
      sql`lower(${t.name})`,
    ),
    index('catalog_entities_system_idx').on(t.systemId),
    index('catalog_entities_domain_idx').on(t.domainId),
    index('catalog_entities_search_idx').using('gin', t.search),
    check('catalog_entities_kind_check', sql`${t.kind} IN ('system', 'domain', 'api', 'resource')`),
    check(
      'catalog_entities_one_owner',
      sql`${t.ownerTeamId} IS NULL OR ${t.ownerPersonId} IS NULL`,
    ),
  ],
);

/**
 * A component's relation to an entity: it provides or consumes an API, or depends on a
 * resource (Backstage's providesApis, consumesApis and dependsOn: resource:...).
 */
export const entityRelations = pgTable(
  'entity_relations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    componentId: uuid('component_id')
      .notNull()
      .references(() => components.id, { onDelete: 'cascade' }),
    entityId: uuid('entity_id')
      .notNull()
      .references(() => catalogEntities.id, { onDelete: 'cascade' }),
    type: text('type', { enum: RELATION_TYPES }).notNull(),
  },
  (t) => [
    unique('entity_relations_key').on(t.componentId, t.entityId, t.type),
    index('entity_relations_entity_idx').on(t.entityId),
    check(
      'entity_relations_type_check',
      sql`${t.type} IN ('providesApi', 'consumesApi', 'dependsOn')`,
    ),
  ],
);
