import type { BusResource, MetricGroup } from '../metric-group.js';

/**
 * How a Panoptes series is named and labelled in the Prometheus world (remote write, the
 * `/metrics/collected` exposition and the Prometheus-compatible read API use this one mapping, so
 * a series has the same name however it reaches Prometheus, VictoriaMetrics or Grafana):
 * - name: `<group_type>_<metric_name>`, with `_total` appended to counters (Prometheus' naming
 *   rule, which `promtool check metrics` enforces), reduced to `[a-zA-Z_:][a-zA-Z0-9_:]*`;
 * - labels: the resource's Panoptes fields (empty ones left out: Prometheus treats an empty
 *   label as absent), then the group's dimensions. A dimension whose name is taken by a resource
 *   label or reserved by Prometheus (`__` prefix) is renamed `dimension_<name>`.
 */

/** The resource fields every series carries, in Panoptes' names. */
export const RESOURCE_LABELS = [
  'resource_id',
  'resource_site',
  'resource_class',
  'resource_subclass',
  'resource_type',
  'resource_endpoint',
] as const satisfies readonly (keyof BusResource)[];

const RESERVED = new Set<string>([...RESOURCE_LABELS, '__name__']);

/** A valid Prometheus metric name from any text: other characters become `_`. */
export function sanitizeMetricName(text: string): string {
  const cleaned = text.replace(/[^a-zA-Z0-9_:]/g, '_');
  return /^[a-zA-Z_:]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

/** A valid Prometheus label name (no colons, unlike metric names). */
export function sanitizeLabelName(text: string): string {
  const cleaned = text.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[a-zA-Z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

/** The series name of a metric of a group type; counters end in `_total`. */
export function seriesName(
  groupType: string,
  metricName: string,
  metricType: 'gauge' | 'counter',
): string {
  const base = sanitizeMetricName(`${groupType}_${metricName}`);
  return metricType === 'counter' && !base.endsWith('_total') ? `${base}_total` : base;
}

/** The label name a dimension gets (renamed when a resource label or Prometheus owns its name). */
export function dimensionLabel(dimensionName: string): string {
  const name = sanitizeLabelName(dimensionName);
  return RESERVED.has(name) || name.startsWith('__') ? `dimension_${name}` : name;
}

/** The labels of a group's series, without `__name__`. */
export function seriesLabels(
  resource: Pick<BusResource, (typeof RESOURCE_LABELS)[number]>,
  dimensions: MetricGroup['dimensions'],
): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const key of RESOURCE_LABELS) if (resource[key] !== '') labels[key] = resource[key];
  for (const d of dimensions) {
    if (d.dimension_value !== '') labels[dimensionLabel(d.dimension_name)] = d.dimension_value;
  }
  return labels;
}
