import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../platform/db.js';

/**
 * The action queue as claimed rows (PRODUCT 8): a runner claims a queued action whose countdown
 * has passed and whose hosts no running or paused action holds, and keeps `lease_until` fresh
 * while it runs. Times come from the database's clock, which every Argus process shares.
 */

/** A running action's lease lasts this long past each heartbeat, by default. */
export const LEASE_SECONDS = 30;

/** Lock id serialising claims: two conflicting actions claimed at once by two processes would
 * each see the other's hosts as free (row locks alone do not see a row being claimed). */
const CLAIM_LOCK = 0x41524755; // "ARGU"

export interface ClaimedAction {
  id: string;
  componentId: string;
  environmentId: string;
  action: string;
  version: string | null;
  plan: Record<string, unknown>;
}

export async function claimNext(
  db: Db,
  worker: string,
  leaseSeconds = LEASE_SECONDS,
): Promise<ClaimedAction | undefined> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${CLAIM_LOCK})`);
    const rows = await queryRows<{
      id: string;
      component_id: string;
      environment_id: string;
      action: string;
      version: string | null;
      plan: Record<string, unknown>;
    }>(
      tx,
      sql`WITH candidate AS (
            SELECT a.id FROM deploy_actions a
            WHERE a.state = 'queued' AND a.not_before <= now() AND a.queue_deadline > now()
              AND NOT EXISTS (
                SELECT 1 FROM deploy_action_hosts mine
                JOIN deploy_action_hosts other ON other.host = mine.host AND other.action_id <> mine.action_id
                JOIN deploy_actions holder ON holder.id = other.action_id
                WHERE mine.action_id = a.id AND holder.state IN ('running', 'paused'))
            ORDER BY a.not_before, a.requested_at
            LIMIT 1
            FOR UPDATE SKIP LOCKED)
          UPDATE deploy_actions a
          SET state = 'running', claimed_by = ${worker}, started_at = coalesce(a.started_at, now()),
              lease_until = now() + make_interval(secs => ${leaseSeconds})
          FROM candidate WHERE a.id = candidate.id
          RETURNING a.id, a.component_id, a.environment_id, a.action, a.version, a.plan`,
    );
    const row = rows[0];
    return row
      ? {
          id: row.id,
          componentId: row.component_id,
          environmentId: row.environment_id,
          action: row.action,
          version: row.version,
          plan: row.plan,
        }
      : undefined;
  });
}

/** Renews the lease; returns the cancel mode asked for, or `lost` when the row is not ours. */
export async function heartbeat(
  db: Db,
  id: string,
  worker: string,
  leaseSeconds = LEASE_SECONDS,
): Promise<
  { cancelMode: 'finish' | 'kill' | null; pause: Record<string, unknown> | null } | 'lost'
> {
  const rows = await queryRows<{
    cancel_mode: 'finish' | 'kill' | null;
    pause: Record<string, unknown> | null;
  }>(
    db,
    sql`UPDATE deploy_actions SET lease_until = now() + make_interval(secs => ${leaseSeconds})
        WHERE id = ${id} AND claimed_by = ${worker} AND state IN ('running', 'paused')
        RETURNING cancel_mode, pause`,
  );
  return rows[0] ? { cancelMode: rows[0].cancel_mode, pause: rows[0].pause } : 'lost';
}

/**
 * Actions a dead process left: still running or paused, lease lapsed. They become interrupted,
 * their running hosts and steps too (last_completed_step kept), never silently half-done.
 */
export async function markInterrupted(db: Db): Promise<string[]> {
  return db.transaction(async (tx) => {
    const rows = await queryRows<{ id: string }>(
      tx,
      sql`UPDATE deploy_actions
          SET state = 'interrupted', finished_at = now(), pause = NULL,
              error = 'Argus stopped while the action ran (its lease lapsed): see each host''s last completed step'
          WHERE state IN ('running', 'paused') AND lease_until < now()
          RETURNING id`,
    );
    const ids = rows.map((r) => r.id);
    if (ids.length === 0) return ids;
    const list = sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    );
    await tx.execute(sql`UPDATE deploy_action_hosts SET state = 'interrupted', finished_at = now()
        WHERE action_id IN (${list}) AND state = 'running'`);
    await tx.execute(sql`UPDATE deploy_step_runs SET state = 'interrupted', finished_at = now()
        WHERE action_id IN (${list}) AND state = 'running'`);
    return ids;
  });
}

/** Queued actions still waiting for their hosts at their queue deadline fail, saying why. */
export async function failPastDeadline(db: Db): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`UPDATE deploy_actions
        SET state = 'failed', finished_at = now(),
            error = 'still queued at its queue deadline: another action held its hosts (or no runner was free)'
        WHERE state = 'queued' AND queue_deadline <= now()
        RETURNING id`,
  );
  return rows.map((r) => r.id);
}
