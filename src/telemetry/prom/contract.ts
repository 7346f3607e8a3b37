import { z } from 'zod';

/**
 * The parameters of Argus' Prometheus-compatible read API (`/api/prom/api/v1/...`), as
 * Prometheus' HTTP API takes them: in the query string, or form-encoded in a POST body (Grafana
 * POSTs by default). Values stay text here; times, durations and selectors are parsed by the
 * routes so their errors read as Prometheus' do. Unknown parameters (`timeout`, `limit`,
 * `stats`...) are accepted and ignored, as clients send them.
 */

const text = (max: number) => z.string().max(max);
/** `match[]`, once or repeated. */
const matches = z.union([text(4000), z.array(text(4000)).max(64)]);

export const InstantQuery = z.looseObject({
  query: text(4000),
  time: text(64).optional(),
});
export type InstantQuery = z.infer<typeof InstantQuery>;

export const RangeQuery = z.looseObject({
  query: text(4000),
  start: text(64),
  end: text(64),
  step: text(64),
});
export type RangeQuery = z.infer<typeof RangeQuery>;

export const SeriesQuery = z.looseObject({
  'match[]': matches,
  start: text(64).optional(),
  end: text(64).optional(),
});
export type SeriesQuery = z.infer<typeof SeriesQuery>;

export const LabelsQuery = z.looseObject({
  'match[]': matches.optional(),
  start: text(64).optional(),
  end: text(64).optional(),
});
export type LabelsQuery = z.infer<typeof LabelsQuery>;

export const LabelName = z.object({ name: text(256) });
