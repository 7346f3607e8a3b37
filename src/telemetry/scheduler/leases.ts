import { and, eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../platform/db.js';
import { telemetryRuns, telemetrySchedule } from '../schema.js';

/**
 * The work leases (PRODUCT 6 "Scheduling"): a worker claims due telemetry_schedule rows in one
 * statement. `FOR UPDATE SKIP LOCKED` lets many processes claim at once without waiting on or
 * taking each other's rows; `leased_until` (1.25x the frequency and a grace) keeps a pair from a
 * second worker while it runs, and lets another worker take it once a crashed one's lease has
 * passed;
 * `due_at` moves a whole frequency past the claim, so no pair starts more often than that.
 * Times come from the database's clock, which every worker shares.
 */

/** How long a run may take, as a multiple of its frequency; its lease lasts that long too ... */
export const leaseFactor = 1.25;
/**
 * ... plus this grace: a worker kills a run by a timer, and a busy event loop fires timers late
 * (hundreds of milliseconds on a loaded machine, seen in the two-worker test). Without it, a
 * late kill would end after the lease did and another worker could already have started the
 * pair. A killed or finished run releases its lease at once; only a crashed worker's pairs wait
 * the grace out.
 */
export const leaseGraceSeconds = 5;

export interface Claim {
  plugin: string;
  subject: string;
  /** The database's time of the claim: the run's start as the records show it. */
  claimedAt: Date;
  lastStatus: number | null;
  lastFinishedAt: Date | null;
}

export interface ClaimOptions {
  worker: string;
  /** Seconds between runs of each plugin this worker can run (it claims no other plugin's rows). */
  frequencies: Readonly<Record<string, number>>;
  limit: number;
}

const asDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

export async function claimDue(db: Db, options: ClaimOptions): Promise<Claim[]> {
  if (options.limit <= 0 || Object.keys(options.frequencies).length === 0) return [];
  const rows = await queryRows<{
    plugin: string;
    subject: string;
    was_due: unknown;
    claimed_at: unknown;
    last_status: number | null;
    last_finished_at: unknown;
  }>(
    db,
    sql`WITH frequency AS (
          SELECT key AS plugin, value::float8 AS seconds
          FROM jsonb_each_text(${JSON.stringify(options.frequencies)}::jsonb)
        ),
        due AS (
          SELECT s.plugin, s.subject, s.due_at FROM telemetry_schedule s
          WHERE s.plugin IN (SELECT plugin FROM frequency)
            AND s.due_at <= now()
            AND (s.leased_until IS NULL OR s.leased_until < now())
          ORDER BY s.due_at
          LIMIT ${options.limit}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE telemetry_schedule s
        SET leased_by = ${options.worker},
            leased_until = now() + make_interval(secs => f.seconds * ${leaseFactor} + ${leaseGraceSeconds}),
            due_at = GREATEST(s.due_at, now()) + make_interval(secs => f.seconds),
            last_started_at = now()
        FROM due, frequency f
        WHERE s.plugin = due.plugin AND s.subject = due.subject AND f.plugin = s.plugin
        RETURNING s.plugin, s.subject, due.due_at AS was_due, now() AS claimed_at, s.last_status,
          s.last_finished_at`,
  );
  // RETURNING keeps no order: run the longest-waiting first, as they were chosen.
  rows.sort((a, b) => asDate(a.was_due).getTime() - asDate(b.was_due).getTime());
  return rows.map((row) => ({
    plugin: row.plugin,
    subject: row.subject,
    claimedAt: asDate(row.claimed_at),
    lastStatus: row.last_status,
    lastFinishedAt: row.last_finished_at === null ? null : asDate(row.last_finished_at),
  }));
}

export interface RunRecord {
  plugin: string;
  subject: string;
  worker: string;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  status: number;
  error: string | null;
}

/**
 * Records a finished run and gives the lease back. The lease is released only if it is still
 * this worker's: a run that outlived its lease must not free a pair another worker now holds.
 */
export async function finishRun(db: Db, run: RunRecord): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(telemetryRuns).values(run);
    await tx
      .update(telemetrySchedule)
      .set({
        lastFinishedAt: run.finishedAt,
        lastStatus: run.status,
        lastError: run.error,
        leasedBy: null,
        leasedUntil: null,
      })
      .where(
        and(
          eq(telemetrySchedule.plugin, run.plugin),
          eq(telemetrySchedule.subject, run.subject),
          eq(telemetrySchedule.leasedBy, run.worker),
        ),
      );
  });
}

/** Gives a lease back without a run (results still fresh: `results_cache_age`). */
export async function releaseLease(
  db: Db,
  claim: Pick<Claim, 'plugin' | 'subject'>,
  worker: string,
) {
  await db
    .update(telemetrySchedule)
    .set({ leasedBy: null, leasedUntil: null })
    .where(
      and(
        eq(telemetrySchedule.plugin, claim.plugin),
        eq(telemetrySchedule.subject, claim.subject),
        eq(telemetrySchedule.leasedBy, worker),
      ),
    );
}

/** Drops a pair whose resource is gone; the next schedule sync would too. */
export async function dropPair(db: Db, claim: Pick<Claim, 'plugin' | 'subject'>) {
  await db
    .delete(telemetrySchedule)
    .where(
      and(eq(telemetrySchedule.plugin, claim.plugin), eq(telemetrySchedule.subject, claim.subject)),
    );
}
