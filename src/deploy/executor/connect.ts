import type { Duplex } from 'node:stream';
import type { Client, ConnectConfig, ServerHostKeyAlgorithm } from 'ssh2';
import { loadSsh2 } from '../../platform/ssh2.js';
import {
  hostKeyAlgorithms,
  type KnownHostKey,
  knownHostsName,
  verifyHostKey,
} from '../../telemetry/collectors/known-hosts.js';
import { SshError } from '../../telemetry/collectors/ssh-session.js';

/**
 * Authenticated ssh2 connections for the deploy executor: host keys checked against known_hosts
 * (an unknown or changed key is refused, the presented SHA256 fingerprint in the error), a key
 * file or the ssh-agent, an optional jump host carrying the connection (`ssh -J`), a connect
 * timeout. Shares the known_hosts reading and SshError kinds with the telemetry collectors.
 */

export interface Endpoint {
  host: string;
  port: number;
  user: string;
}

export interface Credentials {
  knownHosts: readonly KnownHostKey[];
  /** A private key (no passphrase), or else the agent at `agent`. */
  privateKey?: Buffer;
  agent?: string;
  connectTimeoutMs: number;
}

export function describeEndpoint(endpoint: Endpoint): string {
  return `${endpoint.user}@${knownHostsName(endpoint.host, endpoint.port)}`;
}

/** Opens a connection; rejects with an SshError saying what failed (host key, auth, network). */
export async function connectSsh(
  endpoint: Endpoint,
  credentials: Credentials,
  sock?: Duplex,
): Promise<Client> {
  const { Client } = await loadSsh2();
  return new Promise((resolve, reject) => {
    const client = new Client();
    const where = describeEndpoint(endpoint);
    let hostKeyProblem: string | undefined;
    let settled = false;
    const fail = (error: SshError) => {
      if (settled) return;
      settled = true;
      client.destroy();
      reject(error);
    };
    const algorithms = hostKeyAlgorithms(credentials.knownHosts, endpoint.host, endpoint.port);
    const config: ConnectConfig = {
      host: endpoint.host,
      port: endpoint.port,
      username: endpoint.user,
      readyTimeout: credentials.connectTimeoutMs,
      // Keepalives detect a host that vanished while a long step runs.
      keepaliveInterval: 15_000,
      keepaliveCountMax: 4,
      hostVerifier: (key: Buffer) => {
        const verdict = verifyHostKey(credentials.knownHosts, endpoint.host, endpoint.port, key);
        if (!verdict.ok) hostKeyProblem = verdict.message;
        return verdict.ok;
      },
      ...(algorithms.length > 0
        ? { algorithms: { serverHostKey: algorithms as ServerHostKeyAlgorithm[] } }
        : {}),
      ...(credentials.privateKey
        ? { privateKey: credentials.privateKey }
        : { agent: credentials.agent }),
      ...(sock ? { sock } : {}),
    };
    client.once('ready', () => {
      settled = true;
      resolve(client);
    });
    client.on('error', (error: Error & { level?: string; code?: string }) => {
      if (hostKeyProblem) return fail(new SshError('host-key', hostKeyProblem));
      if (/no matching host key format/i.test(error.message))
        return fail(
          new SshError(
            'host-key',
            `host ${knownHostsName(endpoint.host, endpoint.port)} offers none of the key types known_hosts has for it (${algorithms.join(', ')}): its key changed`,
          ),
        );
      if (error.level === 'client-authentication')
        return fail(new SshError('auth', `${where}: authentication failed (${error.message})`));
      if (error.level === 'client-timeout')
        return fail(
          new SshError(
            'timeout',
            `${where}: no SSH handshake within ${credentials.connectTimeoutMs} ms`,
          ),
        );
      // After ready, errors end the connection: the session's close handler reports them.
      fail(new SshError('network', `${where}: ${error.code ?? ''} ${error.message}`.trim()));
    });
    client.on('close', () =>
      fail(new SshError('network', `${where}: connection closed during the handshake`)),
    );
    try {
      client.connect(config);
    } catch (error) {
      // ssh2 throws synchronously on a key it cannot parse.
      fail(new SshError('auth', `${where}: ${(error as Error).message}`));
    }
  });
}

/** A TCP channel from the jump host to the target, to carry the target's SSH connection. */
export function forwardThrough(jump: Client, via: Endpoint, target: Endpoint): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    jump.forwardOut('127.0.0.1', 0, target.host, target.port, (error, stream) => {
      if (error)
        reject(
          new SshError(
            'network',
            `jump host ${describeEndpoint(via)} could not reach ${knownHostsName(target.host, target.port)}: ${error.message}`,
          ),
        );
      else resolve(stream);
    });
  });
}
