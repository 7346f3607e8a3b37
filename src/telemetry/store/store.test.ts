import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase, queryRows } from '../../platform/db.js';
import { applyRetention } from './retention.js';
import { type GroupRow, writeGroupRows } from './writer.js';

/**
 * The rollups against a naive recomputation: generated batches of group rows (duplicates, late
 * rows, several group keys, positions left empty, buckets shared across batches) written through
 * the store's statements; then every 1m and 1h rollup position must equal min/max/sum/count over
 * the distinct raw rows' values at that position.
 */
describe('the store', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({});
    await database.migrate();
  });
  afterAll(() => database.close());

  const base = 1_700_000_000;
  const WIDTH = 3;
  const value = fc
    .double({ min: -1e6, max: 1e6, noNaN: true })
    .map((v) => Math.round(v * 1000) / 1000 + 0);
  const sample = fc.record({
    group: fc.integer({ min: 1, max: 3 }),
    // Whole milliseconds within ~3 hours: duplicates of (series, at) happen often.
    at: fc.integer({ min: 0, max: 3 * 3600 }).map((s) => base + s),
    // + 0 turns -0 into 0: the database stores no negative zero. Null: a metric not in the row.
    values: fc.array(fc.option(value, { nil: null, freq: 4 }), {
      minLength: WIDTH,
      maxLength: WIDTH,
    }),
  });
  const rows = (batch: readonly { group: number; at: number; values: (number | null)[] }[]) =>
    batch.map((s): GroupRow => ({ groupId: s.group, micros: s.at * 1e6, values: s.values }));

  it('keeps rollups equal to a naive recomputation over generated batches', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(sample, { maxLength: 40 }), { minLength: 1, maxLength: 6 }),
        async (batches) => {
          await database.db.execute(
            sql`TRUNCATE metric_samples, metric_rollups_1m, metric_rollups_1h`,
          );
          for (const batch of batches) {
            await writeGroupRows(database.db, rows(batch));
          }
          // The reference: the first write of a (group, at) wins, as in the table; a series is
          // (group, position), and an empty position is no sample.
          const first = new Map<string, { group: number; at: number; values: (number | null)[] }>();
          for (const s of batches.flat()) {
            const key = `${s.group}/${s.at}`;
            if (!first.has(key)) first.set(key, s);
          }
          const kept = [...first.values()].flatMap((s) =>
            s.values.flatMap((v, i) =>
              v === null ? [] : [{ series: `${s.group}.${i + 1}`, at: s.at, value: v }],
            ),
          );
          for (const [table, width] of [
            ['metric_rollups_1m', 60],
            ['metric_rollups_1h', 3600],
          ] as const) {
            const expected = new Map<
              string,
              { min: number; max: number; sum: number; count: number }
            >();
            for (const s of kept) {
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
            const stored = await queryRows<{
              series_id: string;
              bucket: number;
              min: number;
              max: number;
              sum: number;
              count: number;
            }>(
              database.db,
              sql`SELECT group_id || '.' || u.i AS series_id, extract(epoch from bucket)::float8 AS bucket,
                    u.min, u.max, u.sum, u.count
                  FROM ${sql.identifier(table)},
                    unnest(min, max, sum, count) WITH ORDINALITY AS u(min, max, sum, count, i)
                  WHERE u.count > 0`,
            );
            expect(stored.length).toBe(expected.size);
            for (const row of stored) {
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
    // Raw: 3 rows 1, 47 and 49 hours old; the rollups follow from them.
    await writeGroupRows(
      database.db,
      [3600, 47 * 3600, 49 * 3600].map((age, i) => ({
        groupId: 1,
        micros: at(age) * 1e6,
        values: [i, i + 1],
      })),
    );
    // Rollups only (raw long gone): 30 and 32 days; 399 and 401 days.
    for (const [table, ages] of [
      ['metric_rollups_1m', [30, 32]],
      ['metric_rollups_1h', [399, 401]],
    ] as const) {
      for (const days of ages) {
        await database.db.execute(
          sql`INSERT INTO ${sql.identifier(table)}
              VALUES (2, to_timestamp(${at(days * 86400)}), '{1}', '{1}', '{1}', '{1}')`,
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
