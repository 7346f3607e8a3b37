import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { queryRows } from '../../platform/db.js';
import { pickResolution } from '../query/service.js';
import { prometheusName, seriesLabels } from '../sinks/names.js';
import { rawSamples, rollups } from '../store/read.js';
import type { Retention } from '../store/retention.js';
import { compileMatchers, type Matcher, matcherTest } from './selector.js';

/**
 * The reads behind the Prometheus-compatible API, over the built-in store: series chosen by
 * PromQL matchers, their latest sample at an instant, their samples at each step of a range.
 *
 * Series carry the names and labels of the sinks (src/telemetry/sinks/names.ts), so a panel
 * reads the same series from Argus or from a Prometheus fed by remote write. The resource's
 * labels come from the inventory's `resources` row (the store keeps only its uuid); a removed
 * resource's series keep their history with the dimensions only.
 *
 * Evaluation is Prometheus' for a selector: at an instant t, a series' value is its newest
 * sample in (t - lookback, t]; a range is that at start, start + step, ... end.
 */

/** Prometheus' default look-back: a sample older than this before t is not t's value. */
export const LOOKBACK_SECONDS = 300;
/** Series one query may touch at most (a selector matching more is refused: narrow it). */
export const MAX_PROM_SERIES = 5000;
/** Series a label listing (`labels`, `label/:name/values`) walks at most. */
export const MAX_LABEL_SERIES = 100_000;
/** Points per series at most, as Prometheus limits them. */
export const MAX_PROM_POINTS = 11_000;

export interface PromSeries {
  id: number;
  /** With `__name__`. */
  labels: Record<string, string>;
  /** Stored values times this are in the name's unit (bits stored, bytes named: 1/8). */
  scale: number;
}

/** A refusal of a query as asked (too many series or points); answered as `bad_data`. */
export class PromQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromQueryError';
  }
}

interface SeriesRow {
  id: number;
  group_type: string;
  metric: string;
  metric_type: 'gauge' | 'counter';
  dimensions: Record<string, string>;
  resource_id: string | null;
  resource_site: string | null;
  resource_class: string | null;
  resource_subclass: string | null;
  resource_type: string | null;
  resource_endpoint: string | null;
}

interface Kind {
  group_type: string;
  metric: string;
  metric_type: 'gauge' | 'counter';
}

/**
 * The series' WHERE for the `__name__` matchers: the (group type, metric, type) kinds whose
 * Prometheus name they match. Names are computed (not stored), so the few distinct kinds are
 * read and judged here; every other matcher is judged on each series' labels, in memory.
 * Null when no kind matches.
 */
async function nameWhere(db: Db, matchers: readonly Matcher[]): Promise<SQL | null> {
  const tests = matchers.filter((m) => m.name === '__name__').map(matcherTest);
  if (tests.length === 0) return sql`TRUE`;
  const kinds = await queryRows<Kind>(
    db,
    sql`SELECT DISTINCT group_type, metric, metric_type FROM metric_series`,
  );
  const wanted = kinds.filter((k) => {
    const { name } = prometheusName(k.group_type, k.metric, k.metric_type);
    return tests.every((test) => test(name));
  });
  if (wanted.length === 0) return null;
  const column = (key: keyof Kind) => sql.param(wanted.map((k) => k[key]));
  return sql`(s.group_type, s.metric, s.metric_type) IN (
    SELECT * FROM unnest(${column('group_type')}::text[], ${column('metric')}::text[], ${column('metric_type')}::text[]))`;
}

const RESOLUTION_SECONDS = { raw: 0, '1m': 60, '1h': 3600 } as const;

export class PromReader {
  constructor(
    private readonly db: Db,
    private readonly retention: Retention,
    private readonly now: () => number = () => Date.now() / 1000,
  ) {}

  /**
   * Series every matcher set of `selectors` matches (a union, as `match[]` is); more than `max`
   * is refused (label listings, which keep no samples, pass a larger bound).
   */
  async series(
    selectors: readonly (readonly Matcher[])[],
    max = MAX_PROM_SERIES,
  ): Promise<PromSeries[]> {
    const found = new Map<number, PromSeries>();
    for (const matchers of selectors) {
      const matches = compileMatchers(matchers);
      const where = await nameWhere(this.db, matchers);
      if (!where) continue;
      const rows = await queryRows<SeriesRow>(
        this.db,
        sql`SELECT s.id, s.group_type, s.metric, s.metric_type, s.dimensions,
              r.resource_id, r.resource_site, r.resource_class, r.resource_subclass,
              r.resource_type, r.resource_endpoint
            FROM metric_series s LEFT JOIN resources r ON r.id = s.resource_id
            WHERE ${where}`,
      );
      for (const row of rows) {
        if (found.has(row.id)) continue;
        const { name, scale } = prometheusName(row.group_type, row.metric, row.metric_type);
        const labels = {
          __name__: name,
          ...seriesLabels(
            {
              resource_id: row.resource_id ?? '',
              resource_site: row.resource_site ?? '',
              resource_class: row.resource_class ?? '',
              resource_subclass: row.resource_subclass ?? '',
              resource_type: row.resource_type ?? '',
              resource_endpoint: row.resource_endpoint ?? '',
            },
            Object.entries(row.dimensions).map(([dimension_name, dimension_value]) => ({
              dimension_name,
              dimension_value,
            })),
          ),
        };
        if (!matches(labels)) continue;
        if (found.size >= max) {
          throw new PromQueryError(
            `the selector matches more than ${max} series: add label matchers`,
          );
        }
        found.set(row.id, { id: row.id, labels, scale });
      }
    }
    return [...found.values()];
  }

