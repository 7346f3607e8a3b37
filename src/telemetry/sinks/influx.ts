import type { MetricGroup } from '../metric-group.js';
import { type Chunk, HttpSink } from './http-sink.js';

/**
 * The InfluxDB line protocol writer, with Panoptes' mapping (its influxdb consumer):
 *   measurement = metrics_group_type
 *   tags        = the dimensions, then resource_class, resource_subclass, resource_type,
 *                 resource_endpoint and resource_site (a resource field wins over a dimension of
 *                 the same name, as in Panoptes), sorted by key
 *   fields      = `<metric_name>__<metric_type>=<value>` (floats), sorted
 *   timestamp   = metrics_group_creation_timestamp, in seconds (Panoptes) or nanoseconds
 * One line per group. Two departures, both because InfluxDB would refuse the line otherwise:
 * tags with an empty value are left out, and a line break inside a tag value becomes a space.
 */

export type InfluxPrecision = 's' | 'ns';

/** Measurement names escape commas and spaces (an `=` is literal there). */
export function escapeMeasurement(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/([, ])/g, '\\$1');
}

/** Tag keys, tag values and field keys escape commas, equals signs and spaces. */
export function escapeKey(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/([,= ])/g, '\\$1');
}

/** The group's timestamp in the given precision, exact to the microsecond for `ns`. */
export function influxTimestamp(seconds: number, precision: InfluxPrecision): string {
  if (precision === 's') return String(Math.round(seconds));
  // Float seconds x 1e9 is past 2^53: go through integer microseconds, then BigInt.
  return (BigInt(Math.round(seconds * 1e6)) * 1000n).toString();
}

const RESOURCE_TAGS = [
  'resource_class',
  'resource_subclass',
  'resource_type',
  'resource_endpoint',
  'resource_site',
] as const;

/** One group as one line of line protocol (no trailing newline). */
export function toLineProtocol(group: MetricGroup, precision: InfluxPrecision): string {
  const tags = new Map<string, string>();
  for (const d of group.dimensions) tags.set(d.dimension_name, d.dimension_value);
  for (const key of RESOURCE_TAGS) tags.set(key, group.resource[key]);
  const tagSet = [...tags]
    .filter(([, value]) => value !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `,${escapeKey(key)}=${escapeKey(value)}`)
    .join('');
  const fields = new Map<string, number>();
  for (const m of group.metrics) fields.set(`${m.metric_name}__${m.metric_type}`, m.metric_value);
  const fieldSet = [...fields]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${escapeKey(key)}=${value}`)
    .join(',');
  return `${escapeMeasurement(group.metrics_group_type)}${tagSet} ${fieldSet} ${influxTimestamp(
    group.metrics_group_creation_timestamp,
    precision,
  )}`;
}

export interface InfluxSinkOptions {
  /** The server's base URL: `http://influx:8086`. */
  url: string;
  /** InfluxDB 1.x database (`/write?db=`); used when no bucket is set. */
  database: string;
  /** InfluxDB 2.x bucket and organisation (`/api/v2/write`); the bucket selects the v2 API. */
  bucket: string;
  org: string;
  /** Resolves the token (`Authorization: Token ...`), or undefined for none. */
  token: () => Promise<string | undefined>;
  precision: InfluxPrecision;
  /** Lines per POST at most. */
  batchLines: number;
  timeoutMs: number;
}

/** Where the lines go: the v2 API when a bucket is set, else the 1.x `/write` (VictoriaMetrics takes both). */
export function influxWriteUrl(
  options: Pick<InfluxSinkOptions, 'url' | 'database' | 'bucket' | 'org' | 'precision'>,
): string {
  const base = options.url.replace(/\/+$/, '');
  const query = new URLSearchParams();
  if (options.bucket) {
    query.set('bucket', options.bucket);
    if (options.org) query.set('org', options.org);
    query.set('precision', options.precision);
    return `${base}/api/v2/write?${query}`;
  }
  query.set('db', options.database);
  query.set('precision', options.precision);
  return `${base}/write?${query}`;
}

function encodeLines(groups: readonly MetricGroup[], options: InfluxSinkOptions): Chunk[] {
  const chunks: Chunk[] = [];
  for (let i = 0; i < groups.length; i += options.batchLines) {
    const slice = groups.slice(i, i + options.batchLines);
    chunks.push({
      groups: slice.length,
      body: `${slice.map((g) => toLineProtocol(g, options.precision)).join('\n')}\n`,
    });
  }
  return chunks;
}

export function createInfluxSink(options: InfluxSinkOptions): HttpSink {
  return new HttpSink({
    name: 'influxdb',
    url: influxWriteUrl(options),
    timeoutMs: options.timeoutMs,
    encode: (groups) => encodeLines(groups, options),
    headers: async () => {
      const token = await options.token();
      return {
        'content-type': 'text/plain; charset=utf-8',
        ...(token ? { authorization: `Token ${token}` } : {}),
      };
    },
  });
}
