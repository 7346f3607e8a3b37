import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  cpuPercentages,
  memoryFrom,
  ParseError,
  parseDf,
  parseLinkSpeeds,
  parseLoadavg,
  parseMeminfo,
  parseMounts,
  parseNetDev,
  parseProcStat,
} from './proc-parsers.js';

/** Outputs captured on the development machine (Debian, kernel 6.x, 2 CPUs): see fixtures/. */
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('/proc/stat', () => {
  it('reads the aggregate cpu line, the CPU count and the boot time', () => {
    const stat = parseProcStat(fixture('proc-stat.txt'));
    expect(stat.cpu).toEqual({
      user: 55002,
      nice: 0,
      system: 21140,
      idle: 85564,
      iowait: 614,
      irq: 0,
      softirq: 607,
      steal: 0,
    });
    expect(stat.cpuCount).toBe(2);
    expect(stat.bootTime).toBeGreaterThan(1_600_000_000);
  });

  it('gives per-mode percentages between two readings that add up to 100', () => {
    const before = parseProcStat('cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 1 1 1 1\n');
    const after = parseProcStat('cpu  160 0 70 900 70 0 0 0 0 0\ncpu0 1 1 1 1\n');
    const pct = cpuPercentages(before, after);
    expect(pct).toMatchObject({ user: 30, system: 10, idle: 50, iowait: 10 });
    expect(Object.values(pct ?? {}).reduce((a, b) => a + b, 0)).toBeCloseTo(100);
  });

  it('gives no percentages when no time passed or the counters went back (a reboot)', () => {
    const a = parseProcStat('cpu  100 0 50 800 50 0 0 0\n');
    const b = parseProcStat('cpu  10 0 5 80 5 0 0 0\n');
    expect(cpuPercentages(a, a)).toBeNull();
    expect(cpuPercentages(a, b)).toBeNull();
  });

  it('names the line that is not numbers, and refuses text without a cpu line', () => {
    expect(() => parseProcStat('cpu  1 x 3 4\n')).toThrow(
      /\/proc\/stat: not a number in "cpu {2}1 x 3 4"/,
    );
    expect(() => parseProcStat('intr 1 2 3\n')).toThrow(ParseError);
  });
});

describe('/proc/meminfo', () => {
  it('reads kB values as bytes and unitless counts as they are', () => {
    const info = parseMeminfo(fixture('proc-meminfo.txt'));
    const total = /MemTotal:\s+(\d+) kB/.exec(fixture('proc-meminfo.txt'))?.[1];
    expect(info.MemTotal).toBe(Number(total) * 1024);
    expect(info.HugePages_Total).toBe(0);
    expect(info.MemAvailable).toBeLessThanOrEqual(info.MemTotal!);
  });

  it('computes used as total minus available, and swap used', () => {
    const m = memoryFrom(
      parseMeminfo(
        'MemTotal: 1000 kB\nMemFree: 100 kB\nMemAvailable: 600 kB\nBuffers: 50 kB\nCached: 300 kB\nSwapTotal: 200 kB\nSwapFree: 150 kB\n',
      ),
    );
    expect(m).toMatchObject({
      totalBytes: 1_024_000,
      availableBytes: 614_400,
      usedBytes: 409_600,
      swapUsedBytes: 51_200,
    });
  });

  it('falls back to free + buffers + cached on kernels without MemAvailable', () => {
    const m = memoryFrom(
      parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 300 kB\n'),
    );
    expect(m.availableBytes).toBe(450 * 1024);
    expect(m.swapTotalBytes).toBe(0);
  });

  it('refuses text without MemTotal', () => {
    expect(() => parseMeminfo('garbage')).toThrow(/no MemTotal/);
  });
});

describe('/proc/loadavg', () => {
  it('reads the three averages and the running/total entities', () => {
    expect(parseLoadavg(fixture('proc-loadavg.txt'))).toEqual({
      load1: 6.56,
      load5: 3.33,
      load15: 1.59,
      running: 5,
      processes: 232,
    });
  });

  it('refuses a short or non-numeric line', () => {
    expect(() => parseLoadavg('0.1 0.2\n')).toThrow(ParseError);
    expect(() => parseLoadavg('a b c 1/2 3\n')).toThrow(/not a number/);
  });
});

describe('/proc/net/dev', () => {
  it('reads every interface with receive and transmit counters', () => {
    const net = parseNetDev(fixture('proc-net-dev.txt'));
    expect(net.map((n) => n.name)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
    expect(net[3]).toEqual({
      name: 'eth0',
      bytesIn: 489277699,
      packetsIn: 17550,
      errorsIn: 0,
      dropsIn: 0,
      bytesOut: 1438744,
      packetsOut: 11756,
      errorsOut: 0,
      dropsOut: 0,
    });
  });

  it('reads a counter that touches the colon', () => {
    const [n] = parseNetDev('eth1:12345678901 2 0 0 0 0 0 0 3 4 0 0 0 0 0 0\n');
    expect(n).toMatchObject({ name: 'eth1', bytesIn: 12345678901, bytesOut: 3, packetsOut: 4 });
  });

  it('names the interface of a short line', () => {
    expect(() => parseNetDev('  wlan0: 1 2 3\n')).toThrow(/short line for wlan0/);
  });
});

describe('df -kP / df -iP', () => {
  it('joins blocks and inodes by mount point, in bytes', () => {
    const disks = parseDf(fixture('df-kP.txt'), fixture('df-iP.txt'));
    const root = disks.find((d) => d.mount === '/');
    expect(root).toEqual({
      mount: '/',
      device: '/dev/vda',
      sizeBytes: 264212084 * 1024,
      usedBytes: 25405988 * 1024,
      freeBytes: 80984924 * 1024,
      inodesTotal: 16777216,
      inodesUsed: 461041,
      inodesFree: 16316175,
    });
    expect(disks).toHaveLength(5);
  });

  it('keeps spaces in mount points and skips filesystems without inode figures', () => {
    const blocks =
      'Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/sdb1 100 40 60 40% /mnt/my disk\n';
    const inodes =
      'Filesystem Inodes IUsed IFree IUse% Mounted on\n/dev/sdb1 - - - - /mnt/my disk\n';
    expect(parseDf(blocks, inodes)).toEqual([
      {
        mount: '/mnt/my disk',
        device: '/dev/sdb1',
        sizeBytes: 102400,
        usedBytes: 40960,
        freeBytes: 61440,
      },
    ]);
  });

  it('refuses output that is not df -P', () => {
    expect(() => parseDf('df: unrecognized option\n')).toThrow(/df -kP: no "Filesystem" header/);
    expect(() =>
      parseDf('Filesystem 1024-blocks Used Available Capacity Mounted on\nnonsense\n'),
    ).toThrow(/unexpected line "nonsense"/);
  });
});

describe('/proc/mounts', () => {
  it('reads device, mount point and type, decoding octal escapes', () => {
    expect(parseMounts('/dev/sda1 /mnt/my\\040disk ext4 rw 0 0\nproc /proc proc rw 0 0\n')).toEqual(
      [
        { device: '/dev/sda1', mount: '/mnt/my disk', fsType: 'ext4' },
        { device: 'proc', mount: '/proc', fsType: 'proc' },
      ],
    );
  });
});

describe('/sys/class/net/*/speed', () => {
  it('keeps known speeds and leaves out virtual (empty) and down (-1) links', () => {
    // As the ssh-host command printed it on the development machine, plus a 10G link.
    expect(parseLinkSpeeds('eth0 -1\nifb0 \nifb1 \nlo \nens5 10000\n')).toEqual(
      new Map([['ens5', 10000]]),
    );
  });
});
