import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryService } from '../../src/inventory/service.js';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { type CatalogFixture, seedCatalog } from '../helpers/catalog-fixture.js';
import { fixturePath } from '../helpers/fixtures.js';

// The inventory through the API (PRODUCT 5): Panoptes' JSON in and out, the DSL list with
// facets, rights, TTL ageing, and resources linked to components by hand and by rule.
let t: TestApp;
let f: CatalogFixture;

const localhost = JSON.parse(
  readFileSync(fixturePath('panoptes', 'localhost.json'), 'utf8'),
) as Record<string, unknown>[];

beforeAll(async () => {
  t = await startTestApp();
  f = await seedCatalog(t);
});
afterAll(() => t.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
const call = (as: TestUser | null, method: Method, url: string, payload?: unknown) =>
  t.request(as, { method, url, ...(payload === undefined ? {} : { payload: payload as object }) });

function resource(id: string, extra: Record<string, unknown> = {}) {
  return {
    resource_plugin: 'test',
    resource_site: 'dc1',
    resource_class: 'network',
    resource_subclass: 'switch',
    resource_type: 'arista',
    resource_id: id,
    resource_endpoint: `${id}.example.net`,
    resource_creation_timestamp: 1_700_000_000,
    resource_metadata: {},
    ...extra,
  };
}

interface Page {
  items: { id: string; resource_id: string; resource_site: string; staleSince: string | null }[];
  total: number;
  nextCursor: string | null;
  facets: Record<string, { value: string; count: number }[]>;
}
async function list(query: Record<string, string>, as: TestUser = f.viewer): Promise<Page> {
  const res = await call(as, 'GET', `/api/resources?${new URLSearchParams(query)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Page;
}
const ids = (page: Page) => page.items.map((r) => r.resource_id).sort();
async function idOf(resourceId: string): Promise<string> {
  const page = await list({ filter: `resource_id = "${resourceId}"` });
  expect(page.items, resourceId).toHaveLength(1);
  return page.items[0]!.id;
}

describe('Panoptes resource JSON', () => {
  it('loads the fixture unchanged and exports it back equal field by field', async () => {
    const res = await call(f.admin, 'POST', '/api/resources/import', localhost);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 1, updated: 0, unchanged: 0, problems: [] });
    const exported = await call(
      f.viewer,
      'GET',
      '/api/resources/export?filter=resource_site%20%3D%20%22local%22',
    );
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.json()).toEqual(localhost);
    const again = await call(f.admin, 'POST', '/api/resources/import', localhost);
    expect(again.json()).toEqual({ created: 0, updated: 0, unchanged: 1, problems: [] });
    const one = (await list({ filter: 'resource_id = "localhost"' })).items[0]!;
    expect(one).toMatchObject({ resource_creation_timestamp: 1512629517.03121 });
  });

  it('reports bad records by index, field and reason, and still loads the good ones', async () => {
    const res = await call(f.admin, 'POST', '/api/resources/import', [
      resource('sw-1', { resource_metadata: { os_name: 'EOS', os_version: '4.20' } }),
      { ...resource('bad-1'), resource_class: '' },
      resource('sw-2', { resource_metadata: { os_name: 'NX-OS' } }),
      { ...resource('bad-2'), resource_creation_timestamp: 'yesterday' },
      resource('bad-3', { resource_metadata: { _resource_ttl: '-5' } }),
      'not a resource',
      resource('srv-1', {
        resource_class: 'system',
        resource_subclass: 'host',
        resource_type: 'linux',
        resource_site: 'dc2',
        resource_plugin: 'other',
        resource_metadata: { os_name: 'Debian' },
      }),
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
    expect(
      report.problems.map((p: { index: number; field: string }) => [p.index, p.field]),
    ).toEqual([
      [1, 'resource_class'],
      [3, 'resource_creation_timestamp'],
      [4, 'resource_metadata._resource_ttl'],
      [5, '(record)'],
    ]);
    expect(ids(await list({ filter: 'resource_id LIKE "bad%"' }))).toEqual([]);
    // A changed record is an update, recorded in history field by field.
    const update = await call(f.admin, 'POST', '/api/resources/import', [
      resource('sw-2', { resource_metadata: { os_name: 'NX-OS', os_version: '9.3' } }),
    ]);
    expect(update.json()).toMatchObject({ created: 0, updated: 1 });
    const history = await call(f.admin, 'GET', '/api/history?ref=resource:dc1/sw-2');
    expect(
      history
        .json()
        .items.map((e: { action: string; field: string | null }) => [e.action, e.field]),
    ).toEqual([
      ['update', 'resource_metadata'],
      ['create', null],
    ]);
  });

  it('refuses a body that is not an array, naming it', async () => {
    const res = await call(f.admin, 'POST', '/api/resources/import', { resources: [] });
    expect(res.statusCode).toBe(400);
  });
});

describe('the resource list', () => {
  it('filters by the DSL, metadata keys included, with facets over the filtered set', async () => {
    expect(ids(await list({ filter: 'resource_metadata.os_name = "EOS"' }))).toEqual(['sw-1']);
    expect(ids(await list({ filter: 'resource_metadata.os_name LIKE "%os"' }))).toEqual([
      'sw-1',
      'sw-2',
    ]);
    expect(ids(await list({ filter: 'resource_metadata.os_version IS NULL' }))).toEqual([
      'localhost',
      'srv-1',
    ]);
    const network = await list({ filter: 'resource_class = "network"' });
    expect(network.total).toBe(2);
    expect(network.facets.resource_site).toEqual([{ value: 'dc1', count: 2 }]);
    const all = await list({});
    expect(all.total).toBe(4);
    expect(all.facets.resource_class).toEqual([
      { value: 'network', count: 2 },
      { value: 'system', count: 2 },
    ]);
    expect(all.facets.resource_plugin.find((v) => v.value === 'other')).toEqual({
      value: 'other',
      count: 1,
    });
  });

  it('pages with a cursor in the sort order asked', async () => {
    const first = await list({ limit: '3', sort: '-resource_id' });
    expect(first.items.map((r) => r.resource_id)).toEqual(['sw-2', 'sw-1', 'srv-1']);
    expect(first.total).toBe(4);
    const second = await list({ limit: '3', sort: '-resource_id', cursor: first.nextCursor! });
    expect(second.items.map((r) => r.resource_id)).toEqual(['localhost']);
    expect(second.nextCursor).toBeNull();
  });

  it('answers a filter that does not parse with 400, the line and the column', async () => {
    const res = await call(
      f.viewer,
      'GET',
      '/api/resources?filter=resource_class%20%3D%3D%20%22x%22',
    );
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ line: 1, column: 17 });
    const sort = await call(f.viewer, 'GET', '/api/resources?sort=colour');
    expect(sort.statusCode).toBe(400);
    expect(sort.json().problems[0].field).toBe('sort');
  });
});

describe('components and resources', () => {
  it('links by hand and by rule; the component field and the component page see both', async () => {
    const sw1 = await idOf('sw-1');
    const link = await call(f.owner, 'POST', `/api/resources/${sw1}/components`, {
      component: 'default/payments-api',
    });
    expect(link.statusCode, link.body).toBe(204);
    const rule = await call(f.owner, 'PUT', '/api/components/default/payments-api/resource-rule', {
      filter: 'resource_class = "system" AND resource_metadata.os_name = "Debian"',
    });
    expect(rule.statusCode, rule.body).toBe(204);
    expect(ids(await list({ filter: 'component = "component:default/payments-api"' }))).toEqual([
      'srv-1',
      'sw-1',
    ]);
    expect(ids(await list({ filter: 'component IS NULL' }))).toEqual(['localhost', 'sw-2']);
    const page = await call(f.viewer, 'GET', '/api/components/default/payments-api/resources');
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({
      rule: { filter: 'resource_class = "system" AND resource_metadata.os_name = "Debian"' },
      total: 2,
      may: { edit: false },
    });
    expect(
      page.json().items.map((r: { resource_id: string; via: string[] }) => [r.resource_id, r.via]),
    ).toEqual([
      ['sw-1', ['link']],
      ['srv-1', ['rule']],
    ]);
    const detail = await call(f.viewer, 'GET', `/api/resources/${await idOf('srv-1')}`);
    expect(detail.json().components).toEqual([
      { ref: 'component:default/payments-api', title: 'Payments API', via: ['rule'] },
    ]);
    const history = await call(f.admin, 'GET', '/api/history?ref=component:default/payments-api');
    const fields = history
      .json()
      .items.map((e: { entityType: string; field: string | null }) => [e.entityType, e.field]);
    expect(fields).toContainEqual(['component', 'resourceRule']);
    expect(fields).toContainEqual(['resource_link', 'component']);
  });

  it('refuses a rule that does not parse with its line and column, and one naming component', async () => {
    const bad = await call(f.owner, 'PUT', '/api/components/default/payments-api/resource-rule', {
      filter: 'resource_class = ',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ line: 1, column: 18 });
    const self = await call(f.owner, 'PUT', '/api/components/default/payments-api/resource-rule', {
      filter: 'component = "component:default/ledger-db"',
    });
    expect(self.statusCode).toBe(400);
    expect(self.json().code).toBe('ARGUS_DSL_FIELD');
  });

  it('unlinks and removes the rule', async () => {
    const sw1 = await idOf('sw-1');
    const unlink = await call(
      f.owner,
      'DELETE',
      `/api/resources/${sw1}/components?component=default/payments-api`,
    );
    expect(unlink.statusCode, unlink.body).toBe(204);
    const again = await call(
      f.owner,
      'DELETE',
      `/api/resources/${sw1}/components?component=default/payments-api`,
    );
    expect(again.statusCode).toBe(404);
    expect(
      (await call(f.owner, 'DELETE', '/api/components/default/payments-api/resource-rule'))
        .statusCode,
    ).toBe(204);
    expect((await list({ filter: 'component IS NOT NULL' })).total).toBe(0);
  });
});

describe('rights', () => {
  it('lets anyone logged in read, admins write sites and resources, owners link to their component', async () => {
    const sw2 = await idOf('sw-2');
    const linkSw2 = () =>
      call(f.admin, 'POST', `/api/resources/${sw2}/components`, {
        component: 'default/payments-api',
      });
    const setRule = () =>
      call(f.admin, 'PUT', '/api/components/default/payments-api/resource-rule', {
        filter: 'resource_site = "nowhere"',
      });
    // `before` puts back what an allowed attempt undid, so everyone meets the same state.
    const writes: {
      method: Method;
      url: string;
      body?: unknown;
      allowed: TestUser[];
      before?: () => Promise<unknown>;
    }[] = [
      { method: 'POST', url: '/api/sites', body: { name: 'rights-site' }, allowed: [f.admin] },
      {
        method: 'PATCH',
        url: '/api/sites/rights-site',
        body: { description: 'x' },
        allowed: [f.admin],
      },
      { method: 'DELETE', url: '/api/sites/rights-site', allowed: [f.admin] },
      {
        method: 'POST',
        url: '/api/resources',
        body: resource('rights-1', { resource_site: 'rights' }),
        allowed: [f.admin],
      },
      {
        method: 'PATCH',
        url: `/api/resources/${sw2}`,
        body: { resource_type: 'cisco' },
        allowed: [f.admin],
      },
      {
        method: 'POST',
        url: '/api/resources/import',
        body: [resource('rights-2', { resource_site: 'rights' })],
        allowed: [f.admin],
      },
      {
        method: 'POST',
        url: `/api/resources/${sw2}/components`,
        body: { component: 'default/payments-api' },
        allowed: [f.admin, f.owner],
      },
      {
        method: 'DELETE',
        url: `/api/resources/${sw2}/components?component=default/payments-api`,
        allowed: [f.admin, f.owner],
        before: linkSw2,
      },
      {
        method: 'PUT',
        url: '/api/components/default/payments-api/resource-rule',
        body: { filter: 'resource_site = "nowhere"' },
        allowed: [f.admin, f.owner],
      },
      {
        method: 'DELETE',
        url: '/api/components/default/payments-api/resource-rule',
        allowed: [f.admin, f.owner],
        before: setRule,
      },
    ];
    for (const write of writes) {
      for (const as of [null, f.viewer, f.owner, f.admin]) {
        const allowed = as !== null && write.allowed.includes(as);
        if (allowed) await write.before?.();
        const res = await call(as, write.method, write.url, write.body);
        const label = `${as?.username ?? 'anonymous'} ${write.method} ${write.url}`;
        if (allowed) expect(res.statusCode, `${label}: ${res.body}`).toBeLessThan(300);
        else expect(res.statusCode, label).toBe(as === null ? 401 : 403);
      }
    }
    expect((await call(null, 'GET', '/api/resources')).statusCode).toBe(401);
    expect((await call(f.viewer, 'GET', '/api/sites')).statusCode).toBe(200);
    expect((await call(f.viewer, 'DELETE', `/api/resources/${sw2}`)).statusCode).toBe(403);
  });
});

describe('sites', () => {
  it('keeps credentials only by reference, refusing a literal one naming the field', async () => {
    const literal = await call(f.admin, 'POST', '/api/sites', {
      name: 'dc1',
      defaults: { snmp: { version: 3, auth_key: 's3cr3t-value' } },
    });
    expect(literal.statusCode).toBe(400);
    expect(literal.json().code).toBe('ARGUS_INVENTORY_LITERAL_SECRET');
    expect(literal.json().problems[0].field).toBe('defaults.snmp.auth_key');
    expect(literal.body).not.toContain('s3cr3t-value');
    const ok = await call(f.admin, 'POST', '/api/sites', {
      name: 'dc1',
      description: 'first datacenter',
      defaults: { snmp: { community: 'env:DC1_COMMUNITY' }, ssh_user: 'ops' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const community = await call(f.admin, 'PATCH', '/api/sites/dc1', {
      defaults: { community: 'public' },
    });
    expect(community.statusCode).toBe(400);
    expect(community.json().problems[0].field).toBe('defaults.community');
    const sites = await call(f.viewer, 'GET', '/api/sites');
    expect(sites.json().find((s: { name: string }) => s.name === 'dc1')).toMatchObject({
      description: 'first datacenter',
      defaults: { snmp: { community: 'env:DC1_COMMUNITY' }, ssh_user: 'ops' },
      resources: 2,
    });
    const badName = await call(f.admin, 'POST', '/api/sites', { name: 'dc 1' });
    expect(badName.statusCode).toBe(400);
    expect(badName.json().problems[0].field).toBe('name');
  });
});

describe('discovery, enrichment and TTL', () => {
  it('upserts discovered resources, caches enrichments, marks stale after the TTL and removes after twice', async () => {
    // Near the real time, so the other tests' resources (TTL 7 days) stay out of this one's way.
    const start = Date.now();
    const at = (seconds: number) => new Date(start + seconds * 1000);
    let clock = at(0);
    const inventory = new InventoryService(t.database.db, t.bus, () => clock);
    const events: string[] = [];
    const stop = t.bus.subscribe((e) => events.push(`${e.type} ${e.ref} ${e.action}`));
    const found = [
      resource('ttl-1', { resource_site: 'ttl', resource_metadata: { _resource_ttl: '60' } }),
      resource('ttl-2', { resource_site: 'ttl', resource_metadata: { _resource_ttl: '600' } }),
    ];
    expect(await inventory.upsertDiscovered(t.system, 'disco', found)).toEqual({
      created: 2,
      updated: 0,
      unchanged: 0,
      rejected: [],
    });
    expect(events).toContain('resource resource:ttl/ttl-1 create');
    const [one] = await inventory.selectResources('resource_id = "ttl-1"');
    expect(one).toMatchObject({ ttlSeconds: 60, staleSince: null });
    await inventory.putEnrichment(one!.id, 'interface', 'snmp-if', { eth0: { speed: 1000 } }, 30);
    expect(await inventory.enrichments(one!.id)).toEqual({ interface: { eth0: { speed: 1000 } } });

    clock = at(90);
    expect(await inventory.enrichments(one!.id)).toEqual({});
    expect(await inventory.sweepStale(clock)).toEqual({ stale: 1, removed: 0 });
    expect((await inventory.getResource(one!.id))?.staleSince).toBe(clock.toISOString());
    // Seen again: no longer stale, and that is a change history keeps.
    expect(await inventory.upsertDiscovered(t.system, 'disco', [found[0]!])).toMatchObject({
      updated: 1,
    });
    expect((await inventory.getResource(one!.id))?.staleSince).toBeNull();

    clock = at(180);
    expect(await inventory.sweepStale(clock)).toEqual({ stale: 1, removed: 0 });
    clock = at(240);
    expect(await inventory.sweepStale(clock)).toEqual({ stale: 0, removed: 1 });
    expect(await inventory.getResource(one!.id)).toBeUndefined();
    stop();
    expect(events).toContain('resource resource:ttl/ttl-1 delete');
    const history = await call(f.admin, 'GET', '/api/history?ref=resource:ttl/ttl-1');
    const events2 = history.json().items as { action: string; field: string | null }[];
    expect(events2.filter((e) => e.action === 'delete').map((e) => e.field)).toContain(
      'resource_endpoint',
    );
    // Stale, seen again, stale once more: three changes of stale_since, then the creation.
    expect(events2.filter((e) => e.field === 'stale_since')).toHaveLength(3);
    expect(events2.at(-1)).toMatchObject({ action: 'create', field: null });
    const detail = await call(
      f.viewer,
      'GET',
      `/api/resources/${(await inventory.selectResources('resource_id = "ttl-2"'))[0]!.id}`,
    );
    expect(detail.json().resource.staleSince).toBeNull();
  });

  it('reports discovered records that break the schema and stores the rest', async () => {
    const inventory = new InventoryService(t.database.db, t.bus);
    const outcome = await inventory.upsertDiscovered(t.system, 'disco', [
      resource('d-1', { resource_site: 'disc' }),
      { ...resource('d-2'), resource_endpoint: undefined } as never,
    ]);
    expect(outcome).toMatchObject({
      created: 1,
      rejected: [{ index: 1, field: 'resource_endpoint' }],
    });
  });
});
