import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { type CatalogFixture, seedCatalog } from '../helpers/catalog-fixture.js';

// Deploy spaces, members and rights, environments, component deploy configurations and the
// effective configuration with provenance, through the API (PRODUCT 8).
let t: TestApp;
let f: CatalogFixture;
let spaceAdmin: TestUser;
let operator: TestUser;
let teamViewer: TestUser;
let outsider: TestUser;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const call = (as: TestUser | null, method: Method, url: string, payload?: unknown) =>
  t.request(as, { method, url, ...(payload === undefined ? {} : { payload: payload as object }) });

const ENV = `# shared by every component
ssh:
  user: deploy
  port: 22
serial: 2
dirs:
  app: /srv/app
`;

beforeAll(async () => {
  t = await startTestApp();
  f = await seedCatalog(t);
  spaceAdmin = await t.user('erin');
  operator = await t.user('frank');
  // bob (f.owner) is in team payments: the team is a viewer of shop.
  teamViewer = f.owner;
  outsider = await t.user('gina');
  await t.catalog.updateComponent(t.system, 'payments-api', { space: 'shop' });
  await t.catalog.updateComponent(t.system, 'ledger-db', { space: 'bank' });
  for (const name of ['shop', 'bank'])
    expect(
      (await call(f.admin, 'POST', '/api/deploy/spaces', { name, title: name })).statusCode,
    ).toBe(201);
  const members = await call(f.admin, 'PUT', '/api/deploy/spaces/shop/members', {
    members: [
      { person: 'erin', role: 'admin' },
      { person: 'frank', role: 'operator' },
      { team: 'payments', role: 'viewer' },
    ],
  });
  expect(members.statusCode, members.body).toBe(200);
  await call(f.admin, 'PUT', '/api/deploy/spaces/bank/members', {
    members: [{ person: 'gina', role: 'admin' }],
  });
}, 120_000);
afterAll(() => t.close());

