import { and, desc, eq, gte, like, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { insertMany } from '../bulk-insert.js';
import type { RequestContext } from '../context.js';
import type { Db } from '../db.js';
import { auditEvents } from './schema.js';

export interface EntityChange {
  entityType: string;
  entityId: string;
  entityRef: string;
  action: 'create' | 'update' | 'delete';
  /** Field values before the change (omit for create). */
  before?: Record<string, unknown>;
  /** Field values after the change (omit for delete). */
  after?: Record<string, unknown>;
  reason?: string;
}

const SYSTEM_ACTOR_ID = '00000000-0000-0000-0000-000000000000';

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : v,
  );
}

/**
 * Whether history sees no change. Key order does not count: jsonb answers an object's keys in
 * its own order, so a value read back must equal the one that was written.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

/** The named fields of a row: the snapshot a change records (before and after alike). */
export function pickFields(
  row: Record<string, unknown>,
  fields: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, row[f]]));
}

/** Names of the fields of `after` whose values differ from `before`'s. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string[] {
  return Object.keys(after).filter((k) => !sameValue(before[k], after[k]));
}

type AuditRow = typeof auditEvents.$inferInsert;

function rowBase(ctx: RequestContext, change: Omit<EntityChange, 'before' | 'after'>) {
  return {
    actorId: ctx.actor && ctx.actor.id !== SYSTEM_ACTOR_ID ? ctx.actor.id : null,
    actorName: ctx.actor?.username ?? 'anonymous',
    requestId: ctx.requestId,
    entityType: change.entityType,
    entityId: change.entityId,
    entityRef: change.entityRef,
    action: change.action,
    reason: change.reason ?? null,
  };
}

/** The event rows of one change: one per changed field, or one bare row for an empty create or delete. */
function eventRows(ctx: RequestContext, change: EntityChange): AuditRow[] {
  const before = change.before ?? {};
  const after = change.after ?? {};
  const base = rowBase(ctx, change);
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const rows: AuditRow[] = fields
    .filter((field) => !sameValue(before[field], after[field]))
    .map((field) => ({
      ...base,
      field,
      oldValue: before[field] ?? null,
      newValue: after[field] ?? null,
    }));
  // A create or delete with no non-empty field still leaves a trace.
  if (rows.length === 0 && change.action !== 'update')
    rows.push({ ...base, field: null, oldValue: null, newValue: null });
  return rows;
}

/** The one way history is written: API edits and bulk imports alike. */
function writeEvents(db: Db, rows: AuditRow[], onBatch?: (written: number) => void) {
  return insertMany(db, auditEvents, rows, onBatch);
}

/**
 * Records one audit event per changed field of each change, inside the caller's transaction so
 * a change and its history commit or roll back together. Returns the number of events recorded.
 */
export async function recordChanges(
  db: Db,
  ctx: RequestContext,
  changes: EntityChange[],
): Promise<number> {
  const rows = changes.flatMap((change) => eventRows(ctx, change));
  await writeEvents(db, rows);
  return rows.length;
}

export function recordChange(db: Db, ctx: RequestContext, change: EntityChange): Promise<number> {
  return recordChanges(db, ctx, [change]);
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '' || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value as object).length === 0;
  return false;
}

/** The non-empty fields of an entity (or the listed ones): what a bulk create records. */
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

/**
 * The history of one bulk write (an import), collected while it is planned and written at the
 * end in batches (`flush`), in the caller's transaction. An updated entity gets one event per
 * changed field, as every other write records. A created entity gets one `create` event whose
 * new value is a snapshot of its non-empty fields: one row an entity keeps a 100,000-row import
 * fast. Every event carries the batch's reason.
 */
export class AuditBatch {
  private readonly rows: AuditRow[] = [];

  constructor(
    private readonly ctx: RequestContext,
    private readonly reason: string,
  ) {}

  created(
    entityType: string,
    entityId: string,
    entityRef: string,
    fields: Record<string, unknown>,
    only?: readonly string[],
  ): void {
    const base = rowBase(this.ctx, {
      entityType,
      entityId,
      entityRef,
      action: 'create',
      reason: this.reason,
    });
    this.rows.push({ ...base, field: null, oldValue: null, newValue: snapshot(fields, only) });
  }

  /** Records the fields that changed; returns whether anything did. */
  updated(
    entityType: string,
    entityId: string,
    entityRef: string,
    before: Record<string, unknown>,
    after: Record<string, unknown>,
  ): boolean {
    const rows = eventRows(this.ctx, {
      entityType,
      entityId,
      entityRef,
      action: 'update',
      before,
      after,
      reason: this.reason,
    });
    for (const row of rows) this.rows.push(row);
    return rows.length > 0;
  }

  get size(): number {
    return this.rows.length;
  }

  async flush(db: Db, onBatch?: (written: number) => void): Promise<void> {
    await writeEvents(db, this.rows, onBatch);
    this.rows.length = 0;
  }
}

export interface HistoryQuery {
  entityType?: string;
  entityId?: string;
  /**
   * Events of the entity with this reference and of its parts: `component:ns/x` also gives
   * `component:ns/x@1.0` (versions, deployments) and dependencies from or to it.
   */
  ref?: string;
  actorId?: string;
  since?: Date;
  until?: Date;
  /** id of the last event of the previous page (events come newest first). */
  before?: number;
  limit: number;
}

export type HistoryEvent = typeof auditEvents.$inferSelect;

/** The statement of listHistory, apart so a test can EXPLAIN exactly what it runs. */
export function historyQuery(db: Db, query: HistoryQuery) {
  const where: SQL[] = [];
  if (query.entityType) where.push(eq(auditEvents.entityType, query.entityType));
  if (query.entityId) where.push(eq(auditEvents.entityId, query.entityId));
  if (query.ref) {
    const ref = query.ref.replace(/[\\%_]/g, (c) => `\\${c}`);
    // Each branch has an index (audit/schema.ts): equality and prefixes on audit_ref_idx, the
    // dependencies to the entity on audit_dependency_to_idx; `LIKE '%->ref'` would scan them all.
    where.push(
      or(
        eq(auditEvents.entityRef, query.ref),
        like(auditEvents.entityRef, `${ref}@%`),
        like(auditEvents.entityRef, `${ref}->%`),
        and(
          eq(auditEvents.entityType, 'dependency'),
          eq(sql`split_part(${auditEvents.entityRef}, '->', 2)`, query.ref),
        ),
      )!,
    );
  }
  if (query.actorId) where.push(eq(auditEvents.actorId, query.actorId));
  if (query.since) where.push(gte(auditEvents.at, query.since));
  if (query.until) where.push(lte(auditEvents.at, query.until));
  if (query.before !== undefined) where.push(lt(auditEvents.id, query.before));
  // With `ref`, order by an expression the primary key cannot serve: otherwise the planner may
  // walk the whole table backwards by id, filtering, whenever ANALYZE's sample makes the
  // entity's history look common enough to meet the LIMIT early (a sampled guess, so the plan
  // changed from one run to the next). Through the indexes it reads only that history, then sorts.
  const newestFirst = query.ref ? desc(sql`${auditEvents.id} + 0`) : desc(auditEvents.id);
  return db
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(newestFirst)
    .limit(query.limit);
}

export async function listHistory(db: Db, query: HistoryQuery): Promise<HistoryEvent[]> {
  return historyQuery(db, query);
}
