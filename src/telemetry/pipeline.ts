import type { MetricGroup } from './metric-group.js';

/**
 * The pipeline's seams (PRODUCT 6): plugin output -> transforms -> bus -> consumers. The bus is
 * in-process and bounded in embedded mode; in scaled mode a NATS JetStream bus implements the
 * same interface, so producers and consumers do not change.
 */

/** How a consumer is doing, as the plugins page and `/metrics` show it. */
export interface ConsumerHealth {
  name: string;
  state: 'ok' | 'retrying' | 'down';
  /** Groups waiting for this consumer. */
  queued: number;
  delivered: number;
  /** Groups given up on (buffer full): counted, shown, never silent. */
  dropped: number;
  lastError?: string;
  lastErrorAt?: string;
}

/** A destination of metric groups: the built-in store, InfluxDB, remote write, the exposition. */
export interface MetricConsumer {
  readonly name: string;
  /** Resolves once the batch is durable at the destination; rejects to be retried with back-off. */
  consume(groups: readonly MetricGroup[]): Promise<void>;
  close?(): Promise<void>;
}

export interface BusStats {
  published: number;
  /** Groups that broke the schema: rejected before the bus, counted. */
  rejected: number;
  consumers: ConsumerHealth[];
}

export interface MetricBus {
  /**
   * Hands groups to every consumer. Resolves when the bus has room for them: a producer that
   * awaits it slows down to what the slowest consumer can take (back-pressure) instead of
   * growing memory.
   */
  publish(groups: readonly MetricGroup[]): Promise<void>;
  subscribe(consumer: MetricConsumer): void;
  stats(): BusStats;
  /** Delivers what is queued (bounded wait), then stops. */
  close(): Promise<void>;
}
