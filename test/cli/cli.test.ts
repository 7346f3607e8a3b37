import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runArgus, startArgus } from '../helpers/cli.js';
import { fixturePath } from '../helpers/fixtures.js';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'argus-cli-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('argus CLI', () => {
  it('has help for every command', async () => {
    const top = await runArgus(['--help'], {});
    expect(top.code).toBe(0);
    for (const command of [
      'serve',
      'migrate',
      'user',
      'token',
      'import',
      'export',
      'resources',
      'ldap',
    ]) {
      expect(top.stdout).toContain(command);
    }
    const user = await runArgus(['user', 'add', '--help'], {});
    expect(user.stdout).toContain('--password-stdin');
  });

  it('adds a user, sets a password from stdin and creates a token, refusing bad input', async () => {
    const env = { ARGUS_DATA_DIR: dataDir(), ARGUS_DATABASE_URL: '' };
    const added = await runArgus(['user', 'add', 'ops', '--admin', '--name', 'Ops Person'], env);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/added ops; password: \S{20}/);
    const passwd = await runArgus(
      ['user', 'passwd', 'ops', '--password-stdin'],
      env,
      'a-long-new-password\n',
    );
    expect(passwd.code, passwd.stderr).toBe(0);
    expect(passwd.stdout).not.toContain('a-long-new-password');
    const short = await runArgus(['user', 'passwd', 'ops', '--password-stdin'], env, 'short\n');
    expect(short.code).not.toBe(0);
    expect(short.stderr).toContain('password');
    const dup = await runArgus(['user', 'add', 'OPS'], env);
    expect(dup.code).not.toBe(0);
    expect(dup.stderr).toContain('already exists');
    const token = await runArgus(['token', 'create', 'ops', '--name', 'ci'], env);
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout.trim()).toMatch(/^argus_[\w-]{40,}$/);
    const unknown = await runArgus(['token', 'create', 'nobody', '--name', 'ci'], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('no user "nobody"');
    const migrate = await runArgus(['migrate'], env);
    expect(migrate.stdout).toContain('migrations applied (pglite)');
  });

  it('starts on first run with an admin and a one-time password that logs in', async () => {
    const dir = dataDir();
    const server = await startArgus(['--port', '0', '--no-demo'], {
      ARGUS_DATA_DIR: dir,
      ARGUS_DATABASE_URL: '',
      ARGUS_LOG_LEVEL: 'warn',
    });
    try {
      const password = server.output().match(/one-time password (\S+)/)![1]!;
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const list = await fetch(`${server.url}/api/components`, { headers: { cookie } });
      expect((await list.json()).total).toBe(0);
    } finally {
      server.child.kill('SIGTERM');
    }
  });

  it('imports with progress and a report, refuses a bad file naming row and column, and exports', async () => {
    const dir = dataDir();
    const env = { ARGUS_DATA_DIR: dir, ARGUS_DATABASE_URL: '' };
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'Name,Version,Owner\nledger,1.0,\nledger-v2,1.0,nobody\n');
    const refused = await runArgus(['import', 'spreadsheet', bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('rows[3].Owner');
    expect(refused.stderr).toContain('no team "nobody"');

    const fixture = fixturePath('panopticum', 'demo.json');
    const components = (JSON.parse(readFileSync(fixture, 'utf8')) as { model: string }[]).filter(
      (r) => r.model === 'panopticum.componentmodel',
    ).length;
    const imported = await runArgus(['import', 'panopticum', fixture], env);
    expect(imported.code, imported.stderr).toBe(0);
    // Not a terminal here, so progress comes as lines rather than a bar.
    expect(imported.stderr).toMatch(/^argus: reading/m);
    expect(imported.stdout).toMatch(
      new RegExp(`^panopticum\\.componentmodel\\s+${components}\\s+${components}\\s+0\\s+0$`, 'm'),
    );
    expect(imported.stdout).toContain(`imported ${fixture} (panopticum)`);

    const backup = join(dir, 'backup.json');
    const exported = await runArgus(['export', 'argus', '-o', backup], env);
    expect(exported.code, exported.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(backup, 'utf8'));
    expect(doc.components).toHaveLength(components);
    expect(doc.components.map((c: { name: string }) => c.name)).not.toContain('ledger');
    const unknown = await runArgus(['export', 'pdf'], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('unknown export format "pdf"');
  });

  it('filters a Panoptes resource file offline', async () => {
    const file = join(dataDir(), 'resources.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          resource_id: 'sw1',
          resource_site: 'dc1',
          resource_class: 'network',
          resource_subclass: 'switch',
          resource_type: 'arista',
          resource_endpoint: 'sw1',
          resource_plugin: 'p',
          resource_creation_timestamp: '1',
          resource_metadata: { make: 'Arista' },
        },
        {
          resource_id: 'h1',
          resource_site: 'dc1',
          resource_class: 'system',
          resource_subclass: 'host',
          resource_type: 'generic',
          resource_endpoint: 'h1',
          resource_plugin: 'p',
          resource_creation_timestamp: '2',
          resource_metadata: {},
        },
      ]),
    );
    const ids = await runArgus(
      [
        'resources',
        'filter',
        '--file',
        file,
        '--ids',
        'resource_class = "network" AND resource_metadata.make LIKE "arista%"',
      ],
      {},
    );
    expect(ids.code, ids.stderr).toBe(0);
    expect(ids.stdout.trim()).toBe('sw1');
    const fixture = fixturePath('panoptes', 'localhost.json');
    const json = await runArgus(
      ['resources', 'filter', '--file', fixture, 'resource_metadata._resource_ttl > 600'],
      {},
    );
    expect(JSON.parse(json.stdout)).toMatchObject([{ resource_id: 'localhost' }]);
    const bad = await runArgus(['resources', 'filter', '--file', file, 'resource_class = '], {});
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/column 18/);
  });
});
