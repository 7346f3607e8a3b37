import { hostname } from 'node:os';
import type { Db } from '../../platform/db.js';
import { claimNext, failPastDeadline, LEASE_SECONDS, markInterrupted } from './claims.js';
import { runAction } from './run-action.js';

/**
 * The deploy runner of one Argus process: every few seconds (no busy polling) it marks actions a
 * dead process left as interrupted, fails queued actions past their queue deadline, and claims
 * queued actions while it has room; each claimed action runs to its end (run-action.ts).
 */

export interface DeployRunnerOptions {
  /** Between looks at the queue. */
  pollMs?: number;
  /** Between lease renewals of a running action (which also read cancel and pause decisions). */
  heartbeatMs?: number;
  /** How long a lease lasts past a heartbeat: a dead process's actions are interrupted after it. */
  leaseSeconds?: number;
  /** Actions this process runs at once. */
  maxActions?: number;
  worker?: string;
  onError?: (error: Error) => void;
}

export class DeployRunner {
  readonly worker: string;
  private readonly pollMs: number;
  private readonly heartbeatMs: number;
  private readonly leaseSeconds: number;
  private readonly maxActions: number;
  private readonly onError: (error: Error) => void;
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private readonly running = new Map<string, Promise<void>>();
  private stopped = true;

  constructor(
    private readonly db: Db,
    options: DeployRunnerOptions = {},
  ) {
    this.worker = options.worker ?? `${hostname()}:${process.pid}`;
    this.pollMs = options.pollMs ?? 3000;
    this.heartbeatMs = options.heartbeatMs ?? 2000;
    this.leaseSeconds = options.leaseSeconds ?? LEASE_SECONDS;
    this.maxActions = options.maxActions ?? 4;
    this.onError =
      options.onError ?? ((error) => process.stderr.write(`deploy runner: ${error.message}\n`));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops claiming and waits for the actions running here to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.polling;
    await Promise.all(this.running.values());
  }

  /** One look at the queue (also what the timer does); resolves when claims are made. */
  poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.poll().finally(() => this.schedule(this.pollMs));
    }, ms);
    this.timer.unref();
  }

  private async pollOnce(): Promise<void> {
    try {
      await markInterrupted(this.db);
      await failPastDeadline(this.db);
      while (!this.stopped && this.running.size < this.maxActions) {
        const action = await claimNext(this.db, this.worker, this.leaseSeconds);
        if (!action) break;
        const run = runAction(this.db, action, {
          worker: this.worker,
          heartbeatMs: this.heartbeatMs,
          leaseSeconds: this.leaseSeconds,
          onError: this.onError,
        })
          .catch((error: Error) => this.onError(error))
          .finally(() => {
            this.running.delete(action.id);
            // A finished action may free hosts a queued one waits for: look again soon.
            if (!this.stopped) void this.poll();
          });
        this.running.set(action.id, run);
      }
    } catch (error) {
      this.onError(error as Error);
    }
  }
}
