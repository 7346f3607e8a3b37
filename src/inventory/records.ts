import type { z } from 'zod';
import { type InventoryResource, panoptesResource, type RecordProblem } from './contract.js';
import type { resources } from './schema.js';

/**
 * Panoptes' resource JSON in and out (PRODUCT 5): a record is checked and normalised on the way
 * in (the TTL leaves the metadata for its column) and serialised on the way out exactly as
 * Panoptes' files hold it (`_resource_ttl` back in the metadata, the timestamp as a string).
 */

export type ResourceRow = typeof resources.$inferSelect;

/** The TTL Panoptes gives a resource whose metadata names none: 7 days. */
export const DEFAULT_TTL_SECONDS = 604_800;
export const TTL_KEY = '_resource_ttl';

/** A checked record, in the table's terms. */
export interface ResourceRecord {
  resourceId: string;
  resourceSite: string;
  resourceClass: string;
  resourceSubclass: string;
  resourceType: string;
  resourceEndpoint: string;
  resourcePlugin: string;
  resourceCreationTimestamp: number;
  resourceMetadata: Record<string, string>;
  ttlSeconds: number;
}

export type ParsedRecord =
  | { ok: true; record: ResourceRecord }
  | { ok: false; problems: RecordProblem[] };

/** Checks one record of a Panoptes file or a discovery; problems name the field and the reason. */
export function parseRecord(raw: unknown, index: number): ParsedRecord {
  const parsed = panoptesResource.safeParse(raw);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        index,
        field: issue.path.join('.') || '(record)',
        reason: issue.message,
      })),
    };
  const { [TTL_KEY]: ttlText, ...metadata } = parsed.data.resource_metadata;
  let ttlSeconds = DEFAULT_TTL_SECONDS;
  if (ttlText !== undefined) {
    ttlSeconds = Number(ttlText);
    if (!/^\d{1,9}$/.test(ttlText) || ttlSeconds <= 0)
      return {
        ok: false,
        problems: [
          {
            index,
            field: `resource_metadata.${TTL_KEY}`,
            reason: 'must be a whole number of seconds above 0',
          },
        ],
      };
  }
  return { ok: true, record: fromPanoptes(parsed.data, metadata, ttlSeconds) };
}

function fromPanoptes(
  data: z.output<typeof panoptesResource>,
  metadata: Record<string, string>,
  ttlSeconds: number,
): ResourceRecord {
  return {
    resourceId: data.resource_id,
    resourceSite: data.resource_site,
    resourceClass: data.resource_class,
    resourceSubclass: data.resource_subclass,
    resourceType: data.resource_type,
    resourceEndpoint: data.resource_endpoint,
    resourcePlugin: data.resource_plugin,
    resourceCreationTimestamp: Number(data.resource_creation_timestamp),
    resourceMetadata: metadata,
    ttlSeconds,
  };
}

/** `resource:site/id`: how audit events and change events name a resource. */
export function resourceRef(r: { resourceSite: string; resourceId: string }): string {
  return `resource:${r.resourceSite}/${r.resourceId}`;
}

/** The fields history records of a resource, in Panoptes' names. */
export function auditableResource(r: ResourceRecord): Record<string, unknown> {
  return {
    resource_class: r.resourceClass,
    resource_subclass: r.resourceSubclass,
    resource_type: r.resourceType,
    resource_endpoint: r.resourceEndpoint,
    resource_plugin: r.resourcePlugin,
    resource_creation_timestamp: r.resourceCreationTimestamp,
    resource_metadata: r.resourceMetadata,
    ttl_seconds: r.ttlSeconds,
  };
}

export function presentResource(row: ResourceRow): InventoryResource {
  return {
    id: row.id,
    resource_id: row.resourceId,
    resource_site: row.resourceSite,
    resource_class: row.resourceClass,
    resource_subclass: row.resourceSubclass,
    resource_type: row.resourceType,
    resource_endpoint: row.resourceEndpoint,
    resource_plugin: row.resourcePlugin,
    resource_creation_timestamp: row.resourceCreationTimestamp,
    resource_metadata: row.resourceMetadata,
    ttlSeconds: row.ttlSeconds,
    lastSeenAt: row.lastSeenAt.toISOString(),
    staleSince: row.staleSince?.toISOString() ?? null,
  };
}

/**
 * A resource as Panoptes serialises it. The creation timestamp is written as a string, as
 * Panoptes' files hold it; JavaScript's shortest round-trip form gives back the digits read.
 */
export function toPanoptes(row: ResourceRow): Record<string, unknown> {
  return {
    resource_plugin: row.resourcePlugin,
    resource_site: row.resourceSite,
    resource_class: row.resourceClass,
    resource_subclass: row.resourceSubclass,
    resource_type: row.resourceType,
    resource_id: row.resourceId,
    resource_endpoint: row.resourceEndpoint,
    resource_creation_timestamp: String(row.resourceCreationTimestamp),
    resource_metadata: { ...row.resourceMetadata, [TTL_KEY]: String(row.ttlSeconds) },
  };
}
