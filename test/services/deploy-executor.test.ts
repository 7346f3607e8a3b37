import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { Credentials } from '../../src/deploy/executor/connect.js';
import { HostSession, JumpHost, type StreamName } from '../../src/deploy/executor/session.js';
import { parseKnownHosts } from '../../src/telemetry/collectors/known-hosts.js';
import { SshError } from '../../src/telemetry/collectors/ssh-session.js';
import { type SshFleet, type SshTestHost, sshFleetForThisFile } from '../helpers/sshd.js';

/**
 * The deploy executor against real Debian sshd processes (test/helpers/sshd.ts): host-1 is known,
 * host-2's known_hosts entry is an older key (changed), a jump host forwards to both.
 */
const run = promisify(execFile);
const fleet = sshFleetForThisFile({ hosts: 2, jump: true, changedKey: [1] });

/** Generous: on a loaded 2-core machine an SSH handshake has taken over 10 s. */
const CONNECT_MS = 60_000;
const STEP_MS = 60_000;

async function credentials(f: SshFleet): Promise<Credentials> {
  return {
    knownHosts: parseKnownHosts(await readFile(f.knownHostsFile, 'utf8')),
    privateKey: await readFile(f.keyFile),
    connectTimeoutMs: CONNECT_MS,
  };
}

function endpoint(h: SshTestHost) {
  return { host: h.address, port: h.port, user: h.user };
}

function collector() {
  const lines: { stream: StreamName; line: string }[] = [];
  return { lines, sink: (stream: StreamName, line: string) => lines.push({ stream, line }) };
}

const sessions: HostSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.close();
});

async function open(h: SshTestHost, jump?: JumpHost): Promise<HostSession> {
  const session = await HostSession.open(endpoint(h), await credentials(fleet()), jump);
  sessions.push(session);
  return session;
}

function connectionsTo(h: SshTestHost): number {
  return h.log().match(/Accepted publickey/g)?.length ?? 0;
}

