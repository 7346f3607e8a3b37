/**
 * Parsers of the Linux text the host collectors read: /proc/stat, /proc/meminfo, /proc/loadavg,
 * /proc/net/dev, /proc/mounts and POSIX `df -kP` / `df -iP`. The `host` module reads them from
 * the local files, `ssh-host` from one remote command's output; both parse with these, so a
 * remote host and the local one give the same figures by the same rules.
 *
 * Parsers are strict about what they use and lenient about what they skip: an unknown line is
 * ignored (kernels add fields), a line that should hold numbers and does not is an error naming it.
 */

export class ParseError extends Error {
  constructor(
    readonly source: string,
    reason: string,
  ) {
    super(`${source}: ${reason}`);
    this.name = 'ParseError';
  }
}

/** The CPU modes of /proc/stat's `cpu` line, in the kernel's order. */
export const CPU_MODES = [
  'user',
  'nice',
  'system',
  'idle',
  'iowait',
  'irq',
  'softirq',
  'steal',
] as const;
export type CpuMode = (typeof CPU_MODES)[number];

export interface ProcStat {
  /** Cumulative jiffies per mode over all CPUs (guest time is already inside user and nice). */
  cpu: Record<CpuMode, number>;
  /** The number of `cpuN` lines. */
  cpuCount: number;
  /** Seconds since the epoch the machine booted (`btime`), when present. */
  bootTime?: number;
}

function numbers(source: string, fields: string[], line: string): number[] {
  return fields.map((f) => {
    const n = Number(f);
    if (!Number.isFinite(n) || f === '')
      throw new ParseError(source, `not a number in "${line.trim()}"`);
    return n;
  });
}

export function parseProcStat(text: string): ProcStat {
  let cpu: ProcStat['cpu'] | undefined;
  let cpuCount = 0;
  let bootTime: number | undefined;
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const key = fields[0];
    if (key === 'cpu') {
      // Older kernels have fewer columns (no steal before 2.6.11): missing modes count as 0.
      const values = numbers('/proc/stat', fields.slice(1, 1 + CPU_MODES.length), line);
      cpu = Object.fromEntries(
        CPU_MODES.map((mode, i) => [mode, values[i] ?? 0]),
      ) as ProcStat['cpu'];
    } else if (key && /^cpu\d+$/.test(key)) {
      cpuCount++;
    } else if (key === 'btime') {
      bootTime = numbers('/proc/stat', [fields[1] ?? ''], line)[0];
    }
  }
  if (!cpu) throw new ParseError('/proc/stat', 'no "cpu" line');
  return { cpu, cpuCount, ...(bootTime !== undefined ? { bootTime } : {}) };
}

/**
 * Per-mode percentages of the CPU time between two readings. Null when no time passed (two
 * readings within one jiffy) or the counters went back (a reboot between runs): no figure then,
 * rather than a division by zero or a negative percentage.
 */
export function cpuPercentages(before: ProcStat, after: ProcStat): Record<CpuMode, number> | null {
  const deltas = CPU_MODES.map((mode) => after.cpu[mode] - before.cpu[mode]);
  const total = deltas.reduce((a, b) => a + b, 0);
  if (total <= 0 || deltas.some((d) => d < 0)) return null;
  return Object.fromEntries(
    CPU_MODES.map((mode, i) => [mode, (deltas[i]! / total) * 100]),
  ) as Record<CpuMode, number>;
}

/** /proc/meminfo: key -> bytes (`kB` values times 1024; unitless counts, e.g. HugePages_Total, as they are). */
export function parseMeminfo(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z0-9_()]+):\s+(\d+)(?:\s+(kB))?\s*$/.exec(line);
    if (match) out[match[1]!] = Number(match[2]) * (match[3] ? 1024 : 1);
  }
  if (out.MemTotal === undefined) throw new ParseError('/proc/meminfo', 'no MemTotal line');
  return out;
}

export interface Memory {
  totalBytes: number;
  availableBytes: number;
  usedBytes: number;
  freeBytes: number;
  buffersBytes: number;
  cachedBytes: number;
  swapTotalBytes: number;
  swapFreeBytes: number;
  swapUsedBytes: number;
}

/**
 * The memory figures from /proc/meminfo. Used is total minus available (what `free` shows since
 * procps 3.3.10): page cache the kernel can drop is not "used". Kernels before 3.14 have no
 * MemAvailable; free + buffers + cached stands in for it there.
 */
export function memoryFrom(meminfo: Record<string, number>): Memory {
  const get = (key: string) => meminfo[key] ?? 0;
  const total = get('MemTotal');
  const available = meminfo.MemAvailable ?? get('MemFree') + get('Buffers') + get('Cached');
  const swapTotal = get('SwapTotal');
  const swapFree = get('SwapFree');
  return {
    totalBytes: total,
    availableBytes: available,
    usedBytes: Math.max(0, total - available),
    freeBytes: get('MemFree'),
    buffersBytes: get('Buffers'),
    cachedBytes: get('Cached'),
    swapTotalBytes: swapTotal,
    swapFreeBytes: swapFree,
    swapUsedBytes: Math.max(0, swapTotal - swapFree),
  };
}

export interface LoadAverage {
  load1: number;
  load5: number;
  load15: number;
  /** Runnable scheduling entities now, and all of them (the `5/232` field). */
  running: number;
  processes: number;
}

