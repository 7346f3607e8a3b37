import { z } from 'zod';

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
