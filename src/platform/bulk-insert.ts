import { getTableColumns, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './db.js';

/** Rows per INSERT: large enough to amortise a statement, small enough to keep memory flat. */
const BATCH_ROWS = 5000;

/**
 * Inserts rows with one `INSERT ... SELECT FROM jsonb_to_recordset($1)` per batch: the batch
 * travels as a single JSON parameter, which PGlite and PostgreSQL parse much faster than tens
 * of thousands of bind parameters (and which never meets the 65,535-parameter limit). Bulk
 * imports and the audit writer use it. Properties left undefined take the column's default.
 */
export async function insertMany<T extends PgTable>(
  db: Db,
  table: T,
  rows: T['$inferInsert'][],
  onBatch?: (written: number) => void,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  // Rows of one shape go in one statement; callers build rows of one shape, so this is one group.
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const row of rows as Record<string, unknown>[]) {
    let signature = '';
    for (const key in row) if (row[key] !== undefined && key in columns) signature += `${key},`;
    const group = groups.get(signature);
    if (group) group.push(row);
    else groups.set(signature, [row]);
  }
  let written = 0;
  for (const [signature, group] of groups) {
    const fields = signature.slice(0, -1).split(',');
    // The record's columns keep the properties' names, so rows serialise as they are.
    const target = sql.join(
      fields.map((f) => sql.identifier(columns[f]!.name)),
      sql`, `,
    );
    const source = sql.join(
      fields.map((f) => sql.identifier(f)),
      sql`, `,
    );
    const types = sql.join(
      fields.map((f) => sql`${sql.identifier(f)} ${sql.raw(columns[f]!.getSQLType())}`),
      sql`, `,
    );
    for (let i = 0; i < group.length; i += BATCH_ROWS) {
      const batch = group.slice(i, i + BATCH_ROWS);
      await db.execute(
        sql`INSERT INTO ${table} (${target}) SELECT ${source} FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS x(${types})`,
      );
      written += batch.length;
      onBatch?.(written);
    }
  }
}
