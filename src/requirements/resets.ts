/**
 * Sign-offs reset by the owner (PRODUCT 2): when the owner changes readiness, an existing
 * sign-off goes back to unknown in the same write, and history records it with its reason. The
 * status view tells the reviewer so ("reset on ... : owner readiness changed from ready to
 * not_ready") until they sign again; this reads that from history, the one place it is kept.
 */
import { sql } from 'drizzle-orm';
import { auditEvents } from '../platform/audit/schema.js';
import { type Db, queryRows } from '../platform/db.js';

/** The history entity of a status row and the field of each side, as the status writes record them. */
export const STATUS_HISTORY_ENTITY = 'requirement_status';
export const OWNER_FIELD = 'ownerStatus';
export const REVIEWER_FIELD = 'reviewerStatus';

export interface SignOffReset {
  at: Date;
  byId: string | null;
  reason: string;
}

/**
 * For each status row whose latest reviewer-side change was a reset (set to unknown by the
 * request that changed the owner side), when, by whom and why. Rows signed since, or never
 * reset, are absent. One query for any number of rows.
 */
export async function lastSignOffResets(
  db: Db,
  statusIds: readonly string[],
): Promise<Map<string, SignOffReset>> {
  const resets = new Map<string, SignOffReset>();
  if (statusIds.length === 0) return resets;
  const rows = await queryRows<{
    entity_id: string;
    at: Date | string;
    actor_id: string | null;
    reason: string | null;
    owner_changed: boolean;
    new_value: unknown;
  }>(
    db,
    sql`SELECT DISTINCT ON (e.entity_id) e.entity_id, e.at, e.actor_id, e.reason, e.new_value,
          EXISTS (SELECT 1 FROM ${auditEvents} o
                  WHERE o.entity_type = e.entity_type AND o.entity_id = e.entity_id
                    AND o.request_id = e.request_id AND o.field = ${OWNER_FIELD}) AS owner_changed
        FROM ${auditEvents} e
        WHERE e.entity_type = ${STATUS_HISTORY_ENTITY}
          AND e.entity_id = ANY(${sql.param([...statusIds])}::text[]) AND e.field = ${REVIEWER_FIELD}
        ORDER BY e.entity_id, e.id DESC`,
  );
  for (const row of rows) {
    if (!row.owner_changed || row.new_value !== 'unknown') continue;
    resets.set(row.entity_id, {
      at: new Date(row.at),
      byId: row.actor_id,
      reason: row.reason ?? 'owner readiness changed',
    });
  }
  return resets;
}
