import { and, desc, eq, gte, like, lt, lte, or, type SQL, sql } from 'drizzle-orm';
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

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

type AuditRow = typeof auditEvents.$inferInsert;

/** The event rows of one change: one per changed field, or one bare row for an empty create or delete. */
function eventRows(ctx: RequestContext, change: EntityChange): AuditRow[] {
  const before = change.before ?? {};
  const after = change.after ?? {};
  const base = {
    actorId: ctx.actor && ctx.actor.id !== SYSTEM_ACTOR_ID ? ctx.actor.id : null,
    actorName: ctx.actor?.username ?? 'anonymous',
    requestId: ctx.requestId,
    entityType: change.entityType,
    entityId: change.entityId,
    entityRef: change.entityRef,
    action: change.action,
    reason: change.reason ?? null,
  };
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const rows: AuditRow[] = fields
    .filter((field) => !same(before[field], after[field]))
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

/** Rows per INSERT: 13 columns each stays far below PostgreSQL's 65,535 bind parameters. */
const INSERT_ROWS = 2000;

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
  for (let i = 0; i < rows.length; i += INSERT_ROWS)
    await db.insert(auditEvents).values(rows.slice(i, i + INSERT_ROWS));
  return rows.length;
}

export function recordChange(db: Db, ctx: RequestContext, change: EntityChange): Promise<number> {
  return recordChanges(db, ctx, [change]);
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
  return db
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.id))
    .limit(query.limit);
}

export async function listHistory(db: Db, query: HistoryQuery): Promise<HistoryEvent[]> {
  return historyQuery(db, query);
}
