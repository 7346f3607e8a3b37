import { describe, expect, it } from 'vitest';
import { metricGroup as metricGroupSchema } from '../metric-group.js';
import { PluginFailure } from '../plugin.js';
import { testContext, testResource } from './fixtures/context.js';
import { heartbeatPolling } from './heartbeat.js';
import { hostPolling } from './host.js';

describe('host polling of this machine', () => {
  it('gives cpu, memory, load, disk and network groups that pass the schema', async () => {
    const ctx = testContext({ module: 'host', resource: testResource(), executeFrequency: 30 });
    const { groups, partial } = await hostPolling.run(ctx);
    expect(partial).toBeUndefined();
    for (const g of groups) expect(metricGroupSchema.safeParse(g).error).toBeUndefined();
    const types = new Set(groups.map((g) => g.metrics_group_type));
    expect([...types].sort()).toEqual(['cpu', 'disk', 'load', 'memory', 'network']);

    const value = (type: string, name: string) =>
      groups.find((g) => g.metrics_group_type === type)?.metrics.find((m) => m.metric_name === name)
        ?.metric_value;
    // The first run measured the CPU over its own one-second window.
    const modes = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'];
    const sum = modes.reduce((a, m) => a + (value('cpu', `${m}_percent`) ?? Number.NaN), 0);
    expect(sum).toBeCloseTo(100, 5);
    expect(value('memory', 'total_bytes')).toBeGreaterThan(value('memory', 'used_bytes')!);
    expect(value('load', 'load_1m')).toBeGreaterThanOrEqual(0);

    const root = groups.find(
      (g) => g.metrics_group_type === 'disk' && g.dimensions.some((d) => d.dimension_value === '/'),
    );
    expect(root?.metrics.map((m) => m.metric_name)).toEqual(
      expect.arrayContaining([
        'size_bytes',
        'used_bytes',
        'free_bytes',
        'used_percent',
        'inodes_total',
      ]),
    );
    // No pseudo filesystem (tmpfs, cgroup, proc) is reported as a disk.
    const mounts = groups
      .filter((g) => g.metrics_group_type === 'disk')
      .map((g) => g.dimensions[0]?.dimension_value);
    expect(mounts).not.toContain('/proc');
    expect(mounts).not.toContain('/dev/shm');

    const lo = groups.find(
      (g) => g.metrics_group_type === 'network' && g.dimensions[0]?.dimension_value === 'lo',
    );
    expect(lo?.metrics.every((m) => m.metric_type === 'counter')).toBe(true);
    expect(groups.every((g) => g.metrics_group_interval === 30)).toBe(true);
  });

  it('gives CPU figures on the next run too, from the kept reading', async () => {
    const ctx = testContext({
      module: 'host',
      resource: testResource({ id: '1b4f6d1e-5a8c-4d7e-9f00-1c2b3a4d5e6f' }),
    });
    await hostPolling.run(ctx);
    await new Promise((r) => setTimeout(r, 50));
    const { groups } = await hostPolling.run(ctx);
    expect(groups.some((g) => g.metrics_group_type === 'cpu')).toBe(true);
  });

  it('refuses to run without a resource (status 5)', async () => {
    await expect(hostPolling.run(testContext({ module: 'host' }))).rejects.toBeInstanceOf(
      PluginFailure,
    );
  });

  it('refuses an unknown key in its section', () => {
    expect(hostPolling.sections!.safeParse({ main: { ignore_filesytems: 'tmpfs' } }).success).toBe(
      false,
    );
    expect(
      hostPolling.sections!.safeParse({ main: { ignore_filesystems: 'tmpfs,ext4' } }).data,
    ).toEqual({
      main: { ignore_filesystems: ['tmpfs', 'ext4'] },
    });
  });
});

describe('heartbeat', () => {
  it('says the pipeline is alive with the uptime and the time of the run', async () => {
    const ctx = testContext({
      module: 'heartbeat',
      resource: testResource(),
      now: () => 1_800_000_000,
    });
    const { groups } = await heartbeatPolling.run(ctx);
    expect(groups).toHaveLength(1);
    expect(metricGroupSchema.parse(groups[0])).toMatchObject({
      metrics_group_type: 'heartbeat',
      metrics_group_creation_timestamp: 1_800_000_000,
      metrics: [
        { metric_name: 'uptime_seconds', metric_type: 'gauge' },
        { metric_name: 'timestamp', metric_value: 1_800_000_000 },
      ],
    });
    expect(groups[0]?.metrics[0]?.metric_value).toBeGreaterThan(0);
  });
});
