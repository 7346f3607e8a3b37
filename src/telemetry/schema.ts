import {
  bigserial,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Telemetry (PRODUCT 6): the schedule whose rows are the work leases, the record of every plugin
 * run, and the built-in metric store (series, raw samples, 1-minute and 1-hour rollups).
 */

/**
 * One row per (plugin, subject): when it is next due and who holds it. A worker claims due rows
 * with `FOR UPDATE SKIP LOCKED` and sets `leased_until`, so two processes never run one pair at
 * once, and `due_at` moves a whole frequency past the start, so no pair runs more often than that.
 */
export const telemetrySchedule = pgTable(
  'telemetry_schedule',
  {
    plugin: text('plugin').notNull(),
    /** The resource's uuid, or '' for a plugin that runs without one (discovery). */
    subject: text('subject').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    leasedBy: text('leased_by'),
    leasedUntil: timestamp('leased_until', { withTimezone: true }),
    lastStartedAt: timestamp('last_started_at', { withTimezone: true }),
    lastFinishedAt: timestamp('last_finished_at', { withTimezone: true }),
    lastStatus: smallint('last_status'),
    lastError: text('last_error'),
  },
  (t) => [
    primaryKey({ columns: [t.plugin, t.subject] }),
    index('telemetry_schedule_due_idx').on(t.dueAt),
  ],
);

/** Every run: start, end, Panoptes status code (0 success ... 8 enrichment failure) and error. */
export const telemetryRuns = pgTable(
  'telemetry_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    plugin: text('plugin').notNull(),
    subject: text('subject').notNull(),
    worker: text('worker').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
    durationMs: real('duration_ms').notNull(),
    status: smallint('status').notNull(),
    error: text('error'),
  },
  (t) => [
    index('telemetry_runs_plugin_idx').on(t.plugin, t.id),
    index('telemetry_runs_subject_idx').on(t.subject, t.id),
  ],
);

/**
 * A series: resource + group type + dimension set + metric name (PRODUCT 6). Readers select
 * series here; the values live in the group rows below, found through metric_group_members.
 */
export const metricSeries = pgTable(
  'metric_series',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The inventory resource's uuid; no foreign key, so history outlives a removed resource. */
    resourceId: uuid('resource_id').notNull(),
    groupType: text('group_type').notNull(),
    metric: text('metric').notNull(),
    metricType: text('metric_type', { enum: ['gauge', 'counter'] }).notNull(),
    /** dimension name -> value. */
    dimensions: jsonb('dimensions').$type<Record<string, string>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('metric_series_key').on(t.resourceId, t.groupType, t.metric, t.dimensions),
    index('metric_series_group_idx').on(t.groupType, t.metric),
  ],
);

/**
 * A group key: resource + group type + dimension set + the ordered metric names of one poll. A
 * poll is stored as ONE row holding all its values (an array aligned to `metrics`): a row per
 * sample cost ~5x the write time on PGlite (docs/PERFORMANCE.md).
 */
export const metricGroups = pgTable(
  'metric_groups',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    resourceId: uuid('resource_id').notNull(),
    groupType: text('group_type').notNull(),
    dimensions: jsonb('dimensions').$type<Record<string, string>>().notNull().default({}),
    metrics: text('metrics').array().notNull(),
  },
  (t) => [uniqueIndex('metric_groups_key').on(t.resourceId, t.groupType, t.metrics, t.dimensions)],
);

/** Which series sits at which (1-based) position of a group key's arrays. */
export const metricGroupMembers = pgTable(
  'metric_group_members',
  {
    groupId: integer('group_id').notNull(),
    idx: smallint('idx').notNull(),
    seriesId: integer('series_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.idx] }),
    index('metric_group_members_series_idx').on(t.seriesId),
  ],
);

/**
 * Raw samples, one row per (group key, time), kept `telemetry.retention.raw` (default 2 days).
 * `value[i]` is the sample of the key's i-th metric; NULL when that metric had another timestamp.
 */
export const metricSamples = pgTable(
  'metric_samples',
  {
    groupId: integer('group_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    value: doublePrecision('value').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.at] })],
);

/** Per-metric arrays aligned like metric_samples.value; count[i] = 0 means no sample (min NULL). */
const rollupColumns = () => ({
  groupId: integer('group_id').notNull(),
  bucket: timestamp('bucket', { withTimezone: true }).notNull(),
  min: doublePrecision('min').array().notNull(),
  max: doublePrecision('max').array().notNull(),
  /** The sums, so an average of rollups is exact: avg = sum / count. */
  sum: doublePrecision('sum').array().notNull(),
  count: integer('count').array().notNull(),
});

/** 1-minute rollups (default 31 days). */
export const metricRollups1m = pgTable('metric_rollups_1m', rollupColumns(), (t) => [
  primaryKey({ columns: [t.groupId, t.bucket] }),
]);

/** 1-hour rollups (default 400 days). */
export const metricRollups1h = pgTable('metric_rollups_1h', rollupColumns(), (t) => [
  primaryKey({ columns: [t.groupId, t.bucket] }),
]);

/** Small durable state of the store's background work (the rollup watermark, say), by key. */
export const telemetryState = pgTable('telemetry_state', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
