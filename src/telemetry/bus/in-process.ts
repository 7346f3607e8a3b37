import type { MetricGroup } from '../metric-group.js';
import type { BusStats, ConsumerHealth, MetricBus, MetricConsumer } from '../pipeline.js';

/**
 * The embedded bus: one bounded FIFO queue of groups per consumer, drained by a loop of its own
 * in batches. The rules (docs/telemetry.md, "The bus"):
 * - `publish` resolves once every consumer's queue has room for the groups: a producer that
 *   awaits it runs at the pace of the slowest consumer (back-pressure), memory stays bounded;
 * - a failed `consume` is retried with the same batch, in order, with exponential back-off
 *   (`retryInitialMs` doubling up to `retryMaxMs`); the consumer is `retrying`, then `down`
 *   once it has failed for `downAfterMs`;
 * - only a consumer that is `down` stops holding producers back: when its queue is full the
 *   OLDEST queued groups are dropped to make room and counted in its `dropped`, never silently;
 *   a healthy but slow consumer never loses anything, it slows producers instead.
 * A NATS JetStream bus implements the same MetricBus interface (publish awaits the stream's ack,
 * each consumer a durable pull consumer), so producers and consumers do not change.
 */
export interface InProcessBusOptions {
  /** Groups queued per consumer before `publish` waits (or, for a `down` consumer, drops). */
  queueLimit?: number;
  /** Groups handed to `consume` at most at once. */
  batchSize?: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** Failing this long makes a consumer `down`, and its full queue drops the oldest. */
  downAfterMs?: number;
  /** How long `close` waits for queues to drain; what is left is counted as dropped. */
  closeTimeoutMs?: number;
  onDrop?: (consumer: string, count: number) => void;
}

const DEFAULTS = {
  queueLimit: 50_000,
  batchSize: 2_000,
  retryInitialMs: 100,
  retryMaxMs: 30_000,
  downAfterMs: 60_000,
  closeTimeoutMs: 10_000,
};

/** A FIFO of groups with O(1) take from the front (Array.shift is O(n) on long queues). */
class Fifo {
  private items: MetricGroup[] = [];
  private head = 0;
  get length(): number {
    return this.items.length - this.head;
  }
  push(groups: readonly MetricGroup[]): void {
    for (const g of groups) this.items.push(g);
  }
  take(n: number): MetricGroup[] {
    const out = this.items.slice(this.head, this.head + n);
    this.head += out.length;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return out;
  }
  drop(n: number): number {
    const dropped = Math.min(n, this.length);
    this.take(dropped);
    return dropped;
  }
}

class Lane {
  readonly queue = new Fifo();
  /** The batch being delivered (or retried); it counts as queued until delivered. */
  inFlight: MetricGroup[] = [];
  delivered = 0;
  dropped = 0;
  failingSince: number | undefined;
  lastError: string | undefined;
  lastErrorAt: string | undefined;
  private wakeConsumer: (() => void) | undefined;
  private roomWaiters: (() => void)[] = [];
  running: Promise<void> | undefined;

  constructor(readonly consumer: MetricConsumer) {}

  get queued(): number {
    return this.queue.length + this.inFlight.length;
  }

  isDown(now: number, downAfterMs: number): boolean {
    return this.failingSince !== undefined && now - this.failingSince >= downAfterMs;
  }

  health(now: number, downAfterMs: number): ConsumerHealth {
    const state =
      this.failingSince === undefined ? 'ok' : this.isDown(now, downAfterMs) ? 'down' : 'retrying';
    return {
      name: this.consumer.name,
      state,
      queued: this.queued,
      delivered: this.delivered,
      dropped: this.dropped,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
      ...(this.lastErrorAt === undefined ? {} : { lastErrorAt: this.lastErrorAt }),
    };
  }

  wake(): void {
    const wake = this.wakeConsumer;
    this.wakeConsumer = undefined;
    wake?.();
  }

  waitForWork(): Promise<void> {
    return new Promise((resolve) => {
      this.wakeConsumer = resolve;
    });
  }

