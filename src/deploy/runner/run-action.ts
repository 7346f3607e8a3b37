import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import type { Credentials } from '../executor/connect.js';
import { endpointOf, jumpHostFor, loadCredentials } from '../executor/credentials.js';
import { HostSession, type JumpHost } from '../executor/session.js';
import type { ActionPlan } from '../plan.js';
import { deployActionHosts, deployActions, deployedVersions, deployStepRuns } from '../schema.js';
import { type ClaimedAction, heartbeat } from './claims.js';
import { LogWriter } from './log-writer.js';

/**
 * Runs one claimed action to its end: batches in order, hosts of a batch with bounded
 * parallelism, each host's steps in order over one session, retries per plan, the abort rule
 * per batch, a pause on failure waiting for a decision, cancel (finish or kill). Every host and
 * step is recorded as it goes, so a process that dies leaves rows saying what each host had done.
 */

export interface RunOptions {
  worker: string;
  /** Between heartbeats, which also read a cancel or a pause decision. */
  heartbeatMs: number;
  leaseSeconds: number;
  onError: (error: Error) => void;
}

type HostResult = 'succeeded' | 'failed' | 'cancelled';
type Decision = 'retry' | 'skip' | 'abort';

class ActionControl {
  cancelMode: 'finish' | 'kill' | null = null;
  lost = false;
  /** The pause waiting for a decision (its id), and the decision read for it. */
  pauseId?: string;
  decision?: Decision;
  readonly sessions = new Set<HostSession>();
  wake?: () => void;

  get stopping(): boolean {
    return this.cancelMode !== null || this.lost;
  }
}

export async function runAction(db: Db, action: ClaimedAction, options: RunOptions): Promise<void> {
  const plan = action.plan as unknown as ActionPlan;
  const control = new ActionControl();
  const logs = new LogWriter(db, action.id, options.onError);
  const system = (line: string, host: string | null = null) =>
    logs.write({ host, step: null, stream: 'system', line });
  const beat = setInterval(() => {
    heartbeat(db, action.id, options.worker, options.leaseSeconds).then((state) => {
      if (state === 'lost') control.lost = true;
      else {
        if (state.cancelMode && !control.cancelMode) {
          control.cancelMode = state.cancelMode;
          system(`cancel requested (${state.cancelMode})`);
          if (state.cancelMode === 'kill')
            for (const s of control.sessions) s.kill('cancelled (kill)');
        }
        // Only a decision on the current pause counts: a heartbeat answered just before an
        // earlier pause was cleared must not decide the next one.
        const decision = state.pause?.decision;
        if (
          control.pauseId !== undefined &&
          state.pause?.id === control.pauseId &&
          (decision === 'retry' || decision === 'skip' || decision === 'abort')
        )
          control.decision = decision;
      }
      if (control.stopping || control.decision) control.wake?.();
    }, options.onError);
  }, options.heartbeatMs);

  let jump: JumpHost | undefined;
  let outcome: { state: 'succeeded' | 'failed' | 'cancelled'; error?: string };
  const succeededHosts: string[] = [];
  try {
    const credentials = await loadCredentials(plan.ssh);
    jump = jumpHostFor(plan.ssh, credentials);
    outcome = await runBatches(db, action, plan, credentials, jump, control, logs, succeededHosts);
  } catch (error) {
    outcome = { state: 'failed', error: (error as Error).message };
  } finally {
    clearInterval(beat);
    jump?.close();
  }
  if (control.lost) {
    // Another process marked it interrupted (our lease lapsed): its rows are no longer ours.
    system('the lease was lost: this process stopped working on the action');
    await logs.flush();
    return;
  }
  system(`action ${outcome.state}${outcome.error ? `: ${outcome.error}` : ''}`);
  await logs.flush();
  await db.transaction(async (tx) => {
    await tx
      .update(deployActions)
      .set({
        state: outcome.state,
        error: outcome.error ?? null,
        finishedAt: sql`now()`,
        leaseUntil: null,
        pause: null,
      })
      .where(and(eq(deployActions.id, action.id), eq(deployActions.claimedBy, options.worker)));
    if (action.action === 'deploy' && action.version && succeededHosts.length > 0) {
      await tx
        .insert(deployedVersions)
        .values(
          succeededHosts.map((host) => ({
            componentId: action.componentId,
            environmentId: action.environmentId,
            host,
            version: action.version as string,
            actionId: action.id,
          })),
        )
        .onConflictDoUpdate({
          target: [
            deployedVersions.componentId,
            deployedVersions.environmentId,
            deployedVersions.host,
          ],
          set: { version: action.version, actionId: action.id, deployedAt: sql`now()` },
        });
    }
  });
}

