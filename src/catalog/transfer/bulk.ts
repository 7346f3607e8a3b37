import { getTableColumns, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { auditEvents } from '../../platform/audit/schema.js';
import type { RequestContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';

/**
 * Batched writes for imports: multi-row INSERTs sized to stay under PostgreSQL's limit of
 * 65,535 bind parameters, and audit events collected in memory and written the same way.
 */

/** Rows per INSERT: large enough to amortise a statement, small enough to keep memory flat. */
const BATCH_ROWS = 5000;

/**
 * Inserts rows with one `INSERT ... SELECT FROM jsonb_to_recordset($1)` per batch: the batch
 * travels as a single JSON parameter, which PGlite and PostgreSQL parse much faster than tens
 * of thousands of bind parameters (and which never meets the 65,535-parameter limit).
 * Properties left undefined take the column's default.
 */
export async function insertMany<T extends PgTable>(
  db: Db,
  table: T,
  rows: T['$inferInsert'][],
  onBatch?: (written: number) => void,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  // Rows of one shape go in one statement; imports build rows of one shape, so this is one group.
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

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : v,
  );
}

export function sameValue(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

/** Names of the fields whose values differ. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string[] {
  return Object.keys(after).filter((k) => !sameValue(before[k], after[k]));
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '' || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value as object).length === 0;
  return false;
}

/** The non-empty fields of an entity (or the listed ones): what an import records as its initial value. */
export function snapshot(
  fields: Record<string, unknown>,
  only?: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of only ?? Object.keys(fields)) {
    const value = fields[key];
    if (!isEmpty(value)) out[key] = value;
  }
  return out;
}

const SYSTEM_ACTOR_ID = '00000000-0000-0000-0000-000000000000';
type AuditRow = typeof auditEvents.$inferInsert;

/**
 * Audit events of one import. A created entity gets one `create` event whose new value is a
 * snapshot of its non-empty fields (one row an entity keeps a 100,000-row import fast); versions,
 * dependencies and deployments are entities of their own, with their type and id as API edits
 * record them, so the history of each is complete. An updated entity gets one event per changed
 * field, as every other write in Argus does.
 */
export class AuditLog {
  private readonly rows: AuditRow[] = [];

  constructor(
    private readonly ctx: RequestContext,
    private readonly reason: string,
  ) {}

  private base(entityType: string, entityId: string, entityRef: string) {
    const actor = this.ctx.actor;
    return {
      actorId: actor && actor.id !== SYSTEM_ACTOR_ID ? actor.id : null,
      actorName: actor?.username ?? 'anonymous',
      requestId: this.ctx.requestId,
      entityType,
      entityId,
      entityRef,
      reason: this.reason,
    };
  }

  created(
    entityType: string,
    entityId: string,
    entityRef: string,
    fields: Record<string, unknown>,
    only?: readonly string[],
  ): void {
    const actor = this.ctx.actor;
    const row: AuditRow = {
      actorId: actor && actor.id !== SYSTEM_ACTOR_ID ? actor.id : null,
      actorName: actor?.username ?? 'anonymous',
      requestId: this.ctx.requestId,
      entityType,
      entityId,
      entityRef,
      action: 'create',
      field: null,
      oldValue: null,
      newValue: snapshot(fields, only),
      reason: this.reason,
    };
    this.rows.push(row);
  }

  /** Records the fields that changed; returns whether anything did. */
  updated(
    entityType: string,
    entityId: string,
    entityRef: string,
    before: Record<string, unknown>,
    after: Record<string, unknown>,
  ): boolean {
    const fields = changedFields(before, after).sort();
    for (const field of fields) {
      this.rows.push({
        ...this.base(entityType, entityId, entityRef),
        action: 'update',
        field,
        oldValue: before[field] ?? null,
        newValue: after[field] ?? null,
      });
    }
    return fields.length > 0;
  }

  get size(): number {
    return this.rows.length;
  }

  async flush(db: Db, onBatch?: (written: number) => void): Promise<void> {
    await insertMany(db, auditEvents, this.rows, onBatch);
    this.rows.length = 0;
  }
}