describe('deploy executor (sshd fleet)', () => {
  it('runs steps in one shell of one connection, output and exit code per step', async () => {
    const host = fleet().hosts[0]!;
    const before = connectionsTo(host);
    const session = await open(host);

    const first = collector();
    expect(
      await session.runStep(
        0,
        'echo one; echo "to err" >&2; printf "no newline"',
        STEP_MS,
        first.sink,
      ),
    ).toEqual({ exitCode: 0 });
    expect(first.lines).toContainEqual({ stream: 'stdout', line: 'one' });
    expect(first.lines).toContainEqual({ stream: 'stdout', line: 'no newline' });
    expect(first.lines).toContainEqual({ stream: 'stderr', line: 'to err' });
    expect(first.lines).toHaveLength(3);

    // A failing step with quotes and `exit`: its code, and the session survives it.
    const second = collector();
    expect(await session.runStep(1, `echo 'it''s'; cat; exit 3`, STEP_MS, second.sink)).toEqual({
      exitCode: 3,
    });
    expect(second.lines).toEqual([{ stream: 'stdout', line: 'its' }]);

    const third = collector();
    expect(await session.runStep(2, 'echo "$((6 * 7))"', STEP_MS, third.sink)).toEqual({
      exitCode: 0,
    });
    expect(third.lines).toEqual([{ stream: 'stdout', line: '42' }]);

    // Three steps, one login: one connection and one session on the host.
    expect(connectionsTo(host) - before).toBe(1);
  });

  it('kills a step past its timeout (the whole process group) and goes on', async () => {
    const session = await open(fleet().hosts[0]!);
    // A unique argument so pgrep finds this sleep and no other (the sshd runs on this machine).
    const marker = `7${Date.now() % 100000}.5`;
    const out = collector();
    const started = Date.now();
    const outcome = await session.runStep(
      0,
      `echo started; sh -c 'sleep ${marker}'; echo never`,
      3000,
      out.sink,
    );
    expect(outcome.exitCode).toBeNull();
    expect(outcome.error).toMatch(/timed out after 3 s/);
    expect(Date.now() - started).toBeLessThan(30_000);
    // Nothing after the kill, and no shell job report (it would quote the command, secrets too).
    expect(out.lines.filter((l) => l.line !== 'started')).toEqual([]);
    const alive = await run('pgrep', ['-f', `sleep ${marker}`]).then(
      (r) => r.stdout.trim(),
      () => '',
    );
    expect(alive).toBe('');

    const next = collector();
    expect(await session.runStep(1, 'echo after', STEP_MS, next.sink)).toEqual({ exitCode: 0 });
    expect(next.lines).toEqual([{ stream: 'stdout', line: 'after' }]);
  });

  it('kills a running step on request', async () => {
    const session = await open(fleet().hosts[0]!);
    const out = collector();
    const running = session.runStep(0, 'echo go; sleep 300', STEP_MS, out.sink);
    await expect.poll(() => out.lines.length, { timeout: 30_000 }).toBe(1);
    session.kill('cancelled (kill)');
    expect(await running).toEqual({ exitCode: null, error: 'cancelled (kill)' });
  });

  it('resolves secret references just before sending and masks them in output', async () => {
    process.env.ARGUS_TEST_DEPLOY_TOKEN = 's3cr3t-value';
    try {
      const session = await open(fleet().hosts[0]!);
      const out = collector();
      expect(
        await session.runStep(
          0,
          `echo "token=\${secret:env:ARGUS_TEST_DEPLOY_TOKEN}"`,
          STEP_MS,
          out.sink,
        ),
      ).toEqual({ exitCode: 0 });
      expect(out.lines[0]).toEqual({ stream: 'stdout', line: 'token=***' });
      const missing = await session.runStep(
        1,
        `echo \${secret:env:ARGUS_NOT_SET_X}`,
        STEP_MS,
        out.sink,
      );
      expect(missing).toEqual({
        exitCode: null,
        error: 'secret env:ARGUS_NOT_SET_X: the variable is not set',
      });
    } finally {
      delete process.env.ARGUS_TEST_DEPLOY_TOKEN;
    }
  });

  it('refuses a changed host key, naming the presented fingerprint', async () => {
    const changed = fleet().hosts[1]!;
    const error = await open(changed).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SshError);
    expect((error as SshError).kind).toBe('host-key');
    expect((error as SshError).message).toContain(changed.hostKeyFingerprint);
    expect((error as SshError).message).toMatch(/changed/);
    expect(changed.log()).not.toMatch(/Accepted publickey/);
  });

  it('refuses a host not in known_hosts', async () => {
    const f = fleet();
    const host = f.hosts[0]!;
    const creds = { ...(await credentials(f)), knownHosts: [] };
    const error = await HostSession.open(endpoint(host), creds).then(
      () => undefined,
      (e: unknown) => e as SshError,
    );
    expect(error?.kind).toBe('host-key');
    expect(error?.message).toContain(host.hostKeyFingerprint);
    expect(error?.message).toMatch(/not in known_hosts/);
  });

  it('reaches hosts through one jump host connection (forwardOut)', async () => {
    const f = fleet();
    const jumpHost = f.jump!;
    const host = f.hosts[0]!;
    const before = connectionsTo(jumpHost);
    const jump = new JumpHost(endpoint(jumpHost), await credentials(f));
    try {
      const [a, b] = await Promise.all([open(host, jump), open(host, jump)]);
      for (const session of [a!, b!]) {
        const out = collector();
        expect(await session.runStep(0, 'echo via jump', STEP_MS, out.sink)).toEqual({
          exitCode: 0,
        });
        expect(out.lines).toEqual([{ stream: 'stdout', line: 'via jump' }]);
      }
      expect(jumpHost.log()).toMatch(
        new RegExp(
          `direct_tcpip: originator [\\d.]+ port 0, target ${host.address} port ${host.port}\\b`,
        ),
      );
      // Two target sessions, one connection to the jump host.
      expect(connectionsTo(jumpHost) - before).toBe(1);
      // Through the jump host, the changed key of host-2 is still refused.
      const error = await open(f.hosts[1]!, jump).then(
        () => undefined,
        (e: unknown) => e as SshError,
      );
      expect(error?.kind).toBe('host-key');
    } finally {
      jump.close();
    }
  });

  it('reports a refused connection as a network error', async () => {
    const f = fleet();
    const error = await HostSession.open(
      { host: '127.0.0.1', port: 1, user: f.user },
      await credentials(f),
    ).then(
      () => undefined,
      (e: unknown) => e as SshError,
    );
    expect(error?.kind).toBe('network');
    expect(error?.message).toMatch(/ECONNREFUSED/);
  });
});