  roomFreed(): void {
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const w of waiters) w();
  }

  waitForRoom(): Promise<void> {
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

export class InProcessBus implements MetricBus {
  private readonly options: typeof DEFAULTS & Pick<InProcessBusOptions, 'onDrop'>;
  private readonly lanes: Lane[] = [];
  private published = 0;
  private rejected = 0;
  private closing = false;

  constructor(options: InProcessBusOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  subscribe(consumer: MetricConsumer): void {
    if (this.closing) throw new Error('the bus is closed');
    if (this.lanes.some((l) => l.consumer.name === consumer.name)) {
      throw new Error(`a consumer named "${consumer.name}" is subscribed already`);
    }
    const lane = new Lane(consumer);
    this.lanes.push(lane);
    lane.running = this.drain(lane);
  }

  /** Groups rejected before the bus (schema); the pipeline counts them here so stats show them. */
  countRejected(count: number): void {
    this.rejected += count;
  }

  async publish(groups: readonly MetricGroup[]): Promise<void> {
    if (this.closing) throw new Error('the bus is closed');
    if (groups.length === 0) return;
    const { queueLimit } = this.options;
    // A publish larger than a queue goes in queue-sized slices, each waiting for room.
    for (let i = 0; i < groups.length; i += queueLimit) {
      const slice = groups.slice(i, i + queueLimit);
      for (const lane of this.lanes) await this.makeRoom(lane, slice.length);
      for (const lane of this.lanes) {
        lane.queue.push(slice);
        lane.wake();
      }
      this.published += slice.length;
    }
  }

  private async makeRoom(lane: Lane, needed: number): Promise<void> {
    const { queueLimit, downAfterMs } = this.options;
    while (lane.queued + needed > queueLimit) {
      const now = Date.now();
      if (lane.isDown(now, downAfterMs)) {
        const dropped = lane.queue.drop(lane.queued + needed - queueLimit);
        if (dropped > 0) {
          lane.dropped += dropped;
          this.options.onDrop?.(lane.consumer.name, dropped);
        }
        // The in-flight batch alone may still exceed the room: never drop what is being retried.
        if (lane.queued + needed > queueLimit && lane.queue.length === 0) return;
        continue;
      }
      // Wait for the consumer to take some, or for it to be declared down, whichever comes first.
      const untilDown =
        lane.failingSince === undefined ? downAfterMs : lane.failingSince + downAfterMs - now;
      await Promise.race([lane.waitForRoom(), sleep(Math.max(10, untilDown))]);
    }
  }

  private async drain(lane: Lane): Promise<void> {
    const { batchSize, retryInitialMs, retryMaxMs } = this.options;
    let backoff = retryInitialMs;
    for (;;) {
      if (lane.inFlight.length === 0) {
        if (lane.queue.length === 0) {
          if (this.closing) return;
          await lane.waitForWork();
          continue;
        }
        lane.inFlight = lane.queue.take(batchSize);
      }
      try {
        await lane.consumer.consume(lane.inFlight);
        lane.delivered += lane.inFlight.length;
        lane.inFlight = [];
        lane.failingSince = undefined;
        backoff = retryInitialMs;
        lane.roomFreed();
      } catch (error) {
        lane.failingSince ??= Date.now();
        lane.lastError = error instanceof Error ? error.message : String(error);
        lane.lastErrorAt = new Date().toISOString();
        if (this.closing && this.closeDeadline !== undefined && Date.now() > this.closeDeadline) {
          return;
        }
        await sleep(backoff);
        backoff = Math.min(backoff * 2, retryMaxMs);
      }
    }
  }

  private closeDeadline: number | undefined;

  stats(): BusStats {
    const now = Date.now();
    return {
      published: this.published,
      rejected: this.rejected,
      consumers: this.lanes.map((l) => l.health(now, this.options.downAfterMs)),
    };
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.closeDeadline = Date.now() + this.options.closeTimeoutMs;
    for (const lane of this.lanes) lane.wake();
    const drained = Promise.all(this.lanes.map((l) => l.running));
    await Promise.race([drained, sleep(this.options.closeTimeoutMs)]);
    for (const lane of this.lanes) {
      // What a consumer could not take before the deadline is lost: count it, like any drop.
      const left = lane.queued;
      if (left > 0) {
        lane.dropped += left;
        lane.queue.drop(left);
        lane.inFlight = [];
        this.options.onDrop?.(lane.consumer.name, left);
      }
      await lane.consumer.close?.();
    }
  }
}
