import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { secretReader } from '../../src/platform/secrets.js';
import { testContext, testResource } from '../../src/telemetry/collectors/fixtures/context.js';
import { sshHostPolling } from '../../src/telemetry/collectors/ssh-host.js';
import { metricGroup as metricGroupSchema } from '../../src/telemetry/metric-group.js';
import { PluginFailure, RunStatus } from '../../src/telemetry/plugin.js';
import { freePort, type SshFleet, type SshTestHost, sshFleetForThisFile } from '../helpers/sshd.js';

/**
 * `ssh-host` against real Debian sshd processes (test/helpers/sshd.ts): host-1 is known, host-2's
 * known_hosts entry is an older key (changed), and a jump host forwards to both.
 */
const run = promisify(execFile);
const fleet = sshFleetForThisFile({ hosts: 2, jump: true, changedKey: [1] });

let resourceCount = 0;
function contextFor(
  f: SshFleet,
  host: Pick<SshTestHost, 'address' | 'port'>,
  ssh: Record<string, unknown> = {},
  options: { site?: { name: string; defaults: Record<string, unknown> } } = {},
) {
  resourceCount++;
  return testContext({
    module: 'ssh-host',
    executeFrequency: 60,
    resource: testResource({
      id: `00000000-0000-4000-8000-${String(resourceCount).padStart(12, '0')}`,
      resource_id: `ssh-${host.address}`,
      resource_endpoint: host.address,
      resource_metadata: { ssh_port: String(host.port) },
    }),
    sections: {
      ssh: {
        user: f.user,
        key_file: f.keyFile,
        known_hosts: f.knownHostsFile,
        // Generous: with every core busy (CI, parallel test files) one exchange took 15 s here.
        timeout: 60,
        ...ssh,
      },
    },
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<PluginFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PluginFailure);
  return error as PluginFailure;
}

// Each SSH exchange may take seconds on a loaded machine; some tests make three.
describe('ssh-host polling over real sshd', { timeout: 180_000 }, () => {
  it('polls a known host: the host groups from one command, all valid', async () => {
    const f = fleet();
    const host = f.hosts[0]!;
    const ctx = contextFor(f, host);
    const { groups, partial } = await sshHostPolling.run(ctx);
    expect(partial).toBeUndefined();
    for (const g of groups) expect(metricGroupSchema.safeParse(g).error).toBeUndefined();
    const types = new Set(groups.map((g) => g.metrics_group_type));
    expect([...types].sort()).toEqual(['cpu', 'disk', 'load', 'memory', 'network']);
    const root = groups.find(
      (g) => g.metrics_group_type === 'disk' && g.dimensions.some((d) => d.dimension_value === '/'),
    );
    expect(root?.metrics.map((m) => m.metric_name)).toContain('inodes_total');
    expect(groups[0]?.resource.resource_endpoint).toBe(host.address);
    // One login, one command: the host's log shows a single session.
    expect(host.log().match(/Starting session: command/g)).toHaveLength(1);

    // The next run measures the CPU since this one (the kept reading).
    const again = await sshHostPolling.run(ctx);
    expect(again.groups.some((g) => g.metrics_group_type === 'cpu')).toBe(true);
  });

  it('refuses a host whose key changed, naming the fingerprint it presented (status 1)', async () => {
    const f = fleet();
    const host = f.hosts[1]!;
    const error = await failure(sshHostPolling.run(contextFor(f, host)));
    expect(error.status).toBe(RunStatus.authFailure);
    expect(error.message).toContain('changed');
    expect(error.message).toContain(host.hostKeyFingerprint);
    // Refused before authenticating: the host never saw a login.
    expect(host.log()).not.toMatch(/Accepted publickey/);
  });

  it('refuses a host known_hosts does not list, with its fingerprint (status 1)', async () => {
    const f = fleet();
    const host = f.hosts[0]!;
    const error = await failure(
      sshHostPolling.run(contextFor(f, host, { known_hosts: `${f.dir}/no-such-known-hosts` })),
    );
    expect(error.status).toBe(RunStatus.authFailure);
    expect(error.message).toMatch(/is not in known_hosts/);
    expect(error.message).toContain(host.hostKeyFingerprint);
  });

  it('reports a key the host does not accept as an authentication failure (status 1)', async () => {
    const f = fleet();
    const error = await failure(
      sshHostPolling.run(contextFor(f, f.hosts[0]!, { key_file: f.otherKeyFile })),
    );
    expect(error.status).toBe(RunStatus.authFailure);
    expect(error.message).toMatch(/authentication failed/);
  });

  it('reports a closed port as a network failure (status 2)', async () => {
    const f = fleet();
    const port = await freePort('127.0.0.1');
    const error = await failure(sshHostPolling.run(contextFor(f, { address: '127.0.0.1', port })));
    expect(error.status).toBe(RunStatus.networkFailure);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('reports a host that accepts TCP but never speaks SSH as a timeout (status 3)', async () => {
    const f = fleet();
    const { createServer } = await import('node:net');
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      const started = performance.now();
      const error = await failure(
        sshHostPolling.run(contextFor(f, { address: '127.0.0.1', port }, { timeout: 1 })),
      );
      expect(error.status).toBe(RunStatus.timeout);
      // The section's 1 s, not the 60 s the other tests allow.
      expect(performance.now() - started).toBeLessThan(15_000);
    } finally {
      silent.close();
    }
  });

  it('reaches a host through the jump host (forwardOut), checking both host keys', async () => {
    const f = fleet();
    const jump = f.jump!;
    const host = f.hosts[0]!;
    const ctx = contextFor(f, host, { jump_host: jump.address, jump_port: jump.port });
    const { groups } = await sshHostPolling.run(ctx);
    expect(groups.some((g) => g.metrics_group_type === 'memory')).toBe(true);
    // The jump host's own log shows the forward to the target's address and port.
    expect(jump.log()).toMatch(
      new RegExp(
        `direct_tcpip: originator [\\d.]+ port 0, target ${host.address} port ${host.port}\\b`,
      ),
    );
    expect(ctx.logs).toContainEqual(
      expect.objectContaining({ message: 'polled through the jump host' }),
    );

    // Through the jump host, the changed key of host-2 is still refused.
    const changed = f.hosts[1]!;
    const error = await failure(
      sshHostPolling.run(contextFor(f, changed, { jump_host: jump.address, jump_port: jump.port })),
    );
    expect(error.status).toBe(RunStatus.authFailure);
    expect(error.message).toContain(changed.hostKeyFingerprint);
  });

  it('reads an encrypted key with its passphrase from a secret reference', async () => {
    const f = fleet();
    const encrypted = join(f.dir, 'client_key_encrypted');
    await copyFile(f.keyFile, encrypted);
    await run('ssh-keygen', ['-q', '-p', '-N', 'key-pass-1', '-f', encrypted]);
    const good = contextFor(f, f.hosts[0]!, { key_file: encrypted, passphrase: 'env:KEY_PASS' });
    const ctx = { ...good, secret: secretReader({ env: { KEY_PASS: 'key-pass-1' } }) };
    expect((await sshHostPolling.run(ctx)).groups.length).toBeGreaterThan(0);

    const wrong = { ...good, secret: secretReader({ env: { KEY_PASS: 'not-it' } }) };
    const error = await failure(sshHostPolling.run(wrong));
    expect(error.status).toBe(RunStatus.authFailure);
    expect(error.message).not.toContain('not-it');
    const unset = await failure(sshHostPolling.run(good));
    expect(unset.message).toMatch(/ssh\.passphrase: secret env:KEY_PASS: the variable is not set/);
  });

  it('authenticates through ssh-agent (SSH_AUTH_SOCK) when no key_file is set', async () => {
    const f = fleet();
    const socket = join(f.dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    agent.on('error', () => undefined);
    const saved = process.env.SSH_AUTH_SOCK;
    try {
      for (let i = 0; i < 100 && !existsSync(socket); i++)
        await new Promise((r) => setTimeout(r, 20));
      await run('ssh-add', [f.keyFile], { env: { ...process.env, SSH_AUTH_SOCK: socket } });
      process.env.SSH_AUTH_SOCK = socket;
      const ctx = contextFor(f, f.hosts[0]!, { key_file: undefined });
      expect((await sshHostPolling.run(ctx)).groups.length).toBeGreaterThan(0);
    } finally {
      if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = saved;
      agent.kill();
    }
  });

  it('takes the user from the site defaults when the plugin names none', async () => {
    const f = fleet();
    const host = f.hosts[0]!;
    const ctx = contextFor(
      f,
      host,
      { user: undefined },
      {
        site: { name: 'lab', defaults: { ssh: { user: f.user } } },
      },
    );
    const { groups } = await sshHostPolling.run(ctx);
    expect(groups.length).toBeGreaterThan(0);
    const noUser = contextFor(f, host, { user: undefined });
    expect((await failure(sshHostPolling.run(noUser))).message).toMatch(/no SSH user/);
  });
});
