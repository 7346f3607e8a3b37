// The InfluxDB line protocol and remote write sinks against a real VictoriaMetrics (Debian's
// victoria-metrics), read back through its export API; a sink whose server is down is retried by
// the bus and loses nothing once the server comes up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessBus } from '../../src/telemetry/bus/in-process.js';
import type { MetricGroup } from '../../src/telemetry/metric-group.js';
import type { HttpSink } from '../../src/telemetry/sinks/http-sink.js';
import { createInfluxSink } from '../../src/telemetry/sinks/influx.js';
import { createRemoteWriteSink } from '../../src/telemetry/sinks/remote-write.js';
import { interfaceGroup } from '../../src/telemetry/sinks/test-groups.js';
import {
  type ExportedSeries,
  freeLoopbackPort,
  startVictoriaMetrics,
  type VictoriaMetrics,
  victoriaMetricsAvailable,
} from '../helpers/victoria-metrics.js';

const noToken = async () => undefined;
const influxAt = (url: string) =>
  createInfluxSink({
    url,
    database: 'argus',
    bucket: '',
    org: '',
    token: noToken,
    precision: 's',
    batchLines: 2,
    timeoutMs: 5000,
  });
const remoteWriteAt = (url: string) =>
  createRemoteWriteSink({ url, token: noToken, batchSamples: 3, timeoutMs: 5000 });

/** Five polls of two interfaces, a minute apart: 10 groups, 20 samples. */
const BYTES_GI01 = [0, 1000, 2000, 3000, 4000];
const BYTES_GI02 = [0.5, 1000.5, 2000.5, 3000.5, 4000.5];
const asBits = (bytes: number[]) => bytes.map((b) => b * 8);
function polls(site: string): MetricGroup[] {
  const out: MetricGroup[] = [];
  for (let i = 0; i < 5; i++) {
    for (const name of ['Gi0/1', 'Gi0/2']) {
      out.push(
        interfaceGroup({
          site,
          interfaceName: name,
          at: 1_764_000_000 + i * 60,
          // In bytes 1000 x i (+ 0.5): remote write names bits in bytes, divided by 8.
          bitsIn: 8 * (1000 * i + (name === 'Gi0/2' ? 0.5 : 0)),
          operState: i % 2,
        }),
      );
    }
  }
  return out;
}

function byInterface(series: ExportedSeries[]): Record<string, ExportedSeries> {
  return Object.fromEntries(series.map((s) => [s.metric.interface_name, s]));
}