export function parseLoadavg(text: string): LoadAverage {
  const fields = text.trim().split(/\s+/);
  const [running, processes] = (fields[3] ?? '').split('/');
  if (fields.length < 4 || running === undefined || processes === undefined) {
    throw new ParseError('/proc/loadavg', `unexpected "${text.trim()}"`);
  }
  const [load1, load5, load15, r, p] = numbers(
    '/proc/loadavg',
    [...fields.slice(0, 3), running, processes],
    text,
  );
  return { load1: load1!, load5: load5!, load15: load15!, running: r!, processes: p! };
}

export interface InterfaceCounters {
  name: string;
  bytesIn: number;
  packetsIn: number;
  errorsIn: number;
  dropsIn: number;
  bytesOut: number;
  packetsOut: number;
  errorsOut: number;
  dropsOut: number;
}

/** /proc/net/dev: two header lines, then `name: 8 receive columns 8 transmit columns`. */
export function parseNetDev(text: string): InterfaceCounters[] {
  const out: InterfaceCounters[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    // Header lines have '|' and no colon; a large counter may touch the colon (`eth0:4892...`).
    if (colon < 0 || line.includes('|')) continue;
    const name = line.slice(0, colon).trim();
    const fields = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    if (fields.length < 16) throw new ParseError('/proc/net/dev', `short line for ${name}`);
    const v = numbers('/proc/net/dev', fields.slice(0, 16), line);
    out.push({
      name,
      bytesIn: v[0]!,
      packetsIn: v[1]!,
      errorsIn: v[2]!,
      dropsIn: v[3]!,
      bytesOut: v[8]!,
      packetsOut: v[9]!,
      errorsOut: v[10]!,
      dropsOut: v[11]!,
    });
  }
  return out;
}

/** A mounted filesystem's usage, from statfs (local) or df (remote). */
export interface DiskUsage {
  mount: string;
  device: string;
  /** Known locally (/proc/mounts); `df -kP` does not print it. */
  fsType?: string;
  sizeBytes: number;
  usedBytes: number;
  /** Free for unprivileged users (df's "Available"; the root reserve excluded). */
  freeBytes: number;
  inodesTotal?: number;
  inodesUsed?: number;
  inodesFree?: number;
}

interface DfRow {
  device: string;
  total: number;
  used: number;
  free: number;
  mount: string;
}

/**
 * POSIX `df -P` output (`-k` blocks or `-i` inodes): a header, then one line per filesystem.
 * Matched from the right, since a device name may hold spaces and the mount point may too (it is
 * the rest of the line). `-` (no inode figures, e.g. btrfs or vfat) skips the line.
 */
function parseDfRows(text: string, source: string): DfRow[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (!/^Filesystem\s/.test(lines[0] ?? '')) throw new ParseError(source, 'no "Filesystem" header');
  const rows: DfRow[] = [];
  for (const line of lines.slice(1)) {
    const match = /^(.+?)\s+(\d+|-)\s+(\d+|-)\s+(\d+|-)\s+(\d+%|-)\s+(\/.*)$/.exec(line);
    if (!match) throw new ParseError(source, `unexpected line "${line}"`);
    if (match[2] === '-' || match[3] === '-' || match[4] === '-') continue;
    rows.push({
      device: match[1]!,
      total: Number(match[2]),
      used: Number(match[3]),
      free: Number(match[4]),
      mount: match[6]!,
    });
  }
  return rows;
}

/** `df -kP` plus, when given, `df -iP` of the same machine, joined by mount point. */
export function parseDf(blocks: string, inodes?: string): DiskUsage[] {
  const byMount = new Map<string, DfRow>();
  if (inodes !== undefined)
    for (const row of parseDfRows(inodes, 'df -iP')) byMount.set(row.mount, row);
  return parseDfRows(blocks, 'df -kP').map((row) => {
    const inode = byMount.get(row.mount);
    return {
      mount: row.mount,
      device: row.device,
      sizeBytes: row.total * 1024,
      usedBytes: row.used * 1024,
      freeBytes: row.free * 1024,
      ...(inode
        ? { inodesTotal: inode.total, inodesUsed: inode.used, inodesFree: inode.free }
        : {}),
    };
  });
}

export interface Mount {
  device: string;
  mount: string;
  fsType: string;
}

/** /proc/mounts (fstab format); spaces and other bytes in paths are octal escapes (`\040`). */
export function parseMounts(text: string): Mount[] {
  const decode = (s: string) =>
    s.replace(/\\([0-7]{3})/g, (_, octal: string) =>
      String.fromCharCode(Number.parseInt(octal, 8)),
    );
  const out: Mount[] = [];
  for (const line of text.split('\n')) {
    const [device, mount, fsType] = line.trim().split(/\s+/);
    if (device && mount && fsType)
      out.push({ device: decode(device), mount: decode(mount), fsType });
  }
  return out;
}

/**
 * Link speeds in Mbit/s as /sys/class/net/<name>/speed gives them, one `name speed` line per
 * interface. Unknown speeds (virtual links print nothing or an error, down links -1) are left out.
 */
export function parseLinkSpeeds(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [name, speed] = line.trim().split(/\s+/);
    const mbps = Number(speed);
    if (name && speed && Number.isInteger(mbps) && mbps > 0) out.set(name, mbps);
  }
  return out;
}
