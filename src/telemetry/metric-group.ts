import { z } from 'zod';
import type { InventoryResource } from '../inventory/contract.js';

/**
 * The metric group, Panoptes' schema 0.2: what every polling plugin produces and what travels on
 * the bus to every consumer (store, sinks). Validated element by element where it enters the
 * pipeline; a group that breaks the schema is rejected and counted, never half-stored.
 */

/** The resource as it travels with a group: Panoptes' fields plus Argus's uuid of it. */
export const busResource = z.object({
  /** inventory resources.id */
  id: z.uuid(),
  resource_id: z.string().min(1),
  resource_site: z.string().min(1),
  resource_class: z.string(),
  resource_subclass: z.string(),
  resource_type: z.string(),
  resource_endpoint: z.string(),
});
export type BusResource = z.infer<typeof busResource>;

/** An inventory resource as it travels with its groups. */
export function busResourceOf(resource: InventoryResource): BusResource {
  return {
    id: resource.id,
    resource_id: resource.resource_id,
    resource_site: resource.resource_site,
    resource_class: resource.resource_class,
    resource_subclass: resource.resource_subclass,
    resource_type: resource.resource_type,
    resource_endpoint: resource.resource_endpoint,
  };
}

/** Names as Panoptes allows them: a letter or underscore, then letters, digits, underscores. */
const name = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'a letter or _, then letters, digits or _');

export const dimension = z.object({
  dimension_name: name,
  dimension_value: z.string().max(1024),
});
export type Dimension = z.infer<typeof dimension>;

export const metric = z.object({
  metric_name: name,
  metric_value: z.number().refine(Number.isFinite, 'a finite number'),
  metric_type: z.enum(['gauge', 'counter']),
  /** Seconds since the epoch, as a float. */
  metric_creation_timestamp: z.number().positive(),
});
export type Metric = z.infer<typeof metric>;

export const metricGroup = z
  .object({
    resource: busResource,
    metrics_group_type: name,
    /** The polling interval in seconds. */
    metrics_group_interval: z.number().positive(),
    metrics_group_creation_timestamp: z.number().positive(),
    metrics_group_schema_version: z.literal('0.2'),
    dimensions: z.array(dimension).max(64),
    metrics: z.array(metric).min(1),
  })
  .superRefine((group, ctx) => {
    const seen = new Set<string>();
    for (const [i, d] of group.dimensions.entries()) {
      if (seen.has(d.dimension_name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['dimensions', i, 'dimension_name'],
          message: `dimension "${d.dimension_name}" appears twice`,
        });
      }
      seen.add(d.dimension_name);
    }
  });
export type MetricGroup = z.infer<typeof metricGroup>;

/** A series' identity inside a group's resource: group type, dimension set, metric name. */
export function dimensionsOf(group: Pick<MetricGroup, 'dimensions'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of group.dimensions) out[d.dimension_name] = d.dimension_value;
  return out;
}