describe.skipIf(!victoriaMetricsAvailable())('sinks into VictoriaMetrics', () => {
  let vm: VictoriaMetrics;
  beforeAll(async () => {
    vm = await startVictoriaMetrics();
  });
  afterAll(async () => {
    await vm?.stop();
  });

  it('writes line protocol with Panoptes mapping: <group>_<metric>__<type>, tags as labels', async () => {
    const sink = influxAt(vm.url);
    await sink.consume(polls('influx-site'));
    expect(sink.health()).toMatchObject({ state: 'ok', delivered: 10, dropped: 0 });
    await vm.flush();
    const bits = byInterface(
      await vm.exportSeries('{__name__="interface_bits_in__counter",resource_site="influx-site"}'),
    );
    expect(Object.keys(bits).sort()).toEqual(['Gi0/1', 'Gi0/2']);
    expect(bits['Gi0/2'].metric).toEqual({
      __name__: 'interface_bits_in__counter',
      db: 'argus',
      alias: 'uplink, to core=a "b"',
      interface_name: 'Gi0/2',
      resource_class: 'network',
      resource_endpoint: '192.0.2.10',
      resource_site: 'influx-site',
      resource_subclass: 'switch',
      resource_type: 'cisco',
    });
    expect(bits['Gi0/2'].values).toEqual(asBits(BYTES_GI02));
    expect(bits['Gi0/2'].timestamps).toEqual(
      [0, 1, 2, 3, 4].map((i) => (1_764_000_000 + i * 60) * 1000),
    );
    const state = await vm.exportSeries(
      '{__name__="interface_oper_state__gauge",resource_site="influx-site",interface_name="Gi0/1"}',
    );
    expect(state[0].values).toEqual([0, 1, 0, 1, 0]);
  });

  it('writes remote write with <group>_<metric> names (base units, counters _total), resource labels and dimensions', async () => {
    const sink = remoteWriteAt(`${vm.url}/api/v1/write`);
    await sink.consume(polls('rw-site'));
    expect(sink.health()).toMatchObject({ state: 'ok', delivered: 10, dropped: 0 });
    await vm.flush();
    const bits = byInterface(
      await vm.exportSeries('{__name__="interface_bytes_in_total",resource_site="rw-site"}'),
    );
    expect(Object.keys(bits).sort()).toEqual(['Gi0/1', 'Gi0/2']);
    expect(bits['Gi0/1'].metric).toEqual({
      __name__: 'interface_bytes_in_total',
      alias: 'uplink, to core=a "b"',
      interface_name: 'Gi0/1',
      resource_id: 'switch-1.dc1',
      resource_class: 'network',
      resource_endpoint: '192.0.2.10',
      resource_site: 'rw-site',
      resource_subclass: 'switch',
      resource_type: 'cisco',
    });
    expect(bits['Gi0/1'].values).toEqual(BYTES_GI01);
    expect(bits['Gi0/1'].timestamps).toEqual(
      [0, 1, 2, 3, 4].map((i) => (1_764_000_000 + i * 60) * 1000),
    );
    const state = await vm.exportSeries(
      '{__name__="interface_oper_state",resource_site="rw-site"}',
    );
    expect(state).toHaveLength(2);
  });

  it('counts a batch the server refuses (4xx) as dropped, with the answer, and does not retry it', async () => {
    const sink = remoteWriteAt(`${vm.url}/no/such/path`);
    await expect(sink.consume(polls('refused'))).resolves.toBeUndefined();
    const health = sink.health();
    expect(health).toMatchObject({ state: 'ok', delivered: 0, dropped: 10 });
    expect(health.lastError).toMatch(/POST http:\/\/127\.0\.0\.1:\d+\/no\/such\/path: HTTP 4\d\d/);
  });
});

describe.skipIf(!victoriaMetricsAvailable())('a sink whose server is down', () => {
  let vm: VictoriaMetrics | undefined;
  afterAll(async () => {
    await vm?.stop();
  });

  async function waitFor(what: string, check: () => boolean, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it.each([
    ['influxdb', (url: string) => influxAt(url)],
    ['remote-write', (url: string) => remoteWriteAt(`${url}/api/v1/write`)],
  ] as const)(
    '%s: is retried, shows retrying with the error, loses nothing once it is up',
    async (name, make) => {
      const port = await freeLoopbackPort();
      const sink: HttpSink = make(`http://127.0.0.1:${port}`);
      const bus = new InProcessBus({ retryInitialMs: 20, retryMaxMs: 200, batchSize: 4 });
      bus.subscribe(sink);
      const site = `down-${name}`;
      const groups = polls(site);
      await bus.publish(groups);

      const health = () => bus.stats().consumers.find((c) => c.name === sink.name)!;
      await waitFor('the bus to retry', () => health().state === 'retrying' && health().queued > 0);
      expect(health().lastError).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
      expect(sink.health()).toMatchObject({ state: 'retrying' });
      expect(sink.health().lastError).toMatch(/ECONNREFUSED/);

      vm = await startVictoriaMetrics(port);
      await waitFor('delivery', () => health().delivered === groups.length);
      expect(health()).toMatchObject({ state: 'ok', queued: 0, dropped: 0 });
      expect(sink.health()).toMatchObject({ state: 'ok', delivered: groups.length, dropped: 0 });
      await bus.close();

      await vm.flush();
      const [metric, unit] =
        name === 'influxdb'
          ? ['interface_bits_in__counter', asBits]
          : ['interface_bytes_in_total', (b: number[]) => b];
      const series = byInterface(
        await vm.exportSeries(`{__name__="${metric}",resource_site="${site}"}`),
      );
      // Every poll arrived once: no loss, and no duplicate from the retries.
      expect(series['Gi0/1'].values).toEqual(unit(BYTES_GI01));
      expect(series['Gi0/2'].values).toEqual(unit(BYTES_GI02));
      await vm.stop();
      vm = undefined;
    },
  );
});
