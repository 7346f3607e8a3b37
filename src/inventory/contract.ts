import { z } from 'zod';
import { EntityName } from '../catalog/contract.js';

/**
 * A resource in Panoptes' JSON serialisation (PRODUCT 5), as discovery plugins produce it and as
 * Panoptes' files hold it: the creation timestamp may be a number or a numeric string, metadata
 * values are strings, and `_resource_ttl` in metadata is the TTL in seconds.
 */
export const panoptesResource = z.object({
  resource_id: z.string().min(1).max(255),
  resource_site: z.string().min(1).max(255),
  resource_class: z.string().min(1).max(255),
  resource_subclass: z.string().min(1).max(255),
  resource_type: z.string().min(1).max(255),
  resource_endpoint: z.string().min(1).max(255),
  resource_plugin: z.string().min(1).max(255),
  resource_creation_timestamp: z.union([
    z.number().nonnegative(),
    z.string().regex(/^\d+(\.\d+)?$/, 'seconds since the epoch'),
  ]),
  resource_metadata: z.record(z.string().max(255), z.string().max(4096)).default({}),
});
export type PanoptesResourceInput = z.input<typeof panoptesResource>;

/** A resource as the inventory holds it: Panoptes' fields plus Argus's uuid, TTL and sightings. */
export interface InventoryResource {
  id: string;
  resource_id: string;
  resource_site: string;
  resource_class: string;
  resource_subclass: string;
  resource_type: string;
  resource_endpoint: string;
  resource_plugin: string;
  resource_creation_timestamp: number;
  resource_metadata: Record<string, string>;
  ttlSeconds: number;
  lastSeenAt: string;
  staleSince: string | null;
}

/** Fields of a resource an admin may change after creation (its identity, site and id, stays). */
export const ResourcePatch = z
  .object({
    resource_class: panoptesResource.shape.resource_class,
    resource_subclass: panoptesResource.shape.resource_subclass,
    resource_type: panoptesResource.shape.resource_type,
    resource_endpoint: panoptesResource.shape.resource_endpoint,
    resource_metadata: z.record(z.string().max(255), z.string().max(4096)),
    ttlSeconds: z.int().positive().max(31_536_000),
  })
  .partial();
export type ResourcePatch = z.infer<typeof ResourcePatch>;

export const InventoryResourceSchema = z.object({
  id: z.string(),
  resource_id: z.string(),
  resource_site: z.string(),
  resource_class: z.string(),
  resource_subclass: z.string(),
  resource_type: z.string(),
  resource_endpoint: z.string(),
  resource_plugin: z.string(),
  resource_creation_timestamp: z.number(),
  resource_metadata: z.record(z.string(), z.string()),
  ttlSeconds: z.number(),
  lastSeenAt: z.string(),
  staleSince: z.string().nullable(),
});

/** What a list's rows can be sorted by; `-key` sorts descending. */
export const RESOURCE_SORTS = [
  'resource_id',
  'resource_site',
  'resource_class',
  'resource_type',
  'resource_endpoint',
  'lastSeen',
] as const;
export const RESOURCE_FACETS = [
  'resource_site',
  'resource_class',
  'resource_subclass',
  'resource_type',
  'resource_plugin',
] as const;

export const ResourceListQuery = z.object({
  // An empty filter reaches the DSL, which refuses it by name (PRODUCT 4), not as "all".
  filter: z.string().max(10_000).optional().describe('a DSL filter over resource fields'),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  sort: z
    .string()
    .max(40)
    .optional()
    .describe(`one of ${RESOURCE_SORTS.join(', ')}; a leading - sorts descending`),
});
export type ResourceListQuery = z.infer<typeof ResourceListQuery>;

