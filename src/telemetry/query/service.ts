import { type SQL, sql } from 'drizzle-orm';
import { compileSql, createResourceFields, parseFilter } from '../../dsl/index.js';
import type { Db } from '../../platform/db.js';
import { queryRows } from '../../platform/db.js';
import { Invalid } from '../../platform/errors.js';
import { rawSamples, rollups } from '../store/read.js';
import type { Retention } from '../store/retention.js';
import {
  type LatestResult,
  MAX_POINTS,
  MAX_SERIES,
  type RangeQuery,
  type RangeResult,
  type Resolution,
  type SeriesLabels,
  type SeriesList,
  type SeriesPoints,
  type SeriesSelector,
} from './contract.js';
import { MetricErrors } from './errors.js';

const bad = (field: string, reason: string) => Invalid.field(MetricErrors.invalid, field, reason);

/** The resource fields of the DSL, read from the inventory's `resources` table as `r`. */
const resourceFields = createResourceFields('r');

/** A time given as seconds since the epoch or ISO 8601, in seconds. */
export function parseInstant(field: string, text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw bad(field, 'not a time: ISO 8601 or seconds since the epoch');
  return ms / 1000;
}

/**
 * Which resolution answers a range (docs/telemetry.md): raw samples when the step is under a
 * minute and the range starts inside raw retention; else 1-minute rollups when the step is under
 * an hour and the range starts inside their retention; else 1-hour rollups.
 */
export function pickResolution(
  start: number,
  step: number,
  now: number,
  retention: Retention,
): Resolution {
  if (step < 60 && start >= now - retention.rawHours * 3600) return 'raw';
  if (step < 3600 && start >= now - retention.rollup1mDays * 86400) return '1m';
  return '1h';
}

const RESOLUTION_SECONDS: Record<Resolution, number> = { raw: 1, '1m': 60, '1h': 3600 };

interface SeriesRow {
  id: number;
  resource_id: string;
  group_type: string;
  metric: string;
  metric_type: 'gauge' | 'counter';
  dimensions: Record<string, string>;
  name: string | null;
  site: string | null;
}

function labels(row: SeriesRow): SeriesLabels {
  return {
    id: row.id,
    resource: {
      id: row.resource_id,
      ...(row.name === null ? {} : { resource_id: row.name }),
      ...(row.site === null ? {} : { resource_site: row.site }),
    },
    group_type: row.group_type,
    metric: row.metric,
    metric_type: row.metric_type,
    dimensions: row.dimensions,
  };
}

/**
 * Reads the built-in store: series by the resource DSL, group type, metric and dimensions; ranges
 * at the resolution the range and step call for; the latest value of each series of a resource.
 * Resources are read through the DSL's resource fields compiled against `resources r`, the
 * inventory's own catalogue of them, never by column names of our own.
 */
export class MetricQueryService {
  constructor(
    private readonly db: Db,
    private readonly retention: Retention,
    private readonly now: () => number = () => Date.now() / 1000,
  ) {}

