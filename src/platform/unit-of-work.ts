import { type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { ChangeEvent, EventBus } from './bus.js';
import type { RequestContext } from './context.js';
import type { Db } from './db.js';
import { bumpGeneration } from './generation.js';

export interface Work {
  tx: Db;
  /** Queues a change event; it is published only if the transaction commits. */
  emit(type: string, ref: string, action: ChangeEvent['action']): void;
}

/**
 * Runs a write in one transaction and publishes its change events after commit, so a listener
 * never sees a change that was rolled back.
 */
export async function inTransaction<T>(
  db: Db,
  bus: EventBus,
  ctx: RequestContext,
  fn: (work: Work) => Promise<T>,
): Promise<T> {
  const events: ChangeEvent[] = [];
  const result = await db.transaction(async (tx) => {
    const value = await fn({
      tx: tx as unknown as Db,
      emit: (type, ref, action) =>
        events.push({ type, ref, action, requestId: ctx.requestId, at: new Date().toISOString() }),
    });
    // Anything that announced a change invalidates cached reads (see generation.ts).
    if (events.length > 0) {
      const generation = await bumpGeneration(tx as unknown as Db);
      for (const event of events) event.generation = generation;
    }
    return value;
  });
  for (const event of events) bus.publish(event);
  return result;
}

/**
 * How a write reads the rows it is about to change. `update` locks them until the transaction
 * ends (SELECT ... FOR UPDATE): a concurrent write of the same rows waits, then reads what the
 * first one committed, so the old values a write records are the ones it replaced. `share`
 * (FOR SHARE) keeps a row that a write only points at (a team, a list value) from being renamed
 * or deleted under it. Without a lock it is a plain read. The same on PGlite and PostgreSQL.
 */
export type RowLock = 'update' | 'share' | undefined;

export async function selectRows<T extends PgTable>(
  db: Db,
  table: T,
  where: SQL | undefined,
  lock?: RowLock,
): Promise<T['$inferSelect'][]> {
  const query = db
    .select()
    .from(table as PgTable)
    .where(where);
  return (lock ? await query.for(lock) : await query) as T['$inferSelect'][];
}

/**
 * Serialises the writes that check a rule spanning many rows (a dependency graph without
 * cycles), which no row lock covers: a transaction-scoped advisory lock on the scope's name,
 * released at commit or rollback.
 */
export async function lockScope(tx: Db, scope: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${scope}))`);
}