async function runBatches(
  db: Db,
  action: ClaimedAction,
  plan: ActionPlan,
  credentials: Credentials,
  jump: JumpHost | undefined,
  control: ActionControl,
  logs: LogWriter,
  succeededHosts: string[],
): Promise<{ state: 'succeeded' | 'failed' | 'cancelled'; error?: string }> {
  const ports = new Map(plan.hosts.map((h) => [h.host, h.port]));
  for (const [index, batch] of plan.batches.entries()) {
    if (control.stopping) return { state: 'cancelled', error: 'cancelled' };
    logs.write({
      host: null,
      step: null,
      stream: 'system',
      line: `batch ${index + 1} of ${plan.batches.length}: ${batch.join(', ')}`,
    });
    let hosts = batch;
    for (;;) {
      const results = await inParallel(hosts, plan.parallelism, (host) =>
        runHost(
          db,
          action.id,
          plan,
          { host, port: ports.get(host) ?? 22 },
          credentials,
          jump,
          control,
          logs,
        ),
      );
      results.forEach((r, i) => {
        if (r === 'succeeded') succeededHosts.push(hosts[i] as string);
      });
      if (control.stopping) return { state: 'cancelled', error: 'cancelled' };
      const failed = hosts.filter((_, i) => results[i] === 'failed');
      if (failed.length === 0) break;
      const share = (failed.length * 100) / batch.length;
      if (plan.abortPercent !== null && share >= plan.abortPercent)
        return {
          state: 'failed',
          error: `batch ${index + 1}: ${failed.length} of ${batch.length} hosts failed (abort at ${plan.abortPercent}%): ${failed.join(', ')}`,
        };
      if (plan.onFailure === 'continue') break;
      if (plan.onFailure === 'abort')
        return { state: 'failed', error: `batch ${index + 1}: failed hosts ${failed.join(', ')}` };
      const decision = await pause(db, action.id, index, failed, control);
      if (decision === 'abort' || decision === undefined)
        return control.stopping
          ? { state: 'cancelled', error: 'cancelled' }
          : { state: 'failed', error: `aborted after failed hosts ${failed.join(', ')}` };
      if (decision === 'skip') {
        await db
          .update(deployActionHosts)
          .set({ state: 'skipped' })
          .where(
            and(eq(deployActionHosts.actionId, action.id), inArray(deployActionHosts.host, failed)),
          );
        break;
      }
      hosts = failed;
    }
  }
  return { state: 'succeeded' };
}

/** Sets the action paused with what failed, and waits for the API to write a decision. */
async function pause(
  db: Db,
  actionId: string,
  batch: number,
  failed: string[],
  control: ActionControl,
): Promise<Decision | undefined> {
  control.decision = undefined;
  control.pauseId = randomUUID();
  await db
    .update(deployActions)
    .set({
      state: 'paused',
      pause: {
        id: control.pauseId,
        batch,
        failedHosts: failed,
        choices: ['retry', 'skip', 'abort'],
      },
    })
    .where(eq(deployActions.id, actionId));
  while (!control.decision && !control.stopping)
    await new Promise<void>((resolve) => {
      control.wake = resolve;
    });
  control.wake = undefined;
  control.pauseId = undefined;
  await db
    .update(deployActions)
    .set({ state: 'running', pause: null })
    .where(eq(deployActions.id, actionId));
  return control.stopping ? undefined : control.decision;
}

/** Runs `work` on every item, at most `limit` at once; results in the items' order. */
async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}

