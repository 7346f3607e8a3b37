import snappy from 'snappyjs';
import type { MetricGroup } from '../metric-group.js';
import { type Chunk, HttpSink } from './http-sink.js';
import { prometheusName, seriesLabels } from './names.js';
import { bytesField, doubleField, uint64Field } from './protobuf.js';

/**
 * Prometheus remote write (protocol 1.0, prompb): a snappy-compressed protobuf WriteRequest per
 * POST. Names and labels as src/telemetry/sinks/names.ts says (`<group_type>_<metric>`, counters
 * `_total`, resource fields and dimensions as labels).
 *
 *   WriteRequest { repeated TimeSeries timeseries = 1; }
 *   TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
 *   Label        { string name = 1; string value = 2; }
 *   Sample       { double value = 1; int64 timestamp = 2; }   // milliseconds
 */

export interface Series {
  /** Including `__name__`. */
  labels: Record<string, string>;
  samples: { value: number; timestampMs: number }[];
}

/**
 * A batch of groups as time series: one per distinct label set, samples in time order (the
 * protocol wants them sorted; two polls of one series in a batch become one series of two samples).
 */
export function toTimeSeries(groups: readonly MetricGroup[]): Series[] {
  const bySeries = new Map<string, Series>();
  for (const group of groups) {
    const labels = seriesLabels(group.resource, group.dimensions);
    for (const m of group.metrics) {
      const { name, scale } = prometheusName(
        group.metrics_group_type,
        m.metric_name,
        m.metric_type,
      );
      const all = { __name__: name, ...labels };
      const id = JSON.stringify(Object.entries(all).sort(byName));
      let series = bySeries.get(id);
      if (!series) {
        series = { labels: all, samples: [] };
        bySeries.set(id, series);
      }
      series.samples.push({
        value: m.metric_value * scale,
        timestampMs: Math.round(m.metric_creation_timestamp * 1000),
      });
    }
  }
  const out = [...bySeries.values()];
  for (const s of out) s.samples.sort((a, b) => a.timestampMs - b.timestampMs);
  return out;
}

/** Label names in byte order, as the protocol requires (`__name__` is not always first: `A` < `_`). */
function byName([a]: [string, string], [b]: [string, string]): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The protobuf WriteRequest of some series (not compressed). */
export function encodeWriteRequest(series: readonly Series[]): Buffer {
  return Buffer.concat(
    series.map((s) => {
      const labels = Object.entries(s.labels)
        .sort(byName)
        .map(([name, value]) =>
          bytesField(1, Buffer.concat([bytesField(1, name), bytesField(2, value)])),
        );
      const samples = s.samples.map((sample) =>
        bytesField(
          2,
          Buffer.concat([doubleField(1, sample.value), uint64Field(2, sample.timestampMs)]),
        ),
      );
      return bytesField(1, Buffer.concat([...labels, ...samples]));
    }),
  );
}

export interface RemoteWriteSinkOptions {
  /** The receiver: `http://prometheus:9090/api/v1/write`, VictoriaMetrics' `/api/v1/write`. */
  url: string;
  /** Resolves the bearer token, or undefined for none. */
  token: () => Promise<string | undefined>;
  /** Samples per POST, about (a group is never split). */
  batchSamples: number;
  timeoutMs: number;
}

function encodeChunks(groups: readonly MetricGroup[], batchSamples: number): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  let samples = 0;
  const flush = (end: number) => {
    if (end === start) return;
    const request = encodeWriteRequest(toTimeSeries(groups.slice(start, end)));
    chunks.push({ groups: end - start, body: snappy.compress(request) });
    start = end;
    samples = 0;
  };
  for (const [i, group] of groups.entries()) {
    samples += group.metrics.length;
    if (samples >= batchSamples) flush(i + 1);
  }
  flush(groups.length);
  return chunks;
}

export function createRemoteWriteSink(options: RemoteWriteSinkOptions): HttpSink {
  return new HttpSink({
    name: 'remote-write',
    url: options.url,
    timeoutMs: options.timeoutMs,
    encode: (groups) => encodeChunks(groups, options.batchSamples),
    headers: async () => {
      const token = await options.token();
      return {
        'content-type': 'application/x-protobuf',
        'content-encoding': 'snappy',
        'x-prometheus-remote-write-version': '0.1.0',
        'user-agent': 'argus',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      };
    },
  });
}
