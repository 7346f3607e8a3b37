import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import { reachable } from './engines.js';

/**
 * A fleet of real Debian `sshd` processes for tests: one per loopback address from 127.0.0.2
 * upwards, each on a free high port, with its own ed25519 host key, all accepting one generated
 * client key for the user running the tests. A known_hosts file records every host as a client
 * would have it after a first login, except the hosts asked for with a changed key: their entry
 * holds a different key, as after a reinstall (or an attack).
 *
 * Optionally a jump host (the next address after the hosts) that allows TCP forwarding; its log
 * (LogLevel DEBUG1) shows each forward it opened, so a test can tell a connection went through it.
 * Everything lives in one temp dir removed by close(). Needs openssh-server and openssh-client.
 */

const run = promisify(execFile);

export const SSHD_BIN = process.env.ARGUS_SSHD ?? '/usr/sbin/sshd';
const CLIENT_KEY = 'client_key';
const KNOWN_HOSTS = 'known_hosts';

export interface SshTestHost {
  /** host-1, host-2, ..., or jump. */
  name: string;
  address: string;
  port: number;
  user: string;
  /** The key the host really presents, as `SHA256:...` (what ssh-keygen -l prints). */
  hostKeyFingerprint: string;
  /** The fleet's client key and known_hosts, repeated here so a host alone says how to reach it. */
  keyFile: string;
  knownHostsFile: string;
  /** The sshd's output so far (connections, logins, forwards). */
  log(): string;
  /** Stops this host alone (a host that went down); close() stops the rest. */
  stop(): Promise<void>;
}

export interface SshFleet {
  dir: string;
  user: string;
  hosts: SshTestHost[];
  jump?: SshTestHost;
  /** The client's private key, accepted by every host (no passphrase). */
  keyFile: string;
  /** A well-formed private key no host accepts. */
  otherKeyFile: string;
  knownHostsFile: string;
  close(): Promise<void>;
}

export interface SshFleetOptions {
  /** How many target hosts (127.0.0.2, 127.0.0.3, ...). */
  hosts: number;
  /** Also start a jump host that forwards TCP. */
  jump?: boolean;
  /** Indexes into hosts whose known_hosts entry is a key other than the one they present. */
  changedKey?: number[];
}

/** A free TCP port on `address`: bind port 0 there, read the port, release it. */
export function freePort(address = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, address, () => {
      const bound = server.address();
      server.close(() =>
        typeof bound === 'object' && bound ? resolve(bound.port) : reject(new Error('no port')),
      );
    });
  });
}

async function keygen(file: string, comment: string): Promise<void> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
}

async function fingerprint(publicKeyFile: string): Promise<string> {
  const { stdout } = await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', publicKeyFile]);
  const match = /SHA256:[A-Za-z0-9+/]+/.exec(stdout);
  if (!match) throw new Error(`no fingerprint in ssh-keygen output: ${stdout}`);
  return match[0];
}

