import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { hostname, totalmem } from 'node:os';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { dimensionsOf, type MetricGroup, metricGroup } from '../../src/telemetry/metric-group.js';
import { PluginFailure, RunStatus } from '../../src/telemetry/plugin.js';
import { snmpDiscovery } from '../../src/telemetry/snmp/discovery.js';
import { snmpHost } from '../../src/telemetry/snmp/host-resources.js';
import { snmpInterfacesEnrichment } from '../../src/telemetry/snmp/interfaces-enrichment.js';
import { snmpInterfaces } from '../../src/telemetry/snmp/interfaces-polling.js';
import {
  SNMP_V3_USER,
  snmpdForThisFile,
  snmpdPresent,
  testContext,
  testResource,
} from '../helpers/snmpd.js';

/**
 * The SNMP plugins against Debian's snmpd (test/helpers/snmpd.ts): discovery, interface
 * enrichment and polling, host resources, and the status codes of the ways a session fails.
 */

const run = promisify(execFile);

describe.skipIf(!snmpdPresent())('SNMP plugins against snmpd', () => {
  const snmpd = snmpdForThisFile();
  const v2c = () => ({ version: '2c', community: 'env:SNMP_COMMUNITY', port: snmpd().port });
  const v3 = (auth = 'env:SNMP_AUTH', priv = 'env:SNMP_PRIV', user = SNMP_V3_USER) => ({
    version: '3',
    user,
    auth_protocol: 'sha',
    auth_key: auth,
    priv_protocol: 'aes',
    priv_key: priv,
    port: snmpd().port,
    timeout: 1,
    retries: 0,
  });
  const resource = testResource('127.0.0.1', 'localhost');
  const hostContext = () =>
    testContext({ kind: 'polling', module: 'snmp-host', sections: { snmp: v2c() }, resource });

  /** ifIndex -> name as the kernel has them (`ip -o link`: "1: lo: <...>"). */
  async function kernelInterfaces(): Promise<
    Map<string, { name: string; mtu: number; mac: string }>
  > {
    const { stdout } = await run('ip', ['-o', 'link']);
    const out = new Map<string, { name: string; mtu: number; mac: string }>();
    for (const line of stdout.trim().split('\n')) {
      const m = /^(\d+): ([^:@]+)[^:]*:.* mtu (\d+).*link\/\S+ ([0-9a-f:]+)/.exec(line);
      if (m) out.set(m[1] ?? '', { name: m[2] ?? '', mtu: Number(m[3]), mac: m[4] ?? '' });
    }
    return out;
  }

  async function enrich(snmp: Record<string, unknown>) {
    const ctx = testContext({
      kind: 'enrichment',
      module: 'snmp-interfaces-enrichment',
      sections: { snmp },
      resource,
    });
    return (await snmpInterfacesEnrichment.run(ctx)).enrichments.interface ?? {};
  }

  async function poll(snmp: Record<string, unknown>, enrichments = {}) {
    const ctx = testContext({
      kind: 'polling',
      module: 'snmp-interfaces',
      sections: { snmp },
      resource,
      enrichments,
    });
    return snmpInterfaces.run(ctx);
  }

  const byName = (groups: MetricGroup[], name: string) =>
    groups.find((g) => dimensionsOf(g).interface_name === name);
  const metric = (group: MetricGroup | undefined, name: string) =>
    group?.metrics.find((m) => m.metric_name === name)?.metric_value;

  async function failureOf(work: Promise<unknown>): Promise<PluginFailure> {
    const error = await work.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PluginFailure);
    return error as PluginFailure;
  }

  it('discovery classifies snmpd as a Net-SNMP Linux host with its system metadata', async () => {
    const ctx = testContext({
      kind: 'discovery',
      module: 'snmp-discovery',
      sections: { snmp: v2c(), discovery: { hosts: '127.0.0.1', site: 'lab' } },
      now: () => 1_700_000_000,
    });
    const { resources } = await snmpDiscovery.run(ctx);
    expect(resources).toHaveLength(1);
    const [r] = resources;
    expect(r).toMatchObject({
      resource_id: hostname(),
      resource_site: 'lab',
      resource_class: 'system',
      resource_subclass: 'host',
      resource_type: 'net-snmp/linux',
      resource_endpoint: '127.0.0.1',
      resource_plugin: 'test-snmp-discovery',
      resource_creation_timestamp: 1_700_000_000,
    });
    expect(r?.resource_metadata?.snmp_sysname).toBe(hostname());
    expect(r?.resource_metadata?.snmp_sysdescr).toMatch(/^Linux /);
    expect(r?.resource_metadata?.snmp_sysobjectid).toMatch(/^1\.3\.6\.1\.4\.1\.8072\./);
  });

  it('the site defaults supply what the plugin section leaves out', async () => {
    const ctx = testContext({
      kind: 'discovery',
      module: 'snmp-discovery',
      sections: { snmp: { port: snmpd().port }, discovery: { hosts: ['127.0.0.1'] } },
      siteDefaults: { snmp: { version: '2c', community: 'env:SNMP_COMMUNITY' } },
    });
    expect((await snmpDiscovery.run(ctx)).resources).toHaveLength(1);
  });

  it('enrichment describes every kernel interface by ifIndex (lo is 1)', async () => {
    const interfaces = await enrich(v2c());
    const kernel = await kernelInterfaces();
    expect(Object.keys(interfaces).sort()).toEqual([...kernel.keys()].sort());
    for (const [index, k] of kernel) {
      expect(interfaces[index]).toMatchObject({
        interface_name: k.name,
        description: k.name,
        mtu: k.mtu,
      });
      if (k.name !== 'lo') expect(interfaces[index]).toMatchObject({ physical_address: k.mac });
    }
    expect(interfaces['1']).toMatchObject({
      interface_name: 'lo',
      media_type: 'softwareLoopback',
      if_type: 24,
    });
  });

  it('polling gives one valid interface group per interface with Panoptes names, and counts traffic', async () => {
    const enrichment = { interface: await enrich(v2c()) };
    const before = await poll(v2c(), enrichment);
    const loBits = (groups: MetricGroup[]) => metric(byName(groups, 'lo'), 'bits_in') ?? 0;
    // Send 200 kB over loopback: lo's octet counters must move at least that much. snmpd caches
    // ifTable for a few seconds, so poll until the counter moves (at most 10 s).
    const socket = createSocket('udp4');
    socket.on('error', () => undefined);
    const payload = Buffer.alloc(1000);
    for (let i = 0; i < 200; i++)
      await new Promise<void>((resolve) => socket.send(payload, 9, '127.0.0.1', () => resolve()));
    socket.close();
    let after = await poll(v2c(), enrichment);
    for (let i = 0; i < 10 && loBits(after.groups) === loBits(before.groups); i++) {
      await new Promise((r) => setTimeout(r, 1000));
      after = await poll(v2c(), enrichment);
    }

    const kernel = await kernelInterfaces();
    expect(after.groups).toHaveLength(kernel.size);
    expect(after.partial).toBeUndefined();
    for (const group of after.groups) {
      expect(metricGroup.safeParse(group).success).toBe(true);
      expect(group.metrics_group_type).toBe('interface');
      expect(Object.keys(dimensionsOf(group))).toEqual([
        'interface_name',
        'alias',
        'media_type',
        'description',
        'configured_speed',
        'port_speed',
        'counter_width',
      ]);
      expect(dimensionsOf(group).counter_width).toBe('64');
      const names = group.metrics.map((m) => m.metric_name).sort();
      expect(names).toEqual(
        [
          'admin_state',
          'bits_in',
          'bits_out',
          'broadcast_packets_in',
          'broadcast_packets_out',
          'configured_speed',
          'discards_in',
          'discards_out',
          'errors_in',
          'errors_out',
          'mtu',
          'multicast_packets_in',
          'multicast_packets_out',
          'oper_state',
          'total_packets_in',
          'total_packets_out',
          'unicast_packets_in',
          'unicast_packets_out',
        ].sort(),
      );
      for (const m of group.metrics)
        expect(m.metric_type).toBe(
          ['admin_state', 'oper_state', 'mtu', 'configured_speed'].includes(m.metric_name)
            ? 'gauge'
            : 'counter',
        );
    }
    const lo = byName(after.groups, 'lo');
    expect(metric(lo, 'admin_state')).toBe(1);
    expect(metric(lo, 'mtu')).toBe(65536);
    expect(loBits(after.groups) - loBits(before.groups)).toBeGreaterThanOrEqual(200 * 1000 * 8);
  });

  it('polling without the enrichment describes interfaces from the same walk', async () => {
    const { groups } = await poll(v2c());
    const kernel = await kernelInterfaces();
    expect(groups.map((g) => dimensionsOf(g).interface_name).sort()).toEqual(
      [...kernel.values()].map((k) => k.name).sort(),
    );
  });

  it('v1 polls the 32-bit ifTable counters and says so', async () => {
    const { groups } = await poll({ ...v2c(), version: '1' });
    const lo = byName(groups, 'lo');
    expect(dimensionsOf(lo!).counter_width).toBe('32');
    const bits = metric(lo, 'bits_in') ?? -1;
    expect(bits).toBeGreaterThan(0);
    expect(bits).toBeLessThan(2 ** 32 * 8);
    expect(bits % 8).toBe(0);
  });

  it('v3 authPriv (SHA + AES) works', async () => {
    const { groups } = await poll(v3());
    expect(byName(groups, 'lo')).toBeDefined();
  });

  it('v2c with a wrong community times out: status 3', async () => {
    const f = await failureOf(
      poll({ ...v2c(), community: 'env:SNMP_WRONG', timeout: 0.5, retries: 0 }),
    );
    expect(f.status).toBe(RunStatus.timeout);
    expect(f.message).toContain('127.0.0.1');
  });

  it('v3 with a wrong auth password or an unknown user: status 1', async () => {
    for (const settings of [v3('env:SNMP_WRONG'), v3(undefined, undefined, 'nobody')]) {
      const f = await failureOf(poll(settings));
      expect(f.status, JSON.stringify(settings)).toBe(RunStatus.authFailure);
      expect(f.message).not.toContain('argus-auth-pass');
    }
  });

  it('v3 with a wrong privacy password: snmpd drops what it cannot decrypt, so a timeout (3)', async () => {
    const f = await failureOf(poll(v3('env:SNMP_AUTH', 'env:SNMP_WRONG')));
    expect(f.status).toBe(RunStatus.timeout);
  });

  it('a secret reference that does not resolve fails the run without contacting the agent', async () => {
    const f = await failureOf(poll({ ...v2c(), community: 'env:SNMP_UNSET' }));
    expect(f.status).toBe(RunStatus.internalFailure);
    expect(f.message).toContain('snmp.community');
  });

  it('host resources: memory and storage in bytes; cpu reported missing while snmpd has no minute of load yet', async () => {
    const { groups, partial } = await snmpHost.run(hostContext());
    for (const g of groups) expect(metricGroup.safeParse(g).success).toBe(true);
    if (Date.now() - snmpd().startedAt < 55_000) {
      expect(groups.filter((g) => g.metrics_group_type === 'cpu')).toEqual([]);
      expect(partial).toContain('hrProcessorTable');
    }
    const ram = groups.find(
      (g) => g.metrics_group_type === 'memory' && dimensionsOf(g).memory_type === 'ram',
    );
    // snmpd reports Physical memory in KiB of the kernel's MemTotal: within 1% of Node's view.
    expect(Math.abs((metric(ram, 'memory_total') ?? 0) - totalmem()) / totalmem()).toBeLessThan(
      0.01,
    );
    expect(metric(ram, 'memory_used')).toBeGreaterThan(0);
    const root = groups.find(
      (g) => g.metrics_group_type === 'storage' && dimensionsOf(g).storage_name === '/',
    );
    expect(root && dimensionsOf(root).storage_type).toBe('fixed_disk');
    const { stdout } = await run('df', ['-B1', '--output=size', '/']);
    const size = Number(stdout.trim().split('\n')[1]);
    expect(Math.abs((metric(root, 'storage_total') ?? 0) - size) / size).toBeLessThan(0.01);
  });

  // Last in the file: snmpd computes hrProcessorLoad over a minute, so this waits for its first.
  it('host resources: cpu per processor and their average once snmpd has a minute of load', async () => {
    const wait = snmpd().startedAt + 62_000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const { groups, partial } = await snmpHost.run(hostContext());
    expect(partial).toBeUndefined();
    const cpu = groups.filter((g) => g.metrics_group_type === 'cpu');
    const { stdout } = await run('snmpbulkwalk', [
      '-v2c',
      '-c',
      'argus-ro',
      '-On',
      `127.0.0.1:${snmpd().port}`,
      '1.3.6.1.2.1.25.3.3.1.1',
    ]);
    const processors = stdout.trim().split('\n').length;
    expect(cpu).toHaveLength(processors + 1);
    expect(cpu.map((g) => dimensionsOf(g).cpu_no)).toEqual([
      ...Array.from({ length: processors }, (_, i) => String(i)),
      'all',
    ]);
    const loads = cpu.slice(0, -1).map((g) => metric(g, 'cpu_utilization') ?? -1);
    for (const v of loads) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(100);
    }
    expect(metric(cpu.at(-1), 'cpu_utilization')).toBeCloseTo(
      loads.reduce((a, b) => a + b, 0) / loads.length,
    );
  }, 90_000);
});
