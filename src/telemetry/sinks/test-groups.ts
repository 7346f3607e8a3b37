import type { MetricGroup } from '../metric-group.js';

/** A Panoptes interface group for the sinks' tests (unit and services). */
export function interfaceGroup(
  overrides: {
    at?: number;
    interfaceName?: string;
    bitsIn?: number;
    operState?: number;
    site?: string;
    resourceId?: string;
  } = {},
): MetricGroup {
  const at = overrides.at ?? 1_764_000_000;
  return {
    resource: {
      id: '3f1c2b9e-7a44-4f0e-9d5e-2b7c1a0e4d11',
      resource_id: overrides.resourceId ?? 'switch-1.dc1',
      resource_site: overrides.site ?? 'dc1',
      resource_class: 'network',
      resource_subclass: 'switch',
      resource_type: 'cisco',
      resource_endpoint: '192.0.2.10',
    },
    metrics_group_type: 'interface',
    metrics_group_interval: 60,
    metrics_group_creation_timestamp: at,
    metrics_group_schema_version: '0.2',
    dimensions: [
      { dimension_name: 'interface_name', dimension_value: overrides.interfaceName ?? 'Gi0/1' },
      { dimension_name: 'alias', dimension_value: 'uplink, to core=a "b"' },
    ],
    metrics: [
      {
        metric_name: 'bits_in',
        metric_value: overrides.bitsIn ?? 1234.5,
        metric_type: 'counter',
        metric_creation_timestamp: at,
      },
      {
        metric_name: 'oper_state',
        metric_value: overrides.operState ?? 1,
        metric_type: 'gauge',
        metric_creation_timestamp: at,
      },
    ],
  };
}
