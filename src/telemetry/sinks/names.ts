import type { BusResource, MetricGroup } from '../metric-group.js';

/**
 * How a Panoptes series is named and labelled in the Prometheus world (remote write, the
 * `/metrics/collected` exposition and the Prometheus-compatible read API use this one mapping, so
 * a series has the same name however it reaches Prometheus, VictoriaMetrics or Grafana):
 * - name: `<group_type>_<metric_name>` made to Prometheus' naming rules (snake_case, base units,
 *   counters `_total`: see {@link prometheusName}), which `promtool check metrics` enforces;
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

/** Units Prometheus wants in base form (promtool's lint): the base and the factor to it. */
const UNIT_WORDS: Record<string, [string, number]> = {
  bits: ['bytes', 1 / 8],
  minutes: ['seconds', 60],
  hours: ['seconds', 3600],
  days: ['seconds', 86_400],
  weeks: ['seconds', 604_800],
  // Abbreviations promtool refuses outright. `b` is taken as bytes, `m` as minutes.
  s: ['seconds', 1],
  sec: ['seconds', 1],
  ms: ['seconds', 1e-3],
  us: ['seconds', 1e-6],
  ns: ['seconds', 1e-9],
  m: ['seconds', 60],
  h: ['seconds', 3600],
  d: ['seconds', 86_400],
  b: ['bytes', 1],
  kb: ['bytes', 1e3],
  mb: ['bytes', 1e6],
  gb: ['bytes', 1e9],
  tb: ['bytes', 1e12],
  pb: ['bytes', 1e15],
};
const BASE_UNITS = [
  'bytes',
  'bits',
  'seconds',
  'grams',
  'meters',
  'metres',
  'amperes',
  'volts',
  'joules',
];
const PREFIXES: Record<string, number> = {
  pico: 1e-12,
  nano: 1e-9,
  micro: 1e-6,
  milli: 1e-3,
  centi: 1e-2,
  deci: 1e-1,
  deca: 1e1,
  hecto: 1e2,
  kilo: 1e3,
  kibi: 2 ** 10,
  mega: 1e6,
  mebi: 2 ** 20,
  mibi: 2 ** 20,
  giga: 1e9,
  gibi: 2 ** 30,
  tera: 1e12,
  tebi: 2 ** 40,
  peta: 1e15,
  pebi: 2 ** 50,
};
/** Suffixes Prometheus keeps for histograms, summaries and counters. */
const RESERVED_SUFFIXES = new Set(['total', 'count', 'sum', 'bucket']);

/** A name part in its base unit, with the factor that converts a value to it. */
function baseUnit(part: string): [string, number] | undefined {
  const word = UNIT_WORDS[part];
  if (word) return word;
  for (const [prefix, factor] of Object.entries(PREFIXES)) {
    const unit = part.slice(prefix.length);
    if (part.startsWith(prefix) && BASE_UNITS.includes(unit)) {
      return unit === 'bits' ? ['bytes', factor / 8] : [unit, factor];
    }
  }
  return undefined;
}

export interface PrometheusName {
  name: string;
  /** Multiply a value by this to get it in the name's unit (1 unless a unit was converted). */
  scale: number;
}

/**
 * The Prometheus name of a metric of a group type, and what its values are multiplied by:
 * `<group_type>_<metric_name>` in snake_case, in base units (`bits` become `bytes` with the value
 * divided by 8, `ms` become `seconds`...), counters ending in `_total`, and a gauge whose name
 * ends in a suffix Prometheus reserves (`_total`, `_count`, `_sum`, `_bucket`) given `_value`.
 * That is what `promtool check metrics` asks of an exposition, and remote write and the read API
 * name series the same way, so a series has one name in the Prometheus world.
 */
export function prometheusName(
  groupType: string,
  metricName: string,
  metricType: 'gauge' | 'counter',
): PrometheusName {
  const key = `${groupType}\u0000${metricName}\u0000${metricType}`;
  let known = named.get(key);
  if (!known) {
    // The distinct names are few (group types x metrics); the bound only guards a runaway.
    if (named.size >= 10_000) named.clear();
    known = computeName(groupType, metricName, metricType);
    named.set(key, known);
  }
  return known;
}

const named = new Map<string, PrometheusName>();

function computeName(
  groupType: string,
  metricName: string,
  metricType: 'gauge' | 'counter',
): PrometheusName {
  const snake = `${groupType}_${metricName}`
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
  let scale = 1;
  const parts = sanitizeMetricName(snake)
    .split('_')
    .filter((p) => p !== '')
    .map((part, i, all) => {
      const converted = baseUnit(part);
      if (!converted) return part;
      // A unit after `per` divides: x_per_ms in seconds is x_per_seconds x 1000.
      scale *= all[i - 1] === 'per' ? 1 / converted[1] : converted[1];
      return converted[0];
    });
  const last = parts.at(-1) ?? '';
  if (metricType === 'counter') {
    if (last !== 'total') parts.push('total');
  } else if (RESERVED_SUFFIXES.has(last)) parts.push('value');
  const name = parts.join('_');
  return { name: /^[a-zA-Z_:]/.test(name) ? name : `_${name}`, scale };
}

/** The series name alone (see {@link prometheusName}). */
export function seriesName(
  groupType: string,
  metricName: string,
  metricType: 'gauge' | 'counter',
): string {
  return prometheusName(groupType, metricName, metricType).name;
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