async function runHost(
  db: Db,
  actionId: string,
  plan: ActionPlan,
  target: { host: string; port: number },
  credentials: Credentials,
  jump: JumpHost | undefined,
  control: ActionControl,
  logs: LogWriter,
): Promise<HostResult> {
  const host = target.host;
  const where = and(eq(deployActionHosts.actionId, actionId), eq(deployActionHosts.host, host));
  const system = (line: string, step: number | null = null) =>
    logs.write({ host, step, stream: 'system', line });
  const [row] = await db.select().from(deployActionHosts).where(where);
  let lastCompleted = row?.lastCompletedStep ?? -1;
  let attempts = row?.attempts ?? 0;
  let error = 'failed';
  for (let attempt = 0; attempt <= plan.retries; attempt++) {
    if (control.stopping) break;
    attempts++;
    await db
      .update(deployActionHosts)
      .set({
        state: 'running',
        attempts,
        error: null,
        startedAt: sql`coalesce(${deployActionHosts.startedAt}, now())`,
      })
      .where(where);
    if (attempt > 0) system(`retry ${attempt} of ${plan.retries}`);
    const result = await attemptHost(
      db,
      actionId,
      plan,
      target,
      credentials,
      jump,
      control,
      logs,
      lastCompleted,
    );
    lastCompleted = result.lastCompleted;
    if (result.ok) {
      await db
        .update(deployActionHosts)
        .set({ state: 'succeeded', finishedAt: sql`now()` })
        .where(where);
      return 'succeeded';
    }
    error = result.error;
    system(error);
  }
  const state = control.stopping ? 'cancelled' : 'failed';
  await db.update(deployActionHosts).set({ state, error, finishedAt: sql`now()` }).where(where);
  return state;
}

async function attemptHost(
  db: Db,
  actionId: string,
  plan: ActionPlan,
  target: { host: string; port: number },
  credentials: Credentials,
  jump: JumpHost | undefined,
  control: ActionControl,
  logs: LogWriter,
  lastCompleted: number,
): Promise<
  { ok: true; lastCompleted: number } | { ok: false; lastCompleted: number; error: string }
> {
  const host = target.host;
  let session: HostSession;
  try {
    session = await HostSession.open(endpointOf(target, plan.ssh), credentials, jump);
  } catch (error) {
    return { ok: false, lastCompleted, error: (error as Error).message };
  }
  control.sessions.add(session);
  try {
    for (let step = lastCompleted + 1; step < plan.steps.length; step++) {
      // Cancel (finish or kill): no new step starts; a running one finishes or is killed.
      if (control.stopping) return { ok: false, lastCompleted, error: 'cancelled' };
      const planned = plan.steps[step] as ActionPlan['steps'][number];
      const key = { actionId, host, step };
      await db
        .insert(deployStepRuns)
        .values({ ...key, state: 'running', startedAt: sql`now()` })
        .onConflictDoUpdate({
          target: [deployStepRuns.actionId, deployStepRuns.host, deployStepRuns.step],
          set: { state: 'running', exitCode: null, startedAt: sql`now()`, finishedAt: null },
        });
      logs.write({
        host,
        step,
        stream: 'system',
        line: `step ${step + 1} ${planned.name}: ${planned.command}`,
      });
      const outcome = await session.runStep(
        step,
        planned.command,
        planned.timeoutSeconds * 1000,
        (stream, line) => logs.write({ host, step, stream, line }),
      );
      const ok = outcome.exitCode === 0;
      await db
        .update(deployStepRuns)
        .set({
          state: ok ? 'succeeded' : 'failed',
          exitCode: outcome.exitCode,
          finishedAt: sql`now()`,
        })
        .where(
          and(
            eq(deployStepRuns.actionId, actionId),
            eq(deployStepRuns.host, host),
            eq(deployStepRuns.step, step),
          ),
        );
      if (!ok)
        return {
          ok: false,
          lastCompleted,
          error: `step ${step + 1} ${planned.name}: ${outcome.error ?? `exit code ${outcome.exitCode}`}`,
        };
      lastCompleted = step;
      await db
        .update(deployActionHosts)
        .set({ lastCompletedStep: step })
        .where(and(eq(deployActionHosts.actionId, actionId), eq(deployActionHosts.host, host)));
    }
    return { ok: true, lastCompleted };
  } finally {
    control.sessions.delete(session);
    session.close();
  }
}
