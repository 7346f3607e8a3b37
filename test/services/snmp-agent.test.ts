import { afterEach, describe, expect, it } from 'vitest';
import { dimensionsOf, type MetricGroup, metricGroup } from '../../src/telemetry/metric-group.js';
import { PluginFailure, RunStatus } from '../../src/telemetry/plugin.js';
import { snmpDiscovery } from '../../src/telemetry/snmp/discovery.js';
import { snmpInterfaces } from '../../src/telemetry/snmp/interfaces-polling.js';
import { parseTransforms, RateTransformer } from '../../src/telemetry/transforms/rates.js';
import {
  AGENT_COMMUNITY,
  AGENT_SYS_DESCR,
  type AgentOptions,
  type SnmpAgent,
  startSnmpAgent,
} from '../helpers/snmp-agent.js';
import { freeUdpPort, testContext, testResource } from '../helpers/snmpd.js';

/**
 * The SNMP plugins against the controllable agent (test/helpers/snmp-agent.ts): counter
 * sequences a real device takes days to show (32- and 64-bit wraps, resets), run through the
 * interface polling module and the rate transform, and discovery's promise to contact only the
 * configured range, counted at agents inside and just outside it.
 */

const ENV = { AGENT_COMMUNITY };
const SPEED = 1e9; // the agent's interfaces are 1000 Mb/s
const INTERVAL = 60;

const agents: SnmpAgent[] = [];
afterEach(async () => {
  while (agents.length > 0) await agents.pop()?.close();
});

async function agent(options: AgentOptions): Promise<SnmpAgent> {
  const a = await startSnmpAgent(options);
  agents.push(a);
  return a;
}

const snmpSection = (a: SnmpAgent, extra: Record<string, unknown> = {}) => ({
  version: '2c',
  community: 'env:AGENT_COMMUNITY',
  port: a.port,
  timeout: 1,
  retries: 0,
  ...extra,
});

/** Polls the agent as if at time `at` (seconds); the groups are schema-checked. */
async function pollAt(a: SnmpAgent, at: number): Promise<MetricGroup[]> {
  const ctx = testContext({
    kind: 'polling',
    module: 'snmp-interfaces',
    sections: { snmp: snmpSection(a) },
    resource: testResource(a.address, 'agent'),
    now: () => at,
    frequency: INTERVAL,
    env: ENV,
  });
  const { groups } = await snmpInterfaces.run(ctx);
  for (const g of groups) expect(metricGroup.parse(g)).toBeTruthy();
  return groups;
}

const value = (groups: MetricGroup[], name: string) =>
  groups[0]?.metrics.find((m) => m.metric_name === name);

/** Runs octet counter values through polling and `rate:interface:bits_in`; returns each step. */
async function ratesOf(hc: boolean, steps: [number, bigint][]) {
  const a = await agent({ interfaces: [{ index: 1, name: 'eth0', speedMbps: SPEED / 1e6 }], hc });
  const transformer = new RateTransformer();
  const specs = parseTransforms('rate:interface:bits_in');
  const out: { raw: MetricGroup[]; rate: number | undefined }[] = [];
  for (const [at, octets] of steps) {
    a.setCounters(1, { inOctets: octets });
    const raw = await pollAt(a, at);
    const rated = transformer.apply(raw, specs);
    const m = value(rated, 'bits_in');
    if (m) expect(m.metric_type).toBe('gauge');
    out.push({ raw, rate: m?.metric_value });
  }
  return { steps: out, counters: transformer.counters };
}

