import { z } from 'zod';
import type { MetricGroup } from '../metric-group.js';
import type { PluginContext } from '../plugin.js';
import { metricGroup } from './groups.js';
import {
  CPU_MODES,
  cpuPercentages,
  type DiskUsage,
  type InterfaceCounters,
  type LoadAverage,
  memoryFrom,
  type ProcStat,
} from './proc-parsers.js';

/**
 * The host figures as metric groups, whoever read them (`host` locally, `ssh-host` remotely):
 * `cpu`, `memory`, `load`, `disk` per mount and `network` per interface. Names and units are in
 * docs/telemetry.md "Built-in plugins".
 */

export interface HostReadings {
  stat: ProcStat;
  meminfo: Record<string, number>;
  loadavg: LoadAverage;
  net: InterfaceCounters[];
  disks: DiskUsage[];
  /** Mbit/s per interface, where the link knows its speed. */
  speeds: Map<string, number>;
}

/**
 * Pseudo and memory filesystems, whose "usage" says nothing about the disks, autofs (statfs would
 * trigger the mount) and squashfs (read-only images, always full: an alert that means nothing).
 * overlay stays: it is the root of a container and shows the disk under it.
 */
export const DEFAULT_IGNORED_FILESYSTEMS = [
  'tmpfs',
  'devtmpfs',
  'proc',
  'sysfs',
  'cgroup',
  'cgroup2',
  'devpts',
  'mqueue',
  'debugfs',
  'tracefs',
  'securityfs',
  'pstore',
  'bpf',
  'autofs',
  'configfs',
  'fusectl',
  'hugetlbfs',
  'binfmt_misc',
  'nsfs',
  'rpc_pipefs',
  'squashfs',
];

/** The keys `host` and `ssh-host` share in their `main` section. */
export const hostSettings = z.strictObject({
  /** Filesystem types (local) or device names (remote df) whose mounts are not reported. */
  ignore_filesystems: z
    .union([z.array(z.string()), z.string().transform((s) => s.split(',').map((t) => t.trim()))])
    .default(DEFAULT_IGNORED_FILESYSTEMS),
});
export type HostSettings = z.infer<typeof hostSettings>;

/**
 * The previous /proc/stat reading per (plugin, resource), so a run's CPU figures cover the time
 * since the last run. A reading older than three intervals (a stopped worker, another process
 * polling the pair before) is not used: the caller takes a fresh pair of readings instead.
 */
export class CpuBaselines {
  readonly #readings = new Map<string, { stat: ProcStat; at: number }>();

  take(key: string, now: number, maxAgeSeconds: number): ProcStat | undefined {
    const entry = this.#readings.get(key);
    return entry && now - entry.at <= maxAgeSeconds && now > entry.at ? entry.stat : undefined;
  }

  keep(key: string, stat: ProcStat, now: number): void {
    this.#readings.set(key, { stat, at: now });
  }
}

export function baselineKey(ctx: PluginContext): string {
  return `${ctx.config.name}\u0000${ctx.resource?.id ?? ''}`;
}

/**
 * Mounts worth reporting: not an ignored type (or, remotely where df gives no type, device name),
 * not empty, each mount point once (the last mount over a path is the one statfs and df see).
 */
export function reportedDisks(disks: DiskUsage[], ignored: readonly string[]): DiskUsage[] {
  const skip = new Set(ignored);
  const byMount = new Map<string, DiskUsage>();
  for (const disk of disks) {
    if (skip.has(disk.fsType ?? disk.device) || disk.sizeBytes === 0) continue;
    byMount.set(disk.mount, disk);
  }
  return [...byMount.values()];
}

function speedOf(speeds: Map<string, number>, name: string): number | undefined {
  const mbps = speeds.get(name);
  return mbps === undefined ? undefined : mbps * 1_000_000;
}

const percent = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : undefined);

export function hostGroups(
  ctx: PluginContext,
  readings: HostReadings,
  cpuBefore: ProcStat | undefined,
  settings: HostSettings,
): MetricGroup[] {
  const groups: (MetricGroup | null)[] = [];
  const cpu = cpuBefore ? cpuPercentages(cpuBefore, readings.stat) : null;
  if (cpu) {
    groups.push(
      metricGroup(ctx, 'cpu', {}, [
        ...CPU_MODES.map((mode): [string, number] => [`${mode}_percent`, cpu[mode]]),
        // Busy is what is not idle: waiting for I/O is idle time for the CPU.
        ['busy_percent', 100 - cpu.idle - cpu.iowait],
        ['cpu_count', readings.stat.cpuCount],
      ]),
    );
  }

  const m = memoryFrom(readings.meminfo);
  groups.push(
    metricGroup(ctx, 'memory', {}, [
      ['total_bytes', m.totalBytes],
      ['used_bytes', m.usedBytes],
      ['available_bytes', m.availableBytes],
      ['free_bytes', m.freeBytes],
      ['buffers_bytes', m.buffersBytes],
      ['cached_bytes', m.cachedBytes],
      ['used_percent', percent(m.usedBytes, m.totalBytes)],
      ['swap_total_bytes', m.swapTotalBytes],
      ['swap_used_bytes', m.swapUsedBytes],
      ['swap_free_bytes', m.swapFreeBytes],
    ]),
  );

  const l = readings.loadavg;
  groups.push(
    metricGroup(ctx, 'load', {}, [
      ['load_1m', l.load1],
      ['load_5m', l.load5],
      ['load_15m', l.load15],
      ['running', l.running],
      ['processes', l.processes],
    ]),
  );

  for (const d of reportedDisks(readings.disks, settings.ignore_filesystems)) {
    groups.push(
      metricGroup(ctx, 'disk', { mount: d.mount, device: d.device }, [
        ['size_bytes', d.sizeBytes],
        ['used_bytes', d.usedBytes],
        ['free_bytes', d.freeBytes],
        // As df computes Use%: of what users can have (used + available), not of the raw size.
        ['used_percent', percent(d.usedBytes, d.usedBytes + d.freeBytes)],
        ['inodes_total', d.inodesTotal],
        ['inodes_used', d.inodesUsed],
        ['inodes_free', d.inodesFree],
      ]),
    );
  }

  for (const n of readings.net) {
    groups.push(
      metricGroup(ctx, 'network', { interface: n.name }, [
        ['bytes_in', n.bytesIn, 'counter'],
        ['bytes_out', n.bytesOut, 'counter'],
        ['packets_in', n.packetsIn, 'counter'],
        ['packets_out', n.packetsOut, 'counter'],
        ['errors_in', n.errorsIn, 'counter'],
        ['errors_out', n.errorsOut, 'counter'],
        ['drops_in', n.dropsIn, 'counter'],
        ['drops_out', n.dropsOut, 'counter'],
        // In bits/s, as the rate transform expects it: it clamps rates and tells wraps by it.
        ['configured_speed', speedOf(readings.speeds, n.name)],
      ]),
    );
  }
  return groups.filter((g): g is MetricGroup => g !== null);
}
