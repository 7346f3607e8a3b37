import { sql } from 'drizzle-orm';
import { type Db, queryRows } from './db.js';
import { generations } from './schema.js';

/**
 * The data generation: a counter that every committed write bumps. Read models (list and facet caches) key on it, so
 * a cached answer is used only while nothing changed — across every process sharing the database,
 * because the counter lives there and moves inside the writing transaction.
 */
export const DATA_SCOPE = 'data';

/**
 * Moves the counter and returns its new value. The row stays locked until the transaction ends,
 * so writers take values one after another in commit order: no two share one, none is skipped.
 */
export async function bumpGeneration(tx: Db, scope = DATA_SCOPE): Promise<number> {
  const [row] = await queryRows<{ value: string | number }>(
    tx,
    sql`
    INSERT INTO ${generations} (scope, value) VALUES (${scope}, 1)
    ON CONFLICT (scope) DO UPDATE SET value = ${generations.value} + 1
    RETURNING value`,
  );
  return Number(row?.value);
}

export async function currentGeneration(db: Db, scope = DATA_SCOPE): Promise<number> {
  const result = await queryRows<{ value: string | number }>(
    db,
    sql`SELECT value FROM ${generations} WHERE scope = ${scope}`,
  );
  return Number(result[0]?.value ?? 0);
}
