import type { Readable } from 'node:stream';
import type { Client, ClientChannel, ConnectConfig, ServerHostKeyAlgorithm } from 'ssh2';
import { loadSsh2 } from '../../platform/ssh2.js';
import {
  hostKeyAlgorithms,
  type KnownHostKey,
  knownHostsName,
  verifyHostKey,
} from './known-hosts.js';

/**
 * One command on one host over SSH (ssh2), optionally through a jump host, with host keys checked
 * against known_hosts (never trust on first use). Failures are typed by what went wrong, so a
 * caller maps them to its own codes (Panoptes status codes in the collectors).
 */

export type SshFailureKind = 'host-key' | 'auth' | 'network' | 'timeout';

export class SshError extends Error {
  constructor(
    readonly kind: SshFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'SshError';
  }
}

export interface SshEndpoint {
  host: string;
  port: number;
  user: string;
}

export interface SshCommandOptions {
  target: SshEndpoint;
  /** Reached through this host's TCP forwarding (`ssh -J`), same key and known_hosts. */
  jump?: SshEndpoint;
  /** A private key (OpenSSH or PEM), or else the agent at `agent`. */
  privateKey?: Buffer;
  passphrase?: string;
  agent?: string;
  knownHosts: readonly KnownHostKey[];
  command: string;
  /** For the whole exchange: connect(s), authenticate, run, read the output. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface SshCommandResult {
  stdout: string;
  stderr: string;
  /** The command's exit code; null when it died of a signal. */
  code: number | null;
}

/** Output beyond this is a runaway command, not host figures. */
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

function describe(endpoint: SshEndpoint): string {
  return `${endpoint.user}@${knownHostsName(endpoint.host, endpoint.port)}`;
}

/** Opens an authenticated connection; rejects with an SshError saying what failed. */
async function connect(
  endpoint: SshEndpoint,
  options: SshCommandOptions,
  clients: Client[],
  sock?: Readable,
): Promise<Client> {
  const { Client } = await loadSsh2();
  return new Promise((resolve, reject) => {
    const client = new Client();
    clients.push(client);
    let hostKeyProblem: string | undefined;
    let ready = false;
    const algorithms = hostKeyAlgorithms(options.knownHosts, endpoint.host, endpoint.port);
    const config: ConnectConfig = {
      host: endpoint.host,
      port: endpoint.port,
      username: endpoint.user,
      readyTimeout: options.timeoutMs,
      hostVerifier: (key: Buffer) => {
        const verdict = verifyHostKey(options.knownHosts, endpoint.host, endpoint.port, key);
        if (!verdict.ok) hostKeyProblem = verdict.message;
        return verdict.ok;
      },
      ...(algorithms.length > 0
        ? { algorithms: { serverHostKey: algorithms as ServerHostKeyAlgorithm[] } }
        : {}),
      ...(options.privateKey
        ? {
            privateKey: options.privateKey,
            ...(options.passphrase ? { passphrase: options.passphrase } : {}),
          }
        : { agent: options.agent }),
      ...(sock ? { sock } : {}),
    };
    client.on('ready', () => {
      ready = true;
      resolve(client);
    });
    client.on('error', (error: Error & { level?: string; code?: string }) => {
      if (ready) return; // after ready, the exec's own handlers report
      reject(classify(error, endpoint, hostKeyProblem, algorithms));
    });
    client.on('close', () => {
      if (!ready)
        reject(
          new SshError('network', `${describe(endpoint)}: connection closed during the handshake`),
        );
    });
    try {
      client.connect(config);
    } catch (error) {
      // ssh2 throws synchronously on a key it cannot parse (or a wrong passphrase).
      reject(new SshError('auth', `${describe(endpoint)}: ${(error as Error).message}`));
    }
  });
}

function classify(
  error: Error & { level?: string; code?: string },
  endpoint: SshEndpoint,
  hostKeyProblem: string | undefined,
  algorithms: string[],
): SshError {
  const where = describe(endpoint);
  if (hostKeyProblem) return new SshError('host-key', hostKeyProblem);
  if (/no matching host key format/i.test(error.message)) {
    return new SshError(
      'host-key',
      `host ${knownHostsName(endpoint.host, endpoint.port)} offers none of the key types known_hosts has for it (${algorithms.join(', ')}): its key changed`,
    );
  }
  if (error.level === 'client-authentication') {
    return new SshError('auth', `${where}: authentication failed (${error.message})`);
  }
  if (error.level === 'client-timeout')
    return new SshError('timeout', `${where}: ${error.message}`);
  if (error.code && NETWORK_CODES.has(error.code)) {
    return new SshError('network', `${where}: ${error.code} ${error.message}`);
  }
  return new SshError('network', `${where}: ${error.message}`);
}

function forward(jump: Client, via: SshEndpoint, target: SshEndpoint): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    jump.forwardOut('127.0.0.1', 0, target.host, target.port, (error, stream) => {
      if (error) {
        reject(
          new SshError(
            'network',
            `jump host ${describe(via)} could not reach ${knownHostsName(target.host, target.port)}: ${error.message}`,
          ),
        );
      } else {
        resolve(stream);
      }
    });
  });
}

function exec(client: Client, endpoint: SshEndpoint, command: string): Promise<SshCommandResult> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, stream) => {
      if (error) {
        reject(
          new SshError(
            'network',
            `${describe(endpoint)}: cannot run the command: ${error.message}`,
          ),
        );
        return;
      }
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let size = 0;
      const take = (into: Buffer[]) => (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_OUTPUT_BYTES) {
          stream.close();
          reject(
            new SshError('network', `${describe(endpoint)}: output over ${MAX_OUTPUT_BYTES} bytes`),
          );
          return;
        }
        into.push(chunk);
      };
      stream.on('data', take(stdout));
      stream.stderr.on('data', take(stderr));
      stream.on('error', (e: Error) =>
        reject(new SshError('network', `${describe(endpoint)}: ${e.message}`)),
      );
      let code: number | null = null;
      stream.on('exit', (exitCode: number | null) => {
        code = exitCode;
      });
      stream.on('close', () =>
        resolve({
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
          code,
        }),
      );
    });
  });
}

/** Runs `command` on the target (through the jump host if given) and returns its output. */
export async function runSshCommand(options: SshCommandOptions): Promise<SshCommandResult> {
  const clients: Client[] = [];
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new SshError(
            'timeout',
            `${describe(options.target)}: no answer within ${options.timeoutMs} ms`,
          ),
        ),
      options.timeoutMs,
    );
    onAbort = () =>
      reject(new SshError('timeout', `${describe(options.target)}: the run was stopped`));
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  // Whichever loses the race below must not end as an unhandled rejection.
  stopped.catch(() => undefined);
  const work = async () => {
    let sock: Readable | undefined;
    if (options.jump) {
      const jump = await connect(options.jump, options, clients);
      sock = await forward(jump, options.jump, options.target);
    }
    const client = await connect(options.target, options, clients, sock);
    return exec(client, options.target, options.command);
  };
  const job = work();
  job.catch(() => undefined);
  try {
    return await Promise.race([job, stopped]);
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
    // The target's connection first, then the jump host's that carries it. destroy, not end:
    // a connection stuck in its handshake would not answer a polite disconnect.
    for (const client of clients.reverse()) client.destroy();
  }
}
