import type { InventoryResource } from '../../inventory/contract.js';
import { busResourceOf, type MetricGroup } from '../metric-group.js';

/**
 * The `status` metric group of a polling run (PRODUCT 6): Panoptes' status code as a gauge,
 * one series per (resource, plugin), so broken polling is itself charted and alertable.
 */
export function statusGroup(
  resource: InventoryResource,
  plugin: string,
  intervalSeconds: number,
  status: number,
  atSeconds: number,
): MetricGroup {
  return {
    resource: busResourceOf(resource),
    metrics_group_type: 'status',
    metrics_group_interval: intervalSeconds,
    metrics_group_creation_timestamp: atSeconds,
    metrics_group_schema_version: '0.2',
    dimensions: [{ dimension_name: 'plugin', dimension_value: plugin }],
    metrics: [
      {
        metric_name: 'status',
        metric_value: status,
        metric_type: 'gauge',
        metric_creation_timestamp: atSeconds,
      },
    ],
  };
}