function sshdConfig(dir: string, name: string, listen: string, forwarding: boolean): string {
  return [
    `ListenAddress ${listen}`,
    `HostKey ${join(dir, `${name}_host_key`)}`,
    `PidFile ${join(dir, `${name}.pid`)}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    // The temp dir is not owned the way StrictModes wants; the keys are ours anyway.
    'StrictModes no',
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin prohibit-password',
    `AllowTcpForwarding ${forwarding ? 'yes' : 'no'}`,
    'X11Forwarding no',
    // DEBUG1 on the jump host logs each direct-tcpip forward with its target.
    `LogLevel ${forwarding ? 'DEBUG1' : 'VERBOSE'}`,
    '',
  ].join('\n');
}

async function startHost(
  dir: string,
  name: string,
  address: string,
  user: string,
  forwarding: boolean,
): Promise<SshTestHost & { process: ChildProcess }> {
  await keygen(join(dir, `${name}_host_key`), `${name}@argus-test`);
  let output = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort(address);
    const config = join(dir, `${name}.sshd_config`);
    await writeFile(config, sshdConfig(dir, name, `${address}:${port}`, forwarding));
    // sshd wants an absolute path (it re-executes itself); -D foreground, -e log to stderr.
    const proc = spawn(SSHD_BIN, ['-D', '-e', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    proc.stdout?.on('data', collect);
    proc.stderr?.on('data', collect);
    proc.on('error', (error) => {
      output += `\nspawn error: ${error.message}`;
    });
    let exited = false;
    proc.once('exit', () => {
      exited = true;
    });
    const deadline = Date.now() + 10_000;
    while (!exited && Date.now() < deadline && !output.includes('Server listening')) {
      await new Promise((r) => setTimeout(r, 25));
    }
    if (!exited && (await reachable(address, port, 500))) {
      const log = () => output;
      return {
        name,
        address,
        port,
        user,
        hostKeyFingerprint: await fingerprint(join(dir, `${name}_host_key.pub`)),
        keyFile: join(dir, CLIENT_KEY),
        knownHostsFile: join(dir, KNOWN_HOSTS),
        log,
        process: proc,
        stop: () => stopProcess(proc),
      };
    }
    proc.kill('SIGKILL');
  }
  throw new Error(`sshd ${name} did not start on ${address}: ${output.trim().slice(-2000)}`);
}

async function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** The known_hosts form of a host: `[address]:port` for a port other than 22, as ssh writes it. */
export function knownHostsName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

export async function startSshFleet(options: SshFleetOptions): Promise<SshFleet> {
  const dir = await mkdtemp(join(tmpdir(), 'argus-sshd-'));
  const user = userInfo().username;
  // As root, sshd's privilege separation needs its chroot directory (systemd creates it on Debian).
  if (process.getuid?.() === 0) await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const started: (SshTestHost & { process: ChildProcess })[] = [];
  const killAll = () => {
    for (const h of started) h.process.kill('SIGKILL');
  };
  process.once('exit', killAll);
  try {
    const keyFile = join(dir, CLIENT_KEY);
    const otherKeyFile = join(dir, 'other_key');
    await keygen(keyFile, 'argus-test-client');
    await keygen(otherKeyFile, 'argus-test-stranger');
    await writeFile(join(dir, 'authorized_keys'), await readFile(`${keyFile}.pub`));

    const names = Array.from({ length: options.hosts }, (_, i) => `host-${i + 1}`);
    if (options.jump) names.push('jump');
    // Started one after the other: ssh-keygen and sshd's start are quick, and ports stay unique.
    for (const [i, name] of names.entries()) {
      started.push(await startHost(dir, name, `127.0.0.${i + 2}`, user, name === 'jump'));
    }

    const changed = new Set(options.changedKey ?? []);
    const lines: string[] = [];
    for (const [i, host] of started.entries()) {
      let keyFileOfEntry = join(dir, `${host.name}_host_key.pub`);
      if (changed.has(i)) {
        keyFileOfEntry = join(dir, `${host.name}_old_key`);
        await keygen(keyFileOfEntry, `${host.name}-before@argus-test`);
        keyFileOfEntry += '.pub';
      }
      const [type, key] = (await readFile(keyFileOfEntry, 'utf8')).trim().split(/\s+/);
      lines.push(`${knownHostsName(host.address, host.port)} ${type} ${key}`);
    }
    const knownHostsFile = join(dir, KNOWN_HOSTS);
    await writeFile(knownHostsFile, `${lines.join('\n')}\n`);

    const hosts = started.filter((h) => h.name !== 'jump');
    const jump = started.find((h) => h.name === 'jump');
    return {
      dir,
      user,
      hosts,
      ...(jump ? { jump } : {}),
      keyFile,
      otherKeyFile,
      knownHostsFile,
      async close() {
        process.off('exit', killAll);
        await Promise.all(started.map((h) => stopProcess(h.process)));
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    process.off('exit', killAll);
    killAll();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Starts a fleet before the file's tests and closes it after; call the result inside tests. */
export function sshFleetForThisFile(options: SshFleetOptions): () => SshFleet {
  let fleet: SshFleet | undefined;
  beforeAll(async () => {
    fleet = await startSshFleet(options);
  });
  afterAll(async () => {
    await fleet?.close();
  });
  return () => {
    if (!fleet)
      throw new Error('the sshd fleet is not running (call sshFleetForThisFile at file level)');
    return fleet;
  };
}