  /** The newest raw sample of each series in (at - lookback, at]. */
  async instant(matchers: readonly Matcher[], at: number) {
    const series = await this.series([matchers]);
    if (series.length === 0) return [];
    const rows = await queryRows<{ series_id: number; t: number; v: number }>(
      this.db,
      sql`SELECT DISTINCT ON (series_id) series_id, extract(epoch from at)::float8 AS t, value AS v
          FROM ${rawSamples(
            series.map((s) => s.id),
            (column) =>
              sql`${column} > to_timestamp(${at - LOOKBACK_SECONDS}) AND ${column} <= to_timestamp(${at})`,
          )} AS x
          ORDER BY series_id, at DESC`,
    );
    const byId = new Map(rows.map((r) => [r.series_id, r]));
    return series.flatMap((s) => {
      const row = byId.get(s.id);
      return row ? [{ labels: s.labels, value: row.v * s.scale }] : [];
    });
  }

  /**
   * Each series' value at start, start + step, ... end. Raw samples while the step is under a
   * minute and the range inside raw retention, else the averages of 1-minute, then 1-hour rollups
   * (the store's rule, src/telemetry/query); a rollup's point is at its bucket's start and is
   * looked back to over two buckets at least.
   */
  async range(matchers: readonly Matcher[], start: number, end: number, step: number) {
    const steps = Math.floor((end - start) / step) + 1;
    if (steps > MAX_PROM_POINTS) {
      throw new PromQueryError(
        `exceeded maximum resolution of ${MAX_PROM_POINTS} points per timeseries. Try decreasing the query resolution (?step=XX)`,
      );
    }
    const series = await this.series([matchers]);
    if (series.length === 0) return [];
    const resolution = pickResolution(start, step, this.now(), this.retention);
    const lookback = Math.max(LOOKBACK_SECONDS, 2 * RESOLUTION_SECONDS[resolution]);
    const ids = series.map((s) => s.id);
    // The newest sample of each step's slot (t_k-1, t_k]; everything before start falls in slot 0.
    const slot = (column: string) =>
      sql.raw(`greatest(0, ceil((extract(epoch from ${column}) - ${start}) / ${step}))::int`);
    const from = start - lookback;
    const range = (column: SQL) =>
      sql`${column} > to_timestamp(${from}) AND ${column} <= to_timestamp(${end})`;
    const query =
      resolution === 'raw'
        ? sql`SELECT DISTINCT ON (series_id, k) series_id, ${slot('at')} AS k,
                extract(epoch from at)::float8 AS t, value AS v
              FROM ${rawSamples(ids, range)} AS x
              ORDER BY series_id, k, at DESC`
        : sql`SELECT DISTINCT ON (series_id, k) series_id, ${slot('bucket')} AS k,
                extract(epoch from bucket)::float8 AS t, sum / count AS v
              FROM ${rollups(resolution, ids, range)} AS x
              ORDER BY series_id, k, bucket DESC`;
    const rows = await queryRows<{ series_id: number; k: number; t: number; v: number }>(
      this.db,
      query,
    );
    const slots = new Map<number, Map<number, { t: number; v: number }>>();
    for (const r of rows) {
      const s = slots.get(r.series_id) ?? new Map<number, { t: number; v: number }>();
      slots.set(r.series_id, s);
      s.set(r.k, { t: r.t, v: r.v });
    }
    return series.flatMap((s) => {
      const bySlot = slots.get(s.id);
      if (!bySlot) return [];
      const values: [number, number][] = [];
      let last: { t: number; v: number } | undefined;
      for (let k = 0; k < steps; k++) {
        last = bySlot.get(k) ?? last;
        const t = start + k * step;
        if (last && last.t > t - lookback) values.push([t, last.v * s.scale]);
      }
      return values.length > 0 ? [{ labels: s.labels, values }] : [];
    });
  }
}
