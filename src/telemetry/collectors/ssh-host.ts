import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { SecretError, secretReference } from '../../platform/secrets.js';
import { type PluginContext, PluginFailure, type PollingModule, RunStatus } from '../plugin.js';
import { resourceOf, sectionsOf } from './groups.js';
import {
  baselineKey,
  CpuBaselines,
  type HostReadings,
  hostGroups,
  hostSettings,
} from './host-metrics.js';
import { parseKnownHosts } from './known-hosts.js';
import {
  ParseError,
  parseDf,
  parseLinkSpeeds,
  parseLoadavg,
  parseMeminfo,
  parseNetDev,
  parseProcStat,
} from './proc-parsers.js';
import { runSshCommand, type SshEndpoint, SshError, type SshFailureKind } from './ssh-session.js';

/**
 * `ssh-host`: the `host` figures of a remote Linux machine, read over SSH: ONE connection running
 * ONE POSIX shell command that prints /proc/stat, /proc/meminfo, /proc/loadavg, /proc/net/dev,
 * `df -kP` and `df -iP` between marker lines, parsed by the same parsers as `host`.
 *
 * Settings: the plugin's `ssh` section over the site's `ssh` defaults; a resource's metadata
 * `ssh_user` / `ssh_port` win over both (hosts behind NAT, odd ports). Status codes: refused host
 * key (unknown, changed, revoked) and failed authentication 1 — both are authentication failing,
 * one side or the other, and neither heals by retrying; unreachable 2; timeout 3; a host whose
 * disks could not be listed 4; output that is not Linux's 5.
 */

const SECONDS = z.coerce.number().positive().max(300);
const PORT = z.coerce.number().int().min(1).max(65_535);

const sshLayer = z.strictObject({
  user: z.string().min(1).optional(),
  port: PORT.optional(),
  /** A private key file (not a secret reference: the path is not secret, the file is protected). */
  key_file: z.string().min(1).optional(),
  /** The key's passphrase, by reference (`env:NAME`, `file:/path`). */
  passphrase: secretReference.optional(),
  known_hosts: z.string().min(1).optional(),
  timeout: SECONDS.optional(),
  jump_host: z.string().min(1).optional(),
  jump_port: PORT.optional(),
  jump_user: z.string().min(1).optional(),
});
type SshLayer = z.infer<typeof sshLayer>;

const sections = z.object({
  main: hostSettings.prefault({}),
  ssh: sshLayer.prefault({}),
});

const DEFAULT_TIMEOUT_SECONDS = 10;
const MARK = '@@argus@@';

/**
 * The remote command. `LC_ALL=C` keeps df's header and numbers in the C locale. Without a recent
 * CPU reading, /proc/stat is read again after a second so the run still has CPU figures.
 */
export function remoteCommand(secondCpuReading: boolean): string {
  const part = (name: string, command: string) => `echo '${MARK} ${name}'; ${command}`;
  return [
    'LC_ALL=C; export LC_ALL',
    part('stat', 'cat /proc/stat'),
    part('meminfo', 'cat /proc/meminfo'),
    part('loadavg', 'cat /proc/loadavg'),
    part('netdev', 'cat /proc/net/dev'),
    // df exits 1 when one mount is unreadable yet prints the others: its output is used anyway.
    part('df', 'df -kP 2>/dev/null'),
    part('dfi', 'df -iP 2>/dev/null'),
    part(
      'speed',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
      'for i in /sys/class/net/*; do echo "${i##*/} $(cat "$i/speed" 2>/dev/null)"; done',
    ),
    ...(secondCpuReading ? [part('stat2', 'sleep 1; cat /proc/stat')] : []),
    part('end', 'true'),
  ].join('; ');
}

/** The command's output cut at the marker lines: part name -> text. */
export function splitOutput(stdout: string): Map<string, string> {
  const parts = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith(`${MARK} `)) {
      if (name) parts.set(name, lines.join('\n'));
      name = line.slice(MARK.length + 1).trim();
      lines = [];
    } else if (name) {
      lines.push(line);
    }
  }
  if (name) parts.set(name, lines.join('\n'));
  return parts;
}

const STATUS_OF: Record<SshFailureKind, (typeof RunStatus)[keyof typeof RunStatus]> = {
  'host-key': RunStatus.authFailure,
  auth: RunStatus.authFailure,
  network: RunStatus.networkFailure,
  timeout: RunStatus.timeout,
};

