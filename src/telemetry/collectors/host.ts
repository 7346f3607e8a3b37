import { readFile, statfs } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { PollingModule } from '../plugin.js';
import { resourceOf, sectionsOf } from './groups.js';
import {
  baselineKey,
  CpuBaselines,
  type HostReadings,
  hostGroups,
  hostSettings,
} from './host-metrics.js';
import {
  type DiskUsage,
  type Mount,
  parseLinkSpeeds,
  parseLoadavg,
  parseMeminfo,
  parseMounts,
  parseNetDev,
  parseProcStat,
} from './proc-parsers.js';

/**
 * `host`: polls the machine Argus runs on (cpu, memory, load, disks, network) from /proc and
 * statfs, whatever resource it is scheduled for; its resource filter should select the machine's
 * own resource (the `self` discovery module's). A disk that cannot be read makes the run partial.
 */

const sections = z.object({ main: hostSettings.prefault({}) });
const baselines = new CpuBaselines();
/** A hung network filesystem must not hang the run: statfs gets this long per mount. */
const STATFS_TIMEOUT_MS = 5000;
/** Without a recent previous reading, CPU time is measured over this long within the run. */
const CPU_WINDOW_MS = 1000;

async function statfsWithin(path: string, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`statfs took over ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([statfs(path), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function localDisks(
  ignored: readonly string[],
): Promise<{ disks: DiskUsage[]; failed: string[] }> {
  const skip = new Set(ignored);
  const mounts = parseMounts(await readFile('/proc/mounts', 'utf8')).filter(
    (m) => !skip.has(m.fsType),
  );
  const failed: string[] = [];
  const disks: DiskUsage[] = [];
  await Promise.all(
    mounts.map(async (m: Mount) => {
      try {
        const s = await statfsWithin(m.mount, STATFS_TIMEOUT_MS);
        disks.push({
          mount: m.mount,
          device: m.device,
          fsType: m.fsType,
          sizeBytes: s.blocks * s.bsize,
          // As df: used is what is not free at all, available excludes the root reserve.
          usedBytes: (s.blocks - s.bfree) * s.bsize,
          freeBytes: s.bavail * s.bsize,
          ...(s.files > 0
            ? { inodesTotal: s.files, inodesUsed: s.files - s.ffree, inodesFree: s.ffree }
            : {}),
        });
      } catch (error) {
        failed.push(
          `${m.mount} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        );
      }
    }),
  );
  // Mount order matters for overmounted paths (the last one wins in reportedDisks).
  const order = new Map(mounts.map((m, i) => [m.mount, i]));
  disks.sort((a, b) => (order.get(a.mount) ?? 0) - (order.get(b.mount) ?? 0));
  return { disks, failed };
}

/** The same `name speed` lines the ssh-host command prints, read from /sys here. */
async function localLinkSpeeds(names: string[]): Promise<string> {
  const lines = await Promise.all(
    names.map(async (name) => {
      const speed = await readFile(`/sys/class/net/${name}/speed`, 'utf8').catch(() => '');
      return `${name} ${speed.trim()}`;
    }),
  );
  return lines.join('\n');
}

const readProcStat = async () => parseProcStat(await readFile('/proc/stat', 'utf8'));

export const hostPolling: PollingModule = {
  kind: 'polling',
  name: 'host',
  sections,
  async run(ctx) {
    resourceOf(ctx);
    const settings = sectionsOf(ctx, sections).main;
    const key = baselineKey(ctx);
    let before = baselines.take(key, ctx.now(), 3 * ctx.config.executeFrequency);
    let stat = await readProcStat();
    if (!before) {
      before = stat;
      await sleep(CPU_WINDOW_MS, undefined, { signal: ctx.signal });
      stat = await readProcStat();
    }
    baselines.keep(key, stat, ctx.now());
    const [meminfo, loadavg, netDev, { disks, failed }] = await Promise.all([
      readFile('/proc/meminfo', 'utf8'),
      readFile('/proc/loadavg', 'utf8'),
      readFile('/proc/net/dev', 'utf8'),
      localDisks(settings.ignore_filesystems),
    ]);
    const net = parseNetDev(netDev);
    const readings: HostReadings = {
      stat,
      meminfo: parseMeminfo(meminfo),
      loadavg: parseLoadavg(loadavg),
      net,
      disks,
      speeds: parseLinkSpeeds(await localLinkSpeeds(net.map((n) => n.name))),
    };
    const groups = hostGroups(ctx, readings, before, settings);
    return failed.length > 0
      ? { groups, partial: `disks not read: ${failed.join(', ')}` }
      : { groups };
  },
};