const FacetValues = z.array(z.object({ value: z.string(), count: z.number() }));
export const ResourcePage = z.object({
  items: z.array(InventoryResourceSchema),
  total: z.number(),
  nextCursor: z.string().nullable(),
  /** Counts over everything the filter selects, per facet, most frequent first. */
  facets: z.object(
    Object.fromEntries(RESOURCE_FACETS.map((f) => [f, FacetValues])) as Record<
      (typeof RESOURCE_FACETS)[number],
      typeof FacetValues
    >,
  ),
});
export type ResourcePage = z.infer<typeof ResourcePage>;

export const LinkedComponent = z.object({
  ref: z.string(),
  title: z.string(),
  /** How the resource belongs to it: an explicit link, the component's rule, or both. */
  via: z.array(z.enum(['link', 'rule'])),
});
export type LinkedComponent = z.infer<typeof LinkedComponent>;

export const Enrichment = z.object({
  plugin: z.string(),
  data: z.record(z.string(), z.unknown()),
  collectedAt: z.string(),
  expiresAt: z.string(),
});

export const ResourceDetail = z.object({
  resource: InventoryResourceSchema,
  /** By namespace, expired ones included (the page shows their age). */
  enrichments: z.record(z.string(), Enrichment),
  components: z.array(LinkedComponent),
  may: z.object({ edit: z.boolean() }),
});
export type ResourceDetail = z.infer<typeof ResourceDetail>;

/** A record an import or a discovery refused: its place in the list, the field and why. */
export const RecordProblem = z.object({ index: z.number(), field: z.string(), reason: z.string() });
export type RecordProblem = z.infer<typeof RecordProblem>;

export const ImportReport = z.object({
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  problems: z.array(RecordProblem),
});
export type ImportReport = z.infer<typeof ImportReport>;

/** What `upsertDiscovered` did; refused records are reported, the rest are still stored. */
export interface DiscoveryOutcome {
  created: number;
  updated: number;
  unchanged: number;
  rejected: RecordProblem[];
}

export const ComponentLinkInput = z.object({
  component: z.string().min(1).max(300).describe('namespace/name or component:namespace/name'),
});

export const ResourceRuleInput = z.object({
  filter: z.string().min(1).max(10_000).describe('a DSL filter over resource fields'),
});

export const ComponentResources = z.object({
  rule: z.object({ filter: z.string(), updatedAt: z.string() }).nullable(),
  items: z.array(InventoryResourceSchema.extend({ via: z.array(z.enum(['link', 'rule'])) })),
  /** All the component's resources; `items` holds the first COMPONENT_RESOURCES_LIMIT. */
  total: z.number(),
  may: z.object({ edit: z.boolean() }),
});
export type ComponentResources = z.infer<typeof ComponentResources>;
export const COMPONENT_RESOURCES_LIMIT = 500;

/** Keys of site defaults that hold credentials: only references (env:, file:) are stored. */
export const SECRET_KEYS = ['community', 'password', 'auth_key', 'priv_key'] as const;
export const SECRET_REFERENCE = /^(env:[A-Za-z_][A-Za-z0-9_]*|file:\/\S+)$/;

/** Site names follow the catalog's entity name rule. */
export const SiteName = EntityName;

export const SiteInput = z.object({
  name: SiteName,
  description: z.string().max(2000).default(''),
  /** SNMP credentials by reference, SSH user, polling workers... (PRODUCT 5). */
  defaults: z.record(z.string().max(100), z.unknown()).default({}),
});
export type SiteInput = z.input<typeof SiteInput>;
export const SitePatch = SiteInput.partial();
export type SitePatch = z.infer<typeof SitePatch>;

export const Site = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  defaults: z.record(z.string(), z.unknown()),
  /** Resources naming this site. */
  resources: z.number(),
  updatedAt: z.string(),
});
export type Site = z.infer<typeof Site>;

/** A resource an admin adds by hand: Panoptes' shape, the plugin `api` and the time now unless given. */
export const ResourceCreate = panoptesResource.extend({
  resource_plugin: panoptesResource.shape.resource_plugin.default('api'),
  resource_creation_timestamp: panoptesResource.shape.resource_creation_timestamp.optional(),
});
export type ResourceCreate = z.input<typeof ResourceCreate>;