describe('spaces and members', () => {
  it('lets only Argus admins create spaces and refuses a taken name', async () => {
    expect((await call(spaceAdmin, 'POST', '/api/deploy/spaces', { name: 'x' })).statusCode).toBe(
      403,
    );
    expect((await call(null, 'POST', '/api/deploy/spaces', { name: 'x' })).statusCode).toBe(401);
    expect((await call(f.admin, 'POST', '/api/deploy/spaces', { name: 'shop' })).statusCode).toBe(
      409,
    );
  });

  it('lists the spaces a person has a role in, directly or through a team, with their rights', async () => {
    const names = async (as: TestUser) =>
      (
        (await call(as, 'GET', '/api/deploy/spaces')).json() as { items: { name: string }[] }
      ).items.map((s) => s.name);
    expect(await names(f.admin)).toEqual(['bank', 'shop']);
    expect(await names(teamViewer)).toEqual(['shop']);
    expect(await names(outsider)).toEqual(['bank']);
    expect(await names(f.viewer)).toEqual([]);
    const shop = (await call(operator, 'GET', '/api/deploy/spaces/shop')).json();
    expect(shop).toMatchObject({
      role: 'operator',
      may: { read: true, operate: true, administer: false },
    });
    expect((await call(outsider, 'GET', '/api/deploy/spaces/shop')).statusCode).toBe(403);
  });

  it('names the member field at fault and shows the member list', async () => {
    const bad = await call(spaceAdmin, 'PUT', '/api/deploy/spaces/shop/members', {
      members: [{ person: 'nobody', role: 'viewer' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().problems[0].field).toBe('members[0].person');
    const both = await call(spaceAdmin, 'PUT', '/api/deploy/spaces/shop/members', {
      members: [{ person: 'erin', team: 'payments', role: 'viewer' }],
    });
    expect(both.statusCode).toBe(400);
    expect(
      (await call(operator, 'PUT', '/api/deploy/spaces/shop/members', { members: [] })).statusCode,
    ).toBe(403);
    const list = (await call(teamViewer, 'GET', '/api/deploy/spaces/shop/members')).json();
    expect(list.members).toEqual([
      { person: 'erin', role: 'admin' },
      { person: 'frank', role: 'operator' },
      { team: 'payments', role: 'viewer' },
    ]);
  });
});

describe('environments and configurations', () => {
  it('lets space admins and Argus admins edit environments, nobody else', async () => {
    const put = (as: TestUser | null) =>
      call(as, 'PUT', '/api/deploy/spaces/shop/environments/dc-staging', { config: 'serial: 1\n' });
    expect((await put(null)).statusCode).toBe(401);
    expect((await put(teamViewer)).statusCode).toBe(403);
    expect((await put(operator)).statusCode).toBe(403);
    expect((await put(outsider)).statusCode).toBe(403);
    expect((await put(spaceAdmin)).statusCode).toBe(201);
    expect((await put(f.admin)).statusCode).toBe(200);
    const prod = await call(spaceAdmin, 'PUT', '/api/deploy/spaces/shop/environments/dc-prod', {
      title: 'Production',
      production: true,
      config: ENV,
    });
    expect(prod.statusCode, prod.body).toBe(201);
    const read = (
      await call(teamViewer, 'GET', '/api/deploy/spaces/shop/environments/dc-prod')
    ).json();
    expect(read).toMatchObject({
      production: true,
      config: ENV,
      parsed: { ssh: { user: 'deploy' } },
    });
  });

  it('refuses bad YAML and literal secrets naming the field, and stores nothing', async () => {
    const bad = await call(spaceAdmin, 'PUT', '/api/deploy/spaces/shop/environments/dc-prod', {
      config: 'ssh: [1,',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().problems[0].field).toBe('config');
    const secret = await call(spaceAdmin, 'PUT', '/api/deploy/spaces/shop/environments/dc-prod', {
      config: 'db:\n  password: hunter2\n',
    });
    expect(secret.statusCode).toBe(400);
    expect(secret.json().problems[0].field).toBe('config.db.password');
    expect(secret.body).not.toContain('hunter2');
    const read = (
      await call(spaceAdmin, 'GET', '/api/deploy/spaces/shop/environments/dc-prod')
    ).json();
    expect(read.config).toBe(ENV);
  });

  it('merges environment < component < component for the environment and shows where each leaf came from', async () => {
    const all = await call(
      spaceAdmin,
      'PUT',
      '/api/deploy/spaces/shop/components/payments-api/config',
      {
        config: 'ssh:\n  user: payments\nserial: 1\ndb:\n  password: env:PAY_DB\n',
      },
    );
    expect(all.statusCode, all.body).toBe(201);
    const own = await call(
      spaceAdmin,
      'PUT',
      '/api/deploy/spaces/shop/components/payments-api/config?environment=dc-prod',
      { config: 'ssh:\n  port: 2222\nhosts: [a, b]\n' },
    );
    expect(own.statusCode, own.body).toBe(201);
    const effective = await call(
      teamViewer,
      'GET',
      '/api/deploy/spaces/shop/environments/dc-prod/effective?component=payments-api',
    );
    expect(effective.statusCode, effective.body).toBe(200);
    expect(effective.json()).toEqual({
      component: 'component:default/payments-api',
      environment: 'dc-prod',
      layers: [
        'environment dc-prod',
        'component payments-api (all environments)',
        'component payments-api (dc-prod)',
      ],
      config: {
        ssh: { user: 'payments', port: 2222 },
        serial: 1,
        dirs: { app: '/srv/app' },
        db: { password: 'env:PAY_DB' },
        hosts: ['a', 'b'],
      },
      sources: {
        'ssh.user': 'component payments-api (all environments)',
        'ssh.port': 'component payments-api (dc-prod)',
        serial: 'component payments-api (all environments)',
        'dirs.app': 'environment dc-prod',
        'db.password': 'component payments-api (all environments)',
        hosts: 'component payments-api (dc-prod)',
      },
    });
  });

  it('refuses a configuration that clashes with a layer below it, naming the path and both layers', async () => {
    const clash = await call(
      spaceAdmin,
      'PUT',
      '/api/deploy/spaces/shop/components/payments-api/config?environment=dc-prod',
      { config: 'dirs: /opt\n' },
    );
    expect(clash.statusCode).toBe(400);
    expect(clash.json().problems).toEqual([
      {
        field: 'dirs',
        reason: 'environment dc-prod sets a mapping, component payments-api (dc-prod) sets a value',
      },
    ]);
    const kept = await call(
      spaceAdmin,
      'GET',
      '/api/deploy/spaces/shop/components/payments-api/config?environment=dc-prod',
    );
    expect(kept.json().parsed).toEqual({ ssh: { port: 2222 }, hosts: ['a', 'b'] });
  });

  it('knows only the components of the space', async () => {
    const other = await call(
      f.admin,
      'PUT',
      '/api/deploy/spaces/shop/components/ledger-db/config',
      { config: 'serial: 1\n' },
    );
    expect(other.statusCode).toBe(404);
    const effective = await call(
      f.admin,
      'GET',
      '/api/deploy/spaces/shop/environments/dc-prod/effective?component=ledger-db',
    );
    expect(effective.statusCode).toBe(400);
    expect(effective.json().problems[0].field).toBe('component');
    expect(
      (
        await call(
          outsider,
          'GET',
          '/api/deploy/spaces/shop/environments/dc-prod/effective?component=payments-api',
        )
      ).statusCode,
    ).toBe(403);
  });

  it('records every change in history', async () => {
    const history = await call(f.admin, 'GET', '/api/history?entityType=environment');
    expect(history.statusCode, history.body).toBe(200);
    expect(history.body).toContain('environment:shop/dc-prod');
  });
});
