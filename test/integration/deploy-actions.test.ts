import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { type CatalogFixture, seedCatalog } from '../helpers/catalog-fixture.js';

// The dry run of an action through the API (PRODUCT 8): rights, every validation a request
// makes (space, component, environment, action, targets, variables, the command guard) and the
// plan it answers, with nothing written.
let t: TestApp;
let f: CatalogFixture;
let operator: TestUser;
let viewer: TestUser;
let outsider: TestUser;

const call = (
  as: TestUser | null,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: unknown,
) =>
  t.request(as, { method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
const dryRun = (body: object, as: TestUser | null = operator, space = 'shop') =>
  call(as, 'POST', `/api/deploy/spaces/${space}/actions/dry-run`, body);
const writeConfig = async (yaml: string, environment?: string) => {
  const res = await call(
    f.admin,
    'PUT',
    `/api/deploy/spaces/shop/components/payments-api/config${environment ? `?environment=${environment}` : ''}`,
    { config: yaml },
  );
  expect(res.statusCode, res.body).toBeLessThan(300);
};

beforeAll(async () => {
  t = await startTestApp();
  f = await seedCatalog(t);
  operator = await t.user('oscar');
  viewer = await t.user('vera');
  outsider = await t.user('otto');
  await t.catalog.updateComponent(t.system, 'payments-api', { space: 'shop' });
  for (const name of ['shop', 'bank'])
    expect((await call(f.admin, 'POST', '/api/deploy/spaces', { name })).statusCode).toBe(201);
  await call(f.admin, 'PUT', '/api/deploy/spaces/shop/members', {
    members: [
      { person: 'oscar', role: 'operator' },
      { person: 'vera', role: 'viewer' },
    ],
  });
  await call(f.admin, 'PUT', '/api/deploy/spaces/bank/members', {
    members: [{ person: 'otto', role: 'admin' }],
  });
  const env = await call(f.admin, 'PUT', '/api/deploy/spaces/shop/environments/dc-staging', {
    config: `ssh:\n  user: app\n  known_hosts: /etc/argus/known_hosts\ndirs:\n  app: /srv/payments\nserial: 1\n`,
  });
  expect(env.statusCode, env.body).toBe(201);
  await writeConfig(`hosts: [web1, web2]
artifact_url: https://repo.example/payments-{{version}}.tgz
db:
  password: env:PAYMENTS_DB
actions:
  deploy:
    - name: fetch
      command: curl -fsS -o /tmp/payments.tgz https://repo.example/payments-{{version}}.tgz
    - name: migrate
      command: DB_PASSWORD={{db.password}} {{dirs.app}}/bin/migrate
  restart:
    - name: restart
      command: sudo systemctl restart payments
  wipe:
    - name: wipe
      command: rm -rf /
  broken:
    - name: uses an unset variable
      command: echo {{dirs.logs}}
`);
  const resource = await call(f.admin, 'POST', '/api/resources', {
    resource_id: 'pay-1',
    resource_site: 'dc1',
    resource_class: 'system',
    resource_subclass: 'host',
    resource_type: 'linux',
    resource_endpoint: '10.1.0.7',
  });
  expect(resource.statusCode, resource.body).toBe(201);
}, 120_000);
afterAll(() => t.close());

describe('the dry run of an action', () => {
  it('answers the plan: hosts, batches, exact commands, secrets as references', async () => {
    const res = await dryRun({
      component: 'payments-api',
      environment: 'dc-staging',
      version: '3.2',
    });
    expect(res.statusCode, res.body).toBe(200);
    const plan = res.json();
    expect(plan.hosts).toEqual([
      { host: 'web1', port: 22 },
      { host: 'web2', port: 22 },
    ]);
    expect(plan.batches).toEqual([['web1'], ['web2']]);
    expect(plan.steps.map((s: { command: string }) => s.command)).toEqual([
      'curl -fsS -o /tmp/payments.tgz https://repo.example/payments-3.2.tgz',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the executor's secret placeholder
      'DB_PASSWORD=${secret:env:PAYMENTS_DB} /srv/payments/bin/migrate',
    ]);
    expect(plan.ssh).toMatchObject({ user: 'app', knownHosts: '/etc/argus/known_hosts' });
    expect(plan.variables.version).toBe('3.2');
  });

  it('lets operators and admins plan, not viewers, other spaces or anonymous callers', async () => {
    const body = { component: 'payments-api', environment: 'dc-staging', action: 'restart' };
    expect((await dryRun(body, f.admin)).statusCode).toBe(200);
    expect((await dryRun(body, viewer)).statusCode).toBe(403);
    expect((await dryRun(body, outsider)).statusCode).toBe(403);
    expect((await dryRun(body, null)).statusCode).toBe(401);
  });

  it('names the field of an unknown space, component, environment or action', async () => {
    const base = { component: 'payments-api', environment: 'dc-staging', action: 'restart' };
    expect((await dryRun(base, f.admin, 'nowhere')).statusCode).toBe(404);
    for (const [change, field] of [
      [{ component: 'ledger-db' }, 'component'],
      [{ environment: 'dc-mars' }, 'environment'],
      [{ action: 'drain' }, 'action'],
    ] as const) {
      const res = await dryRun({ ...base, ...change });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().problems[0].field).toBe(field);
    }
  });

  it('names a missing variable and a command the guard refuses', async () => {
    const missing = await dryRun({ component: 'payments-api', environment: 'dc-staging' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().problems[0]).toMatchObject({ field: 'actions.deploy[0].command' });
    expect(missing.json().problems[0].reason).toContain('{{version}}');
    const unset = await dryRun({
      component: 'payments-api',
      environment: 'dc-staging',
      action: 'broken',
    });
    expect(unset.json().problems[0].reason).toContain('{{dirs.logs}}');
    const wipe = await dryRun({
      component: 'payments-api',
      environment: 'dc-staging',
      action: 'wipe',
    });
    expect(wipe.statusCode).toBe(400);
    expect(wipe.json().code).toBe('ARGUS_DEPLOY_GUARD_REFUSED');
    expect(wipe.json().problems[0].field).toBe('actions.wipe[0].command');
  });

  it('resolves inventory targets now, and refuses a bad filter, no host or a host outside them', async () => {
    await writeConfig(
      "targets:\n  filter: resource_site = 'dc1'\nactions:\n  restart:\n    - name: r\n      command: systemctl restart payments\n",
      'dc-staging',
    );
    const body = { component: 'payments-api', environment: 'dc-staging', action: 'restart' };
    const plan = await dryRun(body);
    expect(plan.statusCode, plan.body).toBe(200);
    // The explicit hosts of the configuration for all environments and the inventory's.
    expect(plan.json().hosts.map((h: { host: string }) => h.host)).toEqual([
      'web1',
      'web2',
      '10.1.0.7',
    ]);
    expect((await dryRun({ ...body, hosts: ['10.1.0.7'] })).json().batches).toEqual([['10.1.0.7']]);
    const outside = await dryRun({ ...body, hosts: ['db9'] });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().problems[0].field).toBe('hosts[0]');

    await writeConfig('targets:\n  filter: resource_site = \n', 'dc-staging');
    const bad = await dryRun(body);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().problems[0].field).toBe('targets.filter');
  });

  it('refuses a selection with no host', async () => {
    await writeConfig(
      'hosts: []\nactions:\n  restart:\n    - name: r\n      command: systemctl restart payments\n',
    );
    await writeConfig("targets:\n  filter: resource_site = 'dc9'\n", 'dc-staging');
    const none = await dryRun({
      component: 'payments-api',
      environment: 'dc-staging',
      action: 'restart',
    });
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({ code: 'ARGUS_DEPLOY_NO_TARGET' });
    expect(none.json().problems[0].field).toBe('targets.filter');
  });
});
