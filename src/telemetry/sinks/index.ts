import type { Config } from '../../platform/config.js';
import { readSecret } from '../../platform/secrets.js';
import type { ConsumerHealth, MetricConsumer } from '../pipeline.js';
import { CollectedSeries } from './exposition.js';
import { createInfluxSink } from './influx.js';
import { createRemoteWriteSink } from './remote-write.js';

/**
 * The sinks configured (docs/telemetry-sinks.md): the exposition behind `/metrics/collected`
 * always; the InfluxDB line protocol writer and remote write when their URL is set. The
 * composition root subscribes `consumers` to the metric bus (createMetricPipeline's
 * `consumers`) and hands `collected` to the HTTP app.
 */
export interface Sinks {
  consumers: (MetricConsumer & { health(): ConsumerHealth })[];
  collected: CollectedSeries;
}

export type SinkConfig = Pick<
  Config,
  | 'telemetryInfluxUrl'
  | 'telemetryInfluxDatabase'
  | 'telemetryInfluxBucket'
  | 'telemetryInfluxOrg'
  | 'telemetryInfluxToken'
  | 'telemetryInfluxPrecision'
  | 'telemetryInfluxBatchLines'
  | 'telemetryRemoteWriteUrl'
  | 'telemetryRemoteWriteToken'
  | 'telemetryRemoteWriteBatchSamples'
  | 'telemetrySinkTimeoutSeconds'
  | 'telemetryExpositionMaxSeries'
>;

/** A token reference read at every use (a rotated file is picked up), or none. */
const tokenFrom = (reference: string) => async () =>
  reference === '' ? undefined : readSecret(reference);

export function createSinks(config: SinkConfig): Sinks {
  const collected = new CollectedSeries({ maxSeries: config.telemetryExpositionMaxSeries });
  const consumers: Sinks['consumers'] = [collected];
  const timeoutMs = config.telemetrySinkTimeoutSeconds * 1000;
  if (config.telemetryInfluxUrl) {
    consumers.push(
      createInfluxSink({
        url: config.telemetryInfluxUrl,
        database: config.telemetryInfluxDatabase,
        bucket: config.telemetryInfluxBucket,
        org: config.telemetryInfluxOrg,
        token: tokenFrom(config.telemetryInfluxToken),
        precision: config.telemetryInfluxPrecision,
        batchLines: config.telemetryInfluxBatchLines,
        timeoutMs,
      }),
    );
  }
  if (config.telemetryRemoteWriteUrl) {
    consumers.push(
      createRemoteWriteSink({
        url: config.telemetryRemoteWriteUrl,
        token: tokenFrom(config.telemetryRemoteWriteToken),
        batchSamples: config.telemetryRemoteWriteBatchSamples,
        timeoutMs,
      }),
    );
  }
  return { consumers, collected };
}
