import type { InventoryResource } from '../../inventory/contract.js';
import { busResourceOf, type Metric, type MetricGroup } from '../metric-group.js';
import { type PluginContext, PluginFailure, RunStatus } from '../plugin.js';

/**
 * Building metric groups (Panoptes schema 0.2) the same way in every built-in collector: the
 * resource as the bus carries it, the plugin's frequency as the interval, one timestamp from
 * ctx.now() for the group and its metrics.
 */

/** A metric before it is stamped: name, value, and `counter` for cumulative values (rate transforms). */
export type MetricSpec = [name: string, value: number | undefined, type?: 'gauge' | 'counter'];

/** The resource a polling run is for; a polling module run without one is a runner bug (status 5). */
export function resourceOf(ctx: PluginContext): InventoryResource {
  if (!ctx.resource) {
    throw new PluginFailure(
      RunStatus.internalFailure,
      `${ctx.config.module}: run without a resource`,
    );
  }
  return ctx.resource;
}

/**
 * One group. Metrics whose value is undefined or not finite (a figure this machine does not
 * have) are left out rather than sent as 0; a group left with no metric is not made (null).
 */
export function metricGroup(
  ctx: PluginContext,
  type: string,
  dimensions: Record<string, string>,
  metrics: MetricSpec[],
): MetricGroup | null {
  const now = ctx.now();
  const stamped: Metric[] = [];
  for (const [name, value, kind = 'gauge'] of metrics) {
    if (value === undefined || !Number.isFinite(value)) continue;
    stamped.push({
      metric_name: name,
      metric_value: value,
      metric_type: kind,
      metric_creation_timestamp: now,
    });
  }
  if (stamped.length === 0) return null;
  return {
    resource: busResourceOf(resourceOf(ctx)),
    metrics_group_type: type,
    metrics_group_interval: ctx.config.executeFrequency,
    metrics_group_creation_timestamp: now,
    metrics_group_schema_version: '0.2',
    dimensions: Object.entries(dimensions).map(([dimension_name, dimension_value]) => ({
      dimension_name,
      dimension_value: dimension_value.slice(0, 1024),
    })),
    metrics: stamped,
  };
}

/** A module's sections, checked by its schema (the loader did so already; a test context may not have). */
export function sectionsOf<T>(
  ctx: PluginContext,
  schema: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | { success: false; error: { message: string } };
  },
): T {
  const parsed = schema.safeParse(ctx.config.sections);
  if (!parsed.success) {
    throw new PluginFailure(
      RunStatus.internalFailure,
      `${ctx.config.source}: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}
