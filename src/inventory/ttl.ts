import { and, isNull, lt, sql } from 'drizzle-orm';
import { AuditBatch, recordChanges } from '../platform/audit/service.js';
import type { RequestContext } from '../platform/context.js';
import type { Work } from '../platform/unit-of-work.js';
import { auditableResource, resourceRef } from './records.js';
import { resources } from './schema.js';
import { announce } from './store.js';

export interface SweepOutcome {
  /** Marked stale now: not seen for their TTL. */
  stale: number;
  /** Removed now: not seen for twice their TTL. */
  removed: number;
}

/**
 * Ages the inventory (PRODUCT 5): a resource not seen again within its TTL is marked stale, and
 * after twice its TTL removed. Both are audit events (an update of `stale_since`, a delete), so
 * nothing disappears unexplained. `now` is the caller's clock (the telemetry runtime's, a test's).
 */
export async function sweepStale(
  work: Work,
  ctx: RequestContext,
  now: Date,
): Promise<SweepOutcome> {
  const audit = new AuditBatch(ctx, 'not seen again within its TTL');
  const seenBefore = (factor: number) =>
    lt(
      resources.lastSeenAt,
      sql`${now.toISOString()}::timestamptz - make_interval(secs => ${resources.ttlSeconds} * ${factor})`,
    );
  const expired = await work.tx.delete(resources).where(seenBefore(2)).returning();
  const changes: { ref: string; action: 'update' | 'delete' }[] = [];
  if (expired.length > 0) {
    // Removal is a delete event with what the resource was, as any delete records.
    await recordChanges(
      work.tx,
      ctx,
      expired.map((row) => ({
        entityType: 'resource',
        entityId: row.id,
        entityRef: resourceRef(row),
        action: 'delete' as const,
        before: auditableResource(row),
        reason: `not seen for twice its TTL (${row.ttlSeconds} s)`,
      })),
    );
    for (const row of expired) changes.push({ ref: resourceRef(row), action: 'delete' });
  }
  const stale = await work.tx
    .update(resources)
    .set({ staleSince: now })
    .where(and(isNull(resources.staleSince), seenBefore(1)))
    .returning();
  for (const row of stale) {
    audit.updated(
      'resource',
      row.id,
      resourceRef(row),
      { stale_since: null },
      {
        stale_since: now.toISOString(),
      },
    );
    changes.push({ ref: resourceRef(row), action: 'update' });
  }
  await audit.flush(work.tx);
  announce(work, changes);
  return { stale: stale.length, removed: expired.length };
}
