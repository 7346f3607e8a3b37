import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { components } from '../catalog/schema.js';
import { people } from '../platform/auth/schema.js';

/**
 * The inventory (PRODUCT 5): sites and the resources in them, in Panoptes' terms. Column names
 * are Panoptes' field names, so the DSL's resource fields (dsl/resource-fields.ts) compile to
 * this table as they are.
 */

/** A named group of resources (a datacenter, a region) with defaults for the plugins polling it. */
export const sites = pgTable('sites', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  description: text('description').notNull().default(''),
  /**
   * Per-site defaults: SNMP community or v3 credentials *by reference* (`env:NAME`, `file:PATH`),
   * SSH user, polling workers. Never a secret itself.
   */
  defaults: jsonb('defaults').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const resources = pgTable(
  'resources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Unique within its site. */
    resourceId: text('resource_id').notNull(),
    /** A site's name; a resource may name a site nobody defined yet (Panoptes has no sites table). */
    resourceSite: text('resource_site').notNull(),
    resourceClass: text('resource_class').notNull(),
    resourceSubclass: text('resource_subclass').notNull(),
    resourceType: text('resource_type').notNull(),
    /** What is polled or reached: a hostname or an address. */
    resourceEndpoint: text('resource_endpoint').notNull(),
    /** The plugin that discovered it (or `api`, `import`). */
    resourcePlugin: text('resource_plugin').notNull(),
    /** Seconds since the epoch, as Panoptes has it. */
    resourceCreationTimestamp: doublePrecision('resource_creation_timestamp').notNull(),
    /** String keys to string values (Panoptes' resource_metadata, `_resource_ttl` excluded). */
    resourceMetadata: jsonb('resource_metadata')
      .$type<Record<string, string>>()
      .notNull()
      .default({}),
    /** Not seen again for this long, the resource is stale; twice as long, it is removed. */
    ttlSeconds: integer('ttl_seconds').notNull().default(604_800),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    staleSince: timestamp('stale_since', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('resources_site_id_key').on(t.resourceSite, t.resourceId),
    index('resources_class_idx').on(t.resourceClass, t.resourceSubclass, t.resourceType),
    index('resources_endpoint_idx').on(t.resourceEndpoint),
    index('resources_last_seen_idx').on(t.lastSeenAt),
  ],
);

/** A resource linked to a component by hand (a rule links by DSL: componentResourceRules). */
export const resourceComponentLinks = pgTable(
  'resource_component_links',
  {
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id, { onDelete: 'cascade' }),
    componentId: uuid('component_id')
      .notNull()
      .references(() => components.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by').references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.resourceId, t.componentId] }),
    index('resource_component_links_component_idx').on(t.componentId),
  ],
);

/** A component's resources by rule: every resource the DSL filter selects belongs to it. */
export const componentResourceRules = pgTable('component_resource_rules', {
  componentId: uuid('component_id')
    .primaryKey()
    .references(() => components.id, { onDelete: 'cascade' }),
  filter: text('filter').notNull(),
  updatedBy: uuid('updated_by').references(() => people.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Slow-changing per-resource data an enrichment plugin collected, by namespace, with a TTL. */
export const resourceEnrichments = pgTable(
  'resource_enrichments',
  {
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id, { onDelete: 'cascade' }),
    namespace: text('namespace').notNull(),
    plugin: text('plugin').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    collectedAt: timestamp('collected_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.resourceId, t.namespace] }),
    index('resource_enrichments_expiry_idx').on(t.expiresAt),
  ],
);