describe('interface counters through polling and the rate transform', () => {
  it('a 32-bit agent (no ifXTable): raw bits are octets x 8 of ifInOctets, width 32, a wrap is a rate', async () => {
    const { steps } = await ratesOf(false, [
      [1000, 2n ** 32n - 1000n],
      [1060, 500n],
    ]);
    const [first, second] = steps;
    expect(dimensionsOf(first!.raw[0]!).counter_width).toBe('32');
    expect(value(first!.raw, 'bits_in')?.metric_value).toBe((2 ** 32 - 1000) * 8);
    expect(value(first!.raw, 'configured_speed')?.metric_value).toBe(SPEED);
    expect(first?.rate).toBeUndefined();
    // 1500 octets across the wrap in 60 s
    expect(second?.rate).toBeCloseTo((1500 * 8) / 60, 6);
  });

  it('a 64-bit wrap of ifHCInOctets is a rate, within float precision of the 2^67 bit count', async () => {
    const { steps } = await ratesOf(true, [
      [1000, 2n ** 64n - 1_000_000_000n],
      [1060, 1_000_000_000n],
    ]);
    expect(dimensionsOf(steps[0]!.raw[0]!).counter_width).toBe('64');
    const expected = (2e9 * 8) / 60;
    // bits_in near 2^67 is a float with 2^15-bit steps: the rate is good to ~1 part in 10^5.
    expect(Math.abs((steps[1]?.rate ?? 0) - expected) / expected).toBeLessThan(1e-5);
  });

  it('a reset (a large counter back to near zero, not explained by a wrap at line rate) gives no sample', async () => {
    const { steps, counters } = await ratesOf(true, [
      [1000, 50_000_000_000n],
      [1060, 100n],
      [1120, 7_500_100n],
    ]);
    expect(steps[1]?.rate).toBeUndefined();
    expect(counters.reset).toBe(1);
    // counting resumes from the new value: 7.5 MB in 60 s
    expect(steps[2]?.rate).toBeCloseTo((7_500_000 * 8) / 60, 6);
  });

  it('a gap of more than three intervals and a duplicate poll give no sample', async () => {
    const { steps, counters } = await ratesOf(true, [
      [1000, 1_000n],
      [1060, 61_000n],
      [1060, 61_000n], // the same poll delivered twice
      [1060 + 4 * INTERVAL, 200_000n], // four intervals later
      [1060 + 5 * INTERVAL, 260_000n],
    ]);
    expect(steps.map((s) => s.rate)).toEqual([undefined, 8000, undefined, undefined, 8000]);
    expect(counters).toMatchObject({ duplicate: 1, gap: 1, rates: 2 });
  });

  it('oper_state follows the agent, and a table fetch wastes no request', async () => {
    const rows = 120;
    const interfaces = Array.from({ length: rows }, (_, i) => ({
      index: i + 1,
      name: `ge-0/0/${i}`,
    }));
    const a = await agent({ interfaces });
    a.setOperStatus(7, 2);
    const before = a.requests;
    const groups = await pollAt(a, 1000);
    expect(groups).toHaveLength(rows);
    const seventh = groups.find((g) => dimensionsOf(g).interface_name === 'ge-0/0/6');
    expect(seventh?.metrics.find((m) => m.metric_name === 'oper_state')?.metric_value).toBe(2);
    // Without an enrichment the walk reads 30 columns, all of which this agent has. net-snmp's
    // Agent answers at most max_repetitions (25) varbinds per GETBULK in all (snmpd answers 25
    // per column), so the floor is the cells plus one end-of-column answer per column, over 25,
    // plus the GET of ifNumber that sizes the requests.
    expect(a.requests - before).toBeLessThanOrEqual(Math.ceil((rows * 30 + 30) / 25) + 1);
  });
});

describe('SNMP discovery contacts only the configured range', () => {
  it('probes a /29 and finds the agent in it; agents just outside it get no packet', async () => {
    const port = await freeUdpPort();
    // 127.0.0.0/29: hosts .1-.6. .7 is its broadcast address, .8 and .9 the next block.
    const inside = await agent({ interfaces: [], address: '127.0.0.3', port });
    const outside = await Promise.all(
      ['127.0.0.7', '127.0.0.8', '127.0.0.9'].map((address) =>
        agent({ interfaces: [], address, port }),
      ),
    );
    const ctx = testContext({
      kind: 'discovery',
      module: 'snmp-discovery',
      sections: {
        snmp: snmpSection(inside, { timeout: 0.3 }),
        discovery: { subnets: '127.0.0.0/29', concurrency: 3 },
      },
      env: ENV,
    });
    const { resources } = await snmpDiscovery.run(ctx);
    expect(resources).toEqual([
      expect.objectContaining({
        resource_id: 'test-agent',
        resource_endpoint: '127.0.0.3',
        resource_class: 'network',
        resource_subclass: 'device',
        resource_type: 'generic',
        resource_metadata: expect.objectContaining({ snmp_sysdescr: AGENT_SYS_DESCR }),
      }),
    ]);
    expect(inside.requests).toBe(1);
    expect(outside.map((a) => a.requests)).toEqual([0, 0, 0]);
  });

  it('refuses a range larger than max_addresses before sending anything', async () => {
    const ctx = testContext({
      kind: 'discovery',
      module: 'snmp-discovery',
      sections: {
        snmp: { community: 'env:AGENT_COMMUNITY' },
        discovery: { subnets: ['10.0.0.0/8'] },
      },
      env: ENV,
    });
    const error = await snmpDiscovery.run(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginFailure);
    expect((error as PluginFailure).status).toBe(RunStatus.internalFailure);
    expect((error as PluginFailure).message).toContain('max_addresses');
  });
});
