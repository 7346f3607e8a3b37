import { z } from 'zod';

/** The query API's shapes (docs/telemetry.md, "Querying"): routes, OpenAPI, CLI and web share them. */

export const RESOLUTIONS = ['raw', '1m', '1h'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** Points per series at most, as Prometheus caps a range query (11,000). */
export const MAX_POINTS = 11_000;
/** Series per answer at most: a filter selecting more must be narrowed. */
export const MAX_SERIES = 500;

const name = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'a letter or _, then letters, digits or _');

/**
 * Which series: a resource filter (the DSL over resource fields), group type, metric, and
 * `dimension.NAME=VALUE` pairs (any number; other extra keys are refused).
 */
export const SeriesSelector = z
  .object({
    filter: z
      .string()
      .max(4000)
      .optional()
      .describe('resource filter (DSL), e.g. resource_site = "dc1"'),
    group_type: name.optional(),
    metric: name.optional(),
    resource: z.uuid().optional().describe("one resource's uuid"),
  })
  .catchall(z.string().max(1024).describe('dimension.NAME=VALUE'));
export type SeriesSelector = z.infer<typeof SeriesSelector>;

/** A time as ISO 8601 or seconds since the epoch. */
const Instant = z.string().max(64).describe('ISO 8601 time or seconds since the epoch');

export const RangeQuery = SeriesSelector.extend({
  start: Instant.optional().describe('default: end - 1 hour'),
  end: Instant.optional().describe('default: now'),
  step: z.coerce
    .number()
    .positive()
    .max(31_536_000)
    .optional()
    .describe('seconds between points; default: range / 300, at least the resolution'),
});
export type RangeQuery = z.infer<typeof RangeQuery>;

export const SeriesLabels = z.object({
  id: z.number().int(),
  resource: z.object({
    id: z.uuid(),
    /** Absent once the resource was removed from the inventory (its history stays). */
    resource_id: z.string().optional(),
    resource_site: z.string().optional(),
  }),
  group_type: z.string(),
  metric: z.string(),
  metric_type: z.enum(['gauge', 'counter']),
  dimensions: z.record(z.string(), z.string()),
});
export type SeriesLabels = z.infer<typeof SeriesLabels>;

export const SeriesList = z.object({ series: z.array(SeriesLabels) });
export type SeriesList = z.infer<typeof SeriesList>;

export const SeriesPoints = SeriesLabels.extend({
  /** [seconds since the epoch, value]: the average over the step. */
  points: z.array(z.tuple([z.number(), z.number()])),
  /** From rollups: [min, max] over each point's step, aligned with `points`. */
  bounds: z.array(z.tuple([z.number(), z.number()])).optional(),
});
export type SeriesPoints = z.infer<typeof SeriesPoints>;

export const RangeResult = z.object({
  resolution: z.enum(RESOLUTIONS),
  start: z.number(),
  end: z.number(),
  step: z.number(),
  series: z.array(SeriesPoints),
});
export type RangeResult = z.infer<typeof RangeResult>;

export const LatestQuery = z.object({ resource: z.uuid() });

export const LatestValue = SeriesLabels.extend({ at: z.number(), value: z.number() });
export type LatestValue = z.infer<typeof LatestValue>;
export const LatestResult = z.object({ values: z.array(LatestValue) });
export type LatestResult = z.infer<typeof LatestResult>;
