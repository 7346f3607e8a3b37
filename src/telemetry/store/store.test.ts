import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase, queryRows } from '../../platform/db.js';
import { applyRetention } from './retention.js';
import { writeSamples } from './writer.js';

/**
 * The rollups against a naive recomputation: generated batches of samples (duplicates, late
 * samples, several series, buckets shared across batches) written through the store's statement;
 * then every 1m and 1h rollup must equal min/max/sum/count over the distinct raw samples.
 */
describe('the store', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({});
    await database.migrate();
  });
  afterAll(() => database.close());

  const base = 1_700_000_000;
  const sample = fc.record({
    series: fc.integer({ min: 1, max: 3 }),
    // Whole milliseconds within ~3 hours: duplicates of (series, at) happen often.
    at: fc.integer({ min: 0, max: 3 * 3600 }).map((s) => base + s),
    // + 0 turns -0 into 0: the database stores no negative zero.
    value: fc
      .double({ min: -1e6, max: 1e6, noNaN: true })
      .map((v) => Math.round(v * 1000) / 1000 + 0),
  });

  it('keeps rollups equal to a naive recomputation over generated batches', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(sample, { maxLength: 40 }), { minLength: 1, maxLength: 6 }),
        async (batches) => {
          await database.db.execute(
            sql`TRUNCATE metric_samples, metric_rollups_1m, metric_rollups_1h`,
          );
          for (const batch of batches) {
            await writeSamples(
              database.db,
              batch.map((s) => s.series),
              batch.map((s) => s.at),
              batch.map((s) => s.value),
            );
          }
          // The reference: the first write of a (series, at) wins, as in the table.
          const kept = new Map<string, { series: number; at: number; value: number }>();
          for (const s of batches.flat()) {
            const key = `${s.series}/${s.at}`;
            if (!kept.has(key)) kept.set(key, s);
          }
          for (const [table, width] of [
            ['metric_rollups_1m', 60],
            ['metric_rollups_1h', 3600],
          ] as const) {
            const expected = new Map<
              string,
              { min: number; max: number; sum: number; count: number }
            >();
            for (const s of kept.values()) {
              const key = `${s.series}/${Math.floor(s.at / width) * width}`;
              const r = expected.get(key);
              if (!r) expected.set(key, { min: s.value, max: s.value, sum: s.value, count: 1 });
              else {
                r.min = Math.min(r.min, s.value);
                r.max = Math.max(r.max, s.value);
                r.sum += s.value;
                r.count++;
              }
            }
            const rows = await queryRows<{
              series_id: number;
              bucket: number;
              min: number;
              max: number;
              sum: number;
              count: number;
            }>(
              database.db,
              sql`SELECT series_id, extract(epoch from bucket)::float8 AS bucket, min, max, sum, count FROM ${sql.identifier(table)}`,
            );
            expect(rows.length).toBe(expected.size);
            for (const row of rows) {
              const want = expected.get(`${row.series_id}/${row.bucket}`);
              expect(want, `${table} ${row.series_id}/${row.bucket}`).toBeDefined();
              expect(row.min).toBe(want!.min);
              expect(row.max).toBe(want!.max);
              expect(row.count).toBe(want!.count);
              expect(row.sum).toBeCloseTo(want!.sum, 6);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('deletes what is past retention, per table, in batches', async () => {
    await database.db.execute(sql`TRUNCATE metric_samples, metric_rollups_1m, metric_rollups_1h`);
    const now = base + 500 * 86400;
    const at = (secondsAgo: number) => now - secondsAgo;
    // Raw: 3 samples 1, 47 and 49 hours old; the rollups follow from them.
    await writeSamples(database.db, [1, 1, 1], [at(3600), at(47 * 3600), at(49 * 3600)], [1, 2, 3]);
    // Rollups only (raw long gone): 30 and 32 days; 399 and 401 days.
    for (const [table, ages] of [
      ['metric_rollups_1m', [30, 32]],
      ['metric_rollups_1h', [399, 401]],
    ] as const) {
      for (const days of ages) {
        await database.db.execute(
          sql`INSERT INTO ${sql.identifier(table)} VALUES (2, to_timestamp(${at(days * 86400)}), 1, 1, 1, 1)`,
        );
      }
    }
    const deleted = await applyRetention(
      database.db,
      { rawHours: 48, rollup1mDays: 31, rollup1hDays: 400 },
      now,
    );
    expect(deleted).toEqual({ metric_samples: 1, metric_rollups_1m: 1, metric_rollups_1h: 1 });
    const left = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM metric_samples`,
    );
    expect(left[0]!.n).toBe(2);
  });
});