function siteLayer(ctx: PluginContext): SshLayer {
  const parsed = sshLayer.safeParse(ctx.site?.defaults.ssh ?? {});
  if (!parsed.success) {
    throw new PluginFailure(
      RunStatus.internalFailure,
      `site ${ctx.site?.name} defaults ssh: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}

async function readKey(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new PluginFailure(
      RunStatus.internalFailure,
      `cannot read key_file ${path}: ${(error as NodeJS.ErrnoException).code}`,
    );
  }
}

async function readKnownHosts(path: string) {
  try {
    return parseKnownHosts(await readFile(path, 'utf8'));
  } catch (error) {
    // No known_hosts file means no host is known: every host is refused, with its fingerprint.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new PluginFailure(
      RunStatus.internalFailure,
      `cannot read known_hosts ${path}: ${(error as NodeJS.ErrnoException).code}`,
    );
  }
}

interface Plan {
  target: SshEndpoint;
  jump?: SshEndpoint;
  settings: SshLayer;
}

function plan(ctx: PluginContext, section: SshLayer): Plan {
  const resource = resourceOf(ctx);
  // A key the plugin leaves out (or sets to nothing) falls back to the site's.
  const own = Object.fromEntries(Object.entries(section).filter(([, v]) => v !== undefined));
  const settings: SshLayer = { ...siteLayer(ctx), ...own };
  const meta = resource.resource_metadata;
  const port = meta.ssh_port !== undefined ? PORT.safeParse(meta.ssh_port) : undefined;
  if (port && !port.success) {
    throw new PluginFailure(
      RunStatus.internalFailure,
      `resource ${resource.resource_id}: metadata ssh_port "${meta.ssh_port}" is not a port`,
    );
  }
  const user = meta.ssh_user ?? settings.user;
  if (!user) {
    throw new PluginFailure(
      RunStatus.internalFailure,
      'no SSH user: set ssh.user in the plugin or the site defaults',
    );
  }
  const target = {
    host: resource.resource_endpoint,
    port: port?.data ?? settings.port ?? 22,
    user,
  };
  if (!settings.jump_host) return { target, settings };
  return {
    target,
    jump: {
      host: settings.jump_host,
      port: settings.jump_port ?? 22,
      user: settings.jump_user ?? user,
    },
    settings,
  };
}

export function readingsFrom(
  parts: Map<string, string>,
  previous: ReturnType<typeof parseProcStat> | undefined,
) {
  const text = (name: string) => {
    const value = parts.get(name);
    if (value === undefined)
      throw new ParseError(
        'ssh-host',
        `the output has no "${name}" part (did the command run to its end?)`,
      );
    return value;
  };
  const first = parseProcStat(text('stat'));
  const second = parts.has('stat2') ? parseProcStat(text('stat2')) : undefined;
  let disks: HostReadings['disks'] = [];
  let diskProblem: string | undefined;
  try {
    disks = parseDf(text('df'), parts.get('dfi'));
  } catch (error) {
    diskProblem = (error as Error).message;
  }
  const readings: HostReadings = {
    stat: second ?? first,
    meminfo: parseMeminfo(text('meminfo')),
    loadavg: parseLoadavg(text('loadavg')),
    net: parseNetDev(text('netdev')),
    disks,
    // Absent on hosts without /sys: speeds are optional figures.
    speeds: parseLinkSpeeds(parts.get('speed') ?? ''),
  };
  return { readings, cpuBefore: second ? first : previous, diskProblem };
}

const baselines = new CpuBaselines();

export const sshHostPolling: PollingModule = {
  kind: 'polling',
  name: 'ssh-host',
  sections,
  async run(ctx) {
    const { main, ssh } = sectionsOf(ctx, sections);
    const { target, jump, settings } = plan(ctx, ssh);
    const keyFile = settings.key_file;
    const agent = process.env.SSH_AUTH_SOCK;
    if (!keyFile && !agent) {
      throw new PluginFailure(
        RunStatus.authFailure,
        'no key: set ssh.key_file, or run Argus with an ssh-agent (SSH_AUTH_SOCK)',
      );
    }
    let passphrase: string | undefined;
    try {
      if (settings.passphrase) passphrase = await ctx.secret(settings.passphrase);
    } catch (error) {
      if (error instanceof SecretError)
        throw new PluginFailure(RunStatus.internalFailure, `ssh.passphrase: ${error.message}`);
      throw error;
    }
    const key = baselineKey(ctx);
    const previous = baselines.take(key, ctx.now(), 3 * ctx.config.executeFrequency);
    const timeoutMs = (settings.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
    let output: Awaited<ReturnType<typeof runSshCommand>>;
    try {
      output = await runSshCommand({
        target,
        ...(jump ? { jump } : {}),
        ...(keyFile ? { privateKey: await readKey(keyFile) } : { agent }),
        ...(passphrase ? { passphrase } : {}),
        knownHosts: await readKnownHosts(
          settings.known_hosts ?? join(homedir(), '.ssh', 'known_hosts'),
        ),
        // The first run (or one after a long pause) measures the CPU over a second itself.
        command: remoteCommand(previous === undefined),
        timeoutMs: previous === undefined ? timeoutMs + 1000 : timeoutMs,
        signal: ctx.signal,
      });
    } catch (error) {
      if (error instanceof SshError) throw new PluginFailure(STATUS_OF[error.kind], error.message);
      throw error;
    }
    let parsed: ReturnType<typeof readingsFrom>;
    try {
      parsed = readingsFrom(splitOutput(output.stdout), previous);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      const stderr = output.stderr.trim().slice(0, 300);
      throw new PluginFailure(
        RunStatus.internalFailure,
        `${target.host}: ${error.message}${stderr ? ` (stderr: ${stderr})` : ''}`,
      );
    }
    if (jump)
      ctx.log.info({ target: target.host, jump: jump.host }, 'polled through the jump host');
    baselines.keep(key, parsed.readings.stat, ctx.now());
    const groups = hostGroups(ctx, parsed.readings, parsed.cpuBefore, main);
    return parsed.diskProblem ? { groups, partial: `disks: ${parsed.diskProblem}` } : { groups };
  },
};
