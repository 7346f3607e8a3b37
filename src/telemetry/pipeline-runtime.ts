import type { Config } from '../platform/config.js';
import type { Db } from '../platform/db.js';
import { InProcessBus } from './bus/in-process.js';
import { type MetricGroup, metricGroup } from './metric-group.js';
import type { BusStats, MetricBus, MetricConsumer } from './pipeline.js';
import { applyRetention, type Retention } from './store/retention.js';
import { StoreWriter } from './store/writer.js';
import { parseTransforms, type RateSpec, RateTransformer } from './transforms/rates.js';

/**
 * The pipeline's entry (PRODUCT 6): plugin output -> validation -> transforms -> bus -> consumers.
 * The scheduler calls `submit` with what a polling run returned; consumers (the built-in store,
 * the sinks) subscribe to `bus`.
 */

export interface PipelineLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface Rejection {
  /** Position of the group in what was submitted. */
  index: number;
  /** Dotted path inside the group (`metrics.2.metric_value`). */
  path: string;
  message: string;
}

export interface SubmitResult {
  accepted: number;
  rejected: Rejection[];
}

export type PipelineConfig = Pick<
  Config,
  | 'telemetryRetentionRawHours'
  | 'telemetryRetention1mDays'
  | 'telemetryRetention1hDays'
  | 'telemetryBusQueueLimit'
  | 'telemetryBusDownAfterSeconds'
>;

export interface MetricPipeline {
  /**
   * Validates each group (a bad one is rejected and counted, the others go on), applies the
   * transforms (`rate:<group_type>:<metric>` specs, or parsed ones) and publishes; resolves when
   * the bus took them (back-pressure: it waits while consumers are behind).
   */
  submit(
    groups: unknown[],
    transforms?: string | readonly string[] | readonly RateSpec[],
  ): Promise<SubmitResult>;
  bus: MetricBus;
  store: StoreWriter;
  rates: RateTransformer;
  stats(): BusStats;
  /** Deletes what is past retention now (also runs on a timer). */
  applyRetention(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export interface PipelineOptions {
  db: Db;
  config: PipelineConfig;
  log: PipelineLogger;
  /**
   * Consumers beside the built-in store, built from configuration by the sinks (InfluxDB line
   * protocol, remote write, the exposition). Each is subscribed to the bus at creation.
   */
  consumers?: MetricConsumer[];
  /** Set false to keep the store off the bus (a process that only produces). */
  store?: boolean;
  /** How often retention runs; 0 turns the timer off (tests, benches). */
  retentionEveryMs?: number;
  bus?: {
    batchSize?: number;
    retryInitialMs?: number;
    retryMaxMs?: number;
    closeTimeoutMs?: number;
  };
}

/** A day ahead is clock skew; more is a unit mistake (milliseconds for seconds, say). */
const FUTURE_SLACK_SECONDS = 86_400;

/**
 * A metric timestamp the store could never take (milliseconds given for seconds are out of the
 * database's range from 1e13) would fail every retry of its batch and hold the store's queue:
 * such a group is refused here, counted like any schema break.
 */
function implausibleTime(group: MetricGroup, now: number): Omit<Rejection, 'index'> | undefined {
  for (const [i, m] of group.metrics.entries()) {
    if (m.metric_creation_timestamp > now + FUTURE_SLACK_SECONDS) {
      return {
        path: `metrics.${i}.metric_creation_timestamp`,
        message:
          'more than a day in the future: seconds since the epoch expected (milliseconds given?)',
      };
    }
  }
  return undefined;
}

const isSpecList = (t: unknown): t is readonly RateSpec[] =>
  Array.isArray(t) && t.every((x) => typeof x === 'object' && x !== null);

export function createMetricPipeline(options: PipelineOptions): MetricPipeline {
  const { db, config, log } = options;
  const bus = new InProcessBus({
    queueLimit: config.telemetryBusQueueLimit,
    downAfterMs: config.telemetryBusDownAfterSeconds * 1000,
    ...options.bus,
    onDrop: (consumer, count) =>
      log.warn(
        { consumer, dropped: count },
        'metric consumer is down and its queue is full: dropped the oldest groups',
      ),
  });
  const store = new StoreWriter(db);
  if (options.store !== false) bus.subscribe(store);
  // Sinks join here: one consumer per configured destination.
  for (const consumer of options.consumers ?? []) bus.subscribe(consumer);

  const rates = new RateTransformer();
  const parsedSpecs = new Map<string, RateSpec[]>();
  const specsOf = (
    t: string | readonly string[] | readonly RateSpec[] | undefined,
  ): readonly RateSpec[] => {
    if (t === undefined) return [];
    if (isSpecList(t)) return t;
    const key = typeof t === 'string' ? t : t.join(',');
    let specs = parsedSpecs.get(key);
    if (!specs) {
      specs = parseTransforms(t as string | readonly string[]);
      parsedSpecs.set(key, specs);
    }
    return specs;
  };

  const retention: Retention = {
    rawHours: config.telemetryRetentionRawHours,
    rollup1mDays: config.telemetryRetention1mDays,
    rollup1hDays: config.telemetryRetention1hDays,
  };
  const runRetention = async () => {
    const deleted = await applyRetention(db, retention);
    if (Object.values(deleted).some((n) => n > 0))
      log.info({ deleted }, 'metric retention applied');
    // Counters not seen for a day are gone (resources removed): forget their previous values.
    rates.forget(Date.now() / 1000, 86400);
    return deleted;
  };
  const every = options.retentionEveryMs ?? 10 * 60_000;
  let retentionRunning = false;
  const timer =
    every > 0
      ? setInterval(() => {
          if (retentionRunning) return;
          retentionRunning = true;
          runRetention()
            .catch((error: unknown) => log.error({ err: error }, 'metric retention failed'))
            .finally(() => {
              retentionRunning = false;
            });
        }, every).unref()
      : undefined;

  return {
    bus,
    store,
    rates,
    stats: () => bus.stats(),
    applyRetention: runRetention,
    async submit(groups, transforms) {
      // Parse first: a broken spec is the plugin's configuration error, thrown to the caller.
      const specs = specsOf(transforms);
      const valid: MetricGroup[] = [];
      const rejected: Rejection[] = [];
      for (const [index, raw] of groups.entries()) {
        const parsed = metricGroup.safeParse(raw);
        if (parsed.success) {
          const late = implausibleTime(parsed.data, Date.now() / 1000);
          if (late) rejected.push({ index, ...late });
          else valid.push(parsed.data);
          continue;
        }
        for (const issue of parsed.error.issues) {
          rejected.push({ index, path: issue.path.join('.'), message: issue.message });
        }
      }
      const rejectedGroups = new Set(rejected.map((r) => r.index)).size;
      if (rejectedGroups > 0) {
        bus.countRejected(rejectedGroups);
        log.warn(
          { rejected: rejectedGroups, first: rejected[0] },
          'metric groups rejected: they break the schema',
        );
      }
      const out = rates.apply(valid, specs);
      await bus.publish(out);
      return { accepted: valid.length, rejected };
    },
    async close() {
      if (timer) clearInterval(timer);
      await bus.close();
    },
  };
}
