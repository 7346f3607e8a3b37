import { and, eq, inArray, or } from 'drizzle-orm';
import { AuditBatch } from '../platform/audit/service.js';
import type { RequestContext } from '../platform/context.js';
import { lockScope, type Work } from '../platform/unit-of-work.js';
import {
  auditableResource,
  type ResourceRecord,
  type ResourceRow,
  resourceRef,
} from './records.js';
import { resources } from './schema.js';

/** Rows read, then written, per statement: bounded parameters whatever the file's size. */
const CHUNK = 500;

/**
 * Above this many changes in one write, one `resource:*` event stands for them all: an import
 * of thousands should not push thousands of events to every open page.
 */
const EVENTS_ONE_BY_ONE = 50;

export interface StoreCounts {
  created: number;
  updated: number;
  unchanged: number;
}

const key = (r: { resourceSite: string; resourceId: string }) =>
  `${r.resourceSite}\u0000${r.resourceId}`;

/**
 * Stores records by (site, id): new ones are created, changed ones updated, and every one is
 * marked seen at `now` and no longer stale. History records creations and real changes
 * (a resource seen again after it went stale included), not mere sightings. A record given
 * twice counts once, as its last occurrence.
 */
export async function storeRecords(
  work: Work,
  ctx: RequestContext,
  records: readonly ResourceRecord[],
  now: Date,
  reason: string,
): Promise<StoreCounts> {
  // Two writers creating the same new (site, id) at once: the second waits, then updates.
  await lockScope(work.tx, 'inventory-resources');
  const latest = new Map(records.map((r) => [key(r), r]));
  const audit = new AuditBatch(ctx, reason);
  const counts: StoreCounts = { created: 0, updated: 0, unchanged: 0 };
  const changed: { ref: string; action: 'create' | 'update' }[] = [];
  const all = [...latest.values()];
  for (let start = 0; start < all.length; start += CHUNK) {
    const chunk = all.slice(start, start + CHUNK);
    const existing = await lockExisting(work, chunk);
    const seen: string[] = [];
    const fresh: ResourceRecord[] = [];
    for (const record of chunk) {
      const row = existing.get(key(record));
      if (!row) {
        fresh.push(record);
        continue;
      }
      seen.push(row.id);
      const before = { ...auditableResource(row), stale_since: row.staleSince?.toISOString() };
      const after = { ...auditableResource(record), stale_since: undefined };
      if (!audit.updated('resource', row.id, resourceRef(row), before, after)) {
        counts.unchanged++;
        continue;
      }
      counts.updated++;
      changed.push({ ref: resourceRef(row), action: 'update' });
      await work.tx
        .update(resources)
        .set({ ...record, updatedAt: now })
        .where(eq(resources.id, row.id));
    }
    if (seen.length > 0)
      await work.tx
        .update(resources)
        .set({ lastSeenAt: now, staleSince: null })
        .where(inArray(resources.id, seen));
    if (fresh.length > 0) {
      const inserted = await work.tx
        .insert(resources)
        .values(fresh.map((r) => ({ ...r, lastSeenAt: now, createdAt: now, updatedAt: now })))
        .returning();
      for (const row of inserted) {
        audit.created('resource', row.id, resourceRef(row), auditableResource(row));
        changed.push({ ref: resourceRef(row), action: 'create' });
      }
      counts.created += inserted.length;
    }
  }
  await audit.flush(work.tx);
  announce(work, changed);
  return counts;
}

/** The stored rows of these records, locked until the write ends (a concurrent upsert waits). */
async function lockExisting(
  work: Work,
  chunk: readonly ResourceRecord[],
): Promise<Map<string, ResourceRow>> {
  const rows = await work.tx
    .select()
    .from(resources)
    .where(
      or(
        ...chunk.map((r) =>
          and(eq(resources.resourceSite, r.resourceSite), eq(resources.resourceId, r.resourceId)),
        ),
      ),
    )
    .for('update');
  return new Map(rows.map((row) => [key(row), row]));
}

export function announce(
  work: Work,
  changes: readonly { ref: string; action: 'create' | 'update' | 'delete' }[],
): void {
  if (changes.length > EVENTS_ONE_BY_ONE) {
    work.emit('resource', 'resource:*', 'update');
    return;
  }
  for (const change of changes) work.emit('resource', change.ref, change.action);
}