  private selectorWhere(selector: SeriesSelector): SQL {
    const where: SQL[] = [];
    if (selector.filter !== undefined) {
      // A DslSyntaxError or DslFieldError is answered 400 naming `filter`, line and column; an
      // empty filter too (PRODUCT 4: leave it out to mean everything, never send it empty).
      where.push(compileSql(parseFilter(selector.filter), resourceFields));
    }
    if (selector.group_type !== undefined) where.push(sql`s.group_type = ${selector.group_type}`);
    if (selector.metric !== undefined) where.push(sql`s.metric = ${selector.metric}`);
    if (selector.resource !== undefined) where.push(sql`s.resource_id = ${selector.resource}`);
    const dimensions: Record<string, string> = {};
    for (const [key, value] of Object.entries(selector)) {
      if (['filter', 'group_type', 'metric', 'resource', 'start', 'end', 'step'].includes(key))
        continue;
      const match = /^dimension(?:s\[([^\]]+)\]|\.(.+))$/.exec(key);
      if (!match) throw bad(key, 'unknown parameter; dimensions are given as dimension.NAME=VALUE');
      dimensions[(match[1] ?? match[2]) as string] = String(value);
    }
    if (Object.keys(dimensions).length > 0) {
      where.push(sql`s.dimensions @> ${JSON.stringify(dimensions)}::jsonb`);
    }
    return where.length === 0 ? sql`TRUE` : sql.join(where, sql` AND `);
  }

  private async selectSeries(selector: SeriesSelector): Promise<SeriesRow[]> {
    const rows = await queryRows<SeriesRow>(
      this.db,
      sql`SELECT s.id, s.resource_id, s.group_type, s.metric, s.metric_type, s.dimensions,
            r.resource_id AS name, r.resource_site AS site
          FROM metric_series s LEFT JOIN resources r ON r.id = s.resource_id
          WHERE ${this.selectorWhere(selector)}
          ORDER BY r.resource_site, r.resource_id, s.group_type, s.metric, s.id
          LIMIT ${MAX_SERIES + 1}`,
    );
    if (rows.length > MAX_SERIES) {
      throw bad(
        'filter',
        `selects more than ${MAX_SERIES} series: narrow it (group_type, metric, dimension.NAME)`,
      );
    }
    return rows;
  }

  async series(selector: SeriesSelector): Promise<SeriesList> {
    return { series: (await this.selectSeries(selector)).map(labels) };
  }

  async range(query: RangeQuery): Promise<RangeResult> {
    const now = this.now();
    const end = query.end === undefined ? now : parseInstant('end', query.end);
    const start = query.start === undefined ? end - 3600 : parseInstant('start', query.start);
    if (start >= end) throw bad('start', 'must be before end');
    const span = end - start;
    let step = query.step ?? Math.max(1, Math.ceil(span / 300));
    const resolution = pickResolution(start, step, now, this.retention);
    // A rollup has nothing finer than its bucket: the step is a whole number of buckets.
    const unit = RESOLUTION_SECONDS[resolution];
    step = Math.max(unit, Math.ceil(step / unit) * unit);
    if (span / step > MAX_POINTS) {
      throw bad(
        'step',
        `too small for the range: ${Math.ceil(span / step)} points a series, at most ${MAX_POINTS} (use a step of at least ${Math.ceil(span / MAX_POINTS)} s)`,
      );
    }
    const rows = await this.selectSeries(query);
    const ids = rows.map((r) => r.id);
    const points = ids.length === 0 ? [] : await this.points(resolution, ids, start, end, step);
    const bySeries = new Map<number, { t: number[]; v: number[]; lo: number[]; hi: number[] }>();
    for (const p of points) {
      let s = bySeries.get(p.series_id);
      if (!s) {
        s = { t: [], v: [], lo: [], hi: [] };
        bySeries.set(p.series_id, s);
      }
      s.t.push(Number(p.t));
      s.v.push(p.v);
      s.lo.push(p.lo);
      s.hi.push(p.hi);
    }
    const series: SeriesPoints[] = rows.map((row) => {
      const s = bySeries.get(row.id) ?? { t: [], v: [], lo: [], hi: [] };
      return {
        ...labels(row),
        points: s.t.map((t, i) => [t, s.v[i] as number] as [number, number]),
        ...(resolution === 'raw'
          ? {}
          : {
              bounds: s.t.map((_, i) => [s.lo[i] as number, s.hi[i] as number] as [number, number]),
            }),
      };
    });
    return { resolution, start, end, step, series };
  }

  /** Points per step: the average (sum / count for rollups, so it stays exact), min and max. */
  private points(resolution: Resolution, ids: number[], start: number, end: number, step: number) {
    const slot = (column: string) =>
      sql.raw(`(floor(extract(epoch from ${column}) / ${step}) * ${step})::float8`);
    const range = (column: SQL) =>
      sql`${column} >= to_timestamp(${start}) AND ${column} < to_timestamp(${end})`;
    const query =
      resolution === 'raw'
        ? sql`SELECT series_id, ${slot('at')} AS t, avg(value) AS v, min(value) AS lo, max(value) AS hi
              FROM ${rawSamples(ids, range)} AS x
              GROUP BY 1, 2 ORDER BY 1, 2`
        : sql`SELECT series_id, ${slot('bucket')} AS t, sum(sum) / sum(count) AS v, min(min) AS lo, max(max) AS hi
              FROM ${rollups(resolution, ids, range)} AS x
              GROUP BY 1, 2 ORDER BY 1, 2`;
    return queryRows<{ series_id: number; t: number; v: number; lo: number; hi: number }>(
      this.db,
      query,
    );
  }

  /** The newest raw sample of every series of a resource (the resource page, checks). */
  async latest(resource: string): Promise<LatestResult> {
    const rows = await queryRows<SeriesRow & { at: number; value: number }>(
      this.db,
      sql`SELECT s.id, s.resource_id, s.group_type, s.metric, s.metric_type, s.dimensions,
            r.resource_id AS name, r.resource_site AS site,
            extract(epoch from l.at)::float8 AS at, l.value
          FROM metric_series s
          LEFT JOIN resources r ON r.id = s.resource_id
          CROSS JOIN LATERAL (
            SELECT x.at, x.value[m.idx] AS value
            FROM metric_group_members m JOIN metric_samples x ON x.group_id = m.group_id
            WHERE m.series_id = s.id AND x.value[m.idx] IS NOT NULL
            ORDER BY x.at DESC LIMIT 1
          ) l
          WHERE s.resource_id = ${resource}
          ORDER BY s.group_type, s.dimensions::text, s.metric`,
    );
    return { values: rows.map((r) => ({ ...labels(r), at: r.at, value: r.value })) };
  }
}
