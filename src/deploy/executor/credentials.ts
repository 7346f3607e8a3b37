import { readFile } from 'node:fs/promises';
import { parseKnownHosts } from '../../telemetry/collectors/known-hosts.js';
import type { SshSettings } from '../plan.js';
import type { Credentials, Endpoint } from './connect.js';
import { JumpHost } from './session.js';

/**
 * What an action's plan says about SSH, read once per action: the key file (or the agent at
 * SSH_AUTH_SOCK) and known_hosts. Read at the start of the action, so a rotated key or an
 * updated known_hosts applies from the next action on.
 */
export async function loadCredentials(ssh: SshSettings): Promise<Credentials> {
  const knownHosts = parseKnownHosts(await readFile(ssh.knownHosts, 'utf8'));
  const agent = process.env.SSH_AUTH_SOCK;
  if (!ssh.keyFile && !agent)
    throw new Error('no ssh key file in the plan and no ssh-agent (SSH_AUTH_SOCK is not set)');
  return {
    knownHosts,
    ...(ssh.keyFile ? { privateKey: await readFile(ssh.keyFile) } : { agent }),
    connectTimeoutMs: ssh.connectTimeoutSeconds * 1000,
  };
}

/** The jump host of the plan, if any, sharing the action's credentials. */
export function jumpHostFor(ssh: SshSettings, credentials: Credentials): JumpHost | undefined {
  return ssh.jump ? new JumpHost(ssh.jump, credentials) : undefined;
}

export function endpointOf(host: { host: string; port: number }, ssh: SshSettings): Endpoint {
  return { host: host.host, port: host.port, user: ssh.user };
}
