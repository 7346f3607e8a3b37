import { z } from 'zod';

/** The plugins API (PRODUCT 6 "plugin pages"): what is configured, how its runs went. */

export const StatusCode = z.number().int().min(0).max(8);

export const PluginLoadError = z.object({
  file: z.string(),
  key: z.string().describe('the key as the file spells it (`main.execute_frequency`), or `line N`'),
  reason: z.string(),
});

export const RunStats = z.object({
  runs: z.number().int(),
  /** Status code -> runs with it. */
  byStatus: z.record(z.string(), z.number().int()),
  meanMs: z.number().nullable(),
  p95Ms: z.number().nullable(),
});

export const LastError = z.object({
  at: z.string(),
  subject: z.string(),
  status: StatusCode,
  error: z.string().nullable(),
});

export const PluginSummary = z.object({
  name: z.string(),
  kind: z.enum(['discovery', 'enrichment', 'polling']),
  module: z.string(),
  file: z.string(),
  executeFrequency: z.number(),
  resourceFilter: z.string().nullable(),
  resultsCacheAge: z.number().nullable(),
  enrichmentTtl: z.number().nullable(),
  enrichmentPreload: z.array(z.string()),
  transforms: z.array(z.string()),
  runAtStart: z.boolean(),
  /** Pairs scheduled: resources matched (or 1 for discovery). */
  scheduled: z.number().int(),
  lastHour: RunStats.describe('runs started in the last hour (at most the latest 5,000)'),
  lastError: LastError.nullable(),
});
export type PluginSummary = z.infer<typeof PluginSummary>;

export const PluginList = z.object({
  plugins: z.array(PluginSummary),
  /** Files skipped: the other plugins run. */
  errors: z.array(PluginLoadError),
  loadedAt: z.string(),
});
export type PluginList = z.infer<typeof PluginList>;

export const Run = z.object({
  id: z.number().int(),
  plugin: z.string(),
  subject: z.string().describe("a resource's id, or empty for discovery"),
  worker: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  status: StatusCode,
  error: z.string().nullable(),
});
export type Run = z.infer<typeof Run>;

export const RunPage = z.object({
  items: z.array(Run),
  /** Pass as `cursor` for older runs; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type RunPage = z.infer<typeof RunPage>;

export const RunQuery = z.object({
  subject: z.string().max(64).optional(),
  status: z.coerce.number().pipe(StatusCode).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type RunQuery = z.infer<typeof RunQuery>;

export const ScheduledPair = z.object({
  plugin: z.string(),
  dueAt: z.string(),
  leasedBy: z.string().nullable(),
  lastStartedAt: z.string().nullable(),
  lastFinishedAt: z.string().nullable(),
  lastStatus: StatusCode.nullable(),
  lastError: z.string().nullable(),
});

export const ResourcePolling = z.object({
  /** Each plugin that runs for the resource, with its last run. */
  schedule: z.array(ScheduledPair),
  /** The latest runs for the resource, newest first. */
  recent: z.array(Run),
});
export type ResourcePolling = z.infer<typeof ResourcePolling>;
