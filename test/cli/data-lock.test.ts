import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runArgus, startArgus } from '../helpers/cli.js';

const dirs: string[] = [];
const servers: ChildProcess[] = [];
afterAll(() => {
  for (const server of servers) if (server.exitCode === null) server.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'argus-lock-'));
  dirs.push(dir);
  return dir;
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function serve(env: Record<string, string>) {
  const server = await startArgus(['--port', '0', '--no-demo'], env);
  servers.push(server.child);
  // startArgus rejects on any exit, even one we cause: that is no failure here.
  server.child.removeAllListeners('exit');
  return server;
}

// Each test starts a server on a new folder (initdb included): minutes on a loaded machine.
describe('one process per data folder', { timeout: 300_000 }, () => {
  it('refuses a writing command while argus serve holds the folder, naming its pid', async () => {
    const dir = dataDir();
    const env = { ARGUS_DATA_DIR: dir, ARGUS_DATABASE_URL: '', ARGUS_LOG_LEVEL: 'warn' };
    const server = await serve(env);
    const pid = server.child.pid!;

    const refused = await runArgus(['user', 'add', 'ops', '--admin'], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`in use by argus serve (pid ${pid}`);
    expect(refused.stderr).toContain(`kill ${pid}`);
    expect(refused.stdout).not.toContain('added ops');
    // A second server on the folder is refused the same way.
    const second = await runArgus(['serve', '--port', '0', '--no-demo'], env);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(`pid ${pid}`);

    // The refused command changed nothing: the server does not know "ops".
    const password = server.output().match(/one-time password (\S+)/)![1]!;
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const ops = await fetch(`${server.url}/api/people/ops`, { headers: { cookie } });
    expect(ops.status).toBe(404);
    expect((await ops.json()).code).toBe('ARGUS_CATALOG_NOT_FOUND');

    server.child.kill('SIGTERM');
    await stopped(server.child);
    expect(existsSync(join(dir, 'argus.lock'))).toBe(false);
    const added = await runArgus(['user', 'add', 'ops', '--admin'], env);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('added ops');
  });

  it('takes over the lock of a server killed with SIGKILL', async () => {
    const dir = dataDir();
    const env = { ARGUS_DATA_DIR: dir, ARGUS_DATABASE_URL: '', ARGUS_LOG_LEVEL: 'warn' };
    const server = await serve(env);
    server.child.kill('SIGKILL');
    await stopped(server.child);
    // The killed server could not clean up: its lock names a pid that no longer runs.
    expect(existsSync(join(dir, 'argus.lock'))).toBe(true);
    const added = await runArgus(['user', 'add', 'ops'], env);
    expect(added.code, added.stderr).toBe(0);
    expect(existsSync(join(dir, 'argus.lock'))).toBe(false);
  });
});
