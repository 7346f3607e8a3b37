import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { type CatalogFixture, seedCatalog } from '../helpers/catalog-fixture.js';

let t: TestApp;
let f: CatalogFixture;

beforeAll(async () => {
  t = await startTestApp();
  f = await seedCatalog(t);
});
afterAll(() => t.close());

const get = (url: string) => t.request(f.admin, { method: 'GET', url });

describe('components API', () => {
  it('creates a component and shows it on its page with versions and dependencies', async () => {
    const res = await t.request(f.owner, {
      method: 'POST',
      url: '/api/components',
      payload: {
        name: 'refunds',
        title: 'Refunds',
        owner: 'payments',
        category: 'backend',
        tags: ['pci'],
        links: [{ url: 'https://x.example/refunds', title: 'Runbook' }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.ref).toBe('component:default/refunds');
    expect(body.category).toBe('Backend'); // canonical spelling of the list value
    const page = (await get('/api/components/default/payments-api')).json();
    expect(page.component.latestVersion).toBe('1.10');
    expect(page.versions.map((v: { version: string }) => v.version)).toEqual(['1.10', '1.0']);
    expect(page.versions[1].people).toEqual({ maintainer: ['bob'], qa_lead: ['carol'] });
    expect(page.dependsOn).toMatchObject([
      { to: 'component:default/ledger-db', type: 'strong_rw', notes: 'main store' },
    ]);
    expect(page.dependents).toMatchObject([
      { from: 'component:default/storefront', type: 'weak_rw' },
    ]);
    expect(page.component.languages).toEqual(['Go', 'Python']);
  });

  it('refuses invalid fields, unknown references and duplicates, naming the field, and writes nothing', async () => {
    const before = (await get('/api/components?limit=1')).json().total;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: 'bad name!' }, 'name', 'ARGUS_REQUEST_INVALID'],
      [{ name: 'x'.repeat(64) }, 'name', 'ARGUS_REQUEST_INVALID'],
      [{ name: 'ok-name', lifecycle: 'immortal' }, 'lifecycle', 'ARGUS_REQUEST_INVALID'],
      [{ name: 'ok-name', category: 'Nope' }, 'category', 'ARGUS_CATALOG_UNKNOWN_REFERENCE'],
      [{ name: 'ok-name', owner: 'ghosts' }, 'owner', 'ARGUS_CATALOG_UNKNOWN_REFERENCE'],
      [{ name: 'PAYMENTS-API' }, 'name', 'ARGUS_CATALOG_DUPLICATE'],
      [{ name: 'ok-name', tags: ['Not OK'] }, 'tags.0', 'ARGUS_REQUEST_INVALID'],
    ];
    for (const [payload, field, code] of cases) {
      const res = await t.request(f.admin, { method: 'POST', url: '/api/components', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const problem = res.json();
      expect(problem.code).toBe(code);
      expect(problem.problems.map((p: { field: string }) => p.field)).toContain(field);
    }
    expect((await get('/api/components?limit=1')).json().total).toBe(before);
  });

  it('edits fields and records each change in history with old and new value', async () => {
    const res = await t.request(f.owner, {
      method: 'PATCH',
      url: '/api/components/default/payments-api',
      payload: { title: 'Payments gateway', lifecycle: 'legacy' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const id = res.json().id;
    const history = (await get(`/api/history?entityType=component&entityId=${id}`)).json().items;
    const byRef = (await get('/api/history?ref=component:default/payments-api')).json().items;
    const kinds = new Set(byRef.map((e: { entityType: string }) => e.entityType));
    expect([...kinds].sort()).toEqual(['component', 'dependency', 'version']);
    const byField = Object.fromEntries(
      history
        .filter((e: { action: string }) => e.action === 'update')
        .map((e: { field: string }) => [e.field, e]),
    );
    expect(byField.title).toMatchObject({
      actor: 'bob',
      oldValue: 'Payments API',
      newValue: 'Payments gateway',
    });
    expect(byField.lifecycle).toMatchObject({ oldValue: 'mature', newValue: 'legacy' });
    expect(byField.title.requestId).toBeTruthy();
  });

  it('renames a reference value everywhere it is used', async () => {
    const res = await t.request(f.admin, {
      method: 'PATCH',
      url: '/api/reference/categories/Data',
      payload: { name: 'Storage' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await get('/api/components/default/ledger-db')).json().component.category).toBe(
      'Storage',
    );
    const del = await t.request(f.admin, {
      method: 'DELETE',
      url: '/api/reference/categories/Storage',
    });
    expect(del.statusCode).toBe(409);
    expect(del.json().code).toBe('ARGUS_CATALOG_IN_USE');
  });

  it('manages versions, deployments and the language summary', async () => {
    const add = await t.request(f.owner, {
      method: 'POST',
      url: '/api/components/default/payments-api/versions',
      payload: {
        version: '2.0.0-rc.1',
        languages: ['typescript'],
        qa: { unit: { rating: 'high', notes: '90%' } },
      },
    });
    expect(add.statusCode, add.body).toBe(201);
    expect(add.json().languages).toEqual(['TypeScript']);
    const dup = await t.request(f.owner, {
      method: 'POST',
      url: '/api/components/default/payments-api/versions',
      payload: { version: '1.0' },
    });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().problems[0].field).toBe('version');
    const badLang = await t.request(f.owner, {
      method: 'POST',
      url: '/api/components/default/payments-api/versions',
      payload: { version: '3', languages: ['Cobol'] },
    });
    expect(badLang.json().problems[0]).toMatchObject({ field: 'languages[0]' });
    await t.catalog.createReference(t.system, 'environments', {
      name: 'Kubernetes',
      description: '',
      position: 0,
      parent: null,
      extra: {},
    });
    const dep = await t.request(f.owner, {
      method: 'POST',
      url: '/api/components/default/payments-api/versions/1.10/deployments',
      payload: { environment: 'kubernetes', serviceName: 'payments', openPorts: [8443] },
    });
    expect(dep.statusCode, dep.body).toBe(201);
    expect(dep.json().deployments).toMatchObject([
      { environment: 'Kubernetes', openPorts: [8443] },
    ]);
    const page = (await get('/api/components/default/payments-api')).json();
    expect(page.versions.map((v: { version: string }) => v.version)).toEqual([
      '2.0.0-rc.1',
      '1.10',
      '1.0',
    ]);
    expect(page.component.latestVersion).toBe('2.0.0-rc.1');
    expect(page.component.languages).toEqual(['Go', 'Python', 'TypeScript']);
    const del = await t.request(f.owner, {
      method: 'DELETE',
      url: '/api/components/default/payments-api/versions/2.0.0-rc.1',
    });
    expect(del.statusCode).toBe(204);
    expect((await get('/api/components/default/payments-api')).json().component.languages).toEqual([
      'Go',
      'Python',
    ]);
  });

  it('refuses dependency cycles, self-dependencies and duplicates', async () => {
    const cycle = await t.request(f.admin, {
      method: 'POST',
      url: '/api/dependencies',
      payload: { from: 'ledger-db', to: 'storefront', type: 'weak_ro' },
    });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json()).toMatchObject({
      code: 'ARGUS_CATALOG_CYCLE',
      problems: [{ field: 'to' }],
    });
    const self = await t.request(f.admin, {
      method: 'POST',
      url: '/api/dependencies',
      payload: { from: 'ledger-db', to: 'ledger-db', type: 'weak_ro' },
    });
    expect(self.json().code).toBe('ARGUS_CATALOG_CYCLE');
    const dup = await t.request(f.admin, {
      method: 'POST',
      url: '/api/dependencies',
      payload: { from: 'payments-api', to: 'ledger-db', type: 'weak_ro' },
    });
    expect(dup.json().code).toBe('ARGUS_CATALOG_DUPLICATE');
    const unknown = await t.request(f.admin, {
      method: 'POST',
      url: '/api/dependencies',
      payload: { from: 'payments-api', to: 'nowhere', type: 'weak_ro' },
    });
    expect(unknown.json()).toMatchObject({
      code: 'ARGUS_CATALOG_UNKNOWN_REFERENCE',
      problems: [{ field: 'to' }],
    });
    const badType = await t.request(f.admin, {
      method: 'POST',
      url: '/api/dependencies',
      payload: { from: 'payments-api', to: 'storefront', type: 'sometimes' },
    });
    expect(badType.json().problems[0].field).toBe('type');
  });

  it('draws the graph around a component to a depth and for the whole catalog', async () => {
    const one = (await get('/api/graph?root=ledger-db&depth=1')).json();
    expect(one.nodes.map((n: { ref: string }) => n.ref).sort()).toEqual([
      'component:default/ledger-db',
      'component:default/payments-api',
    ]);
    const two = (await get('/api/graph?root=ledger-db&depth=2')).json();
    expect(two.nodes).toHaveLength(3);
    expect(two.edges).toContainEqual({
      from: 'component:default/storefront',
      to: 'component:default/payments-api',
      type: 'weak_rw',
    });
    const all = (await get('/api/graph')).json();
    expect(all.edges.length).toBeGreaterThanOrEqual(2);
  });

  it('deletes a component with its versions and dependencies, and records it', async () => {
    await t.request(f.admin, {
      method: 'POST',
      url: '/api/components',
      payload: { name: 'doomed', owner: 'web' },
    });
    await t.request(f.admin, {
      method: 'POST',
      url: '/api/dependencies',
      payload: { from: 'doomed', to: 'storefront', type: 'weak_ro' },
    });
    const res = await t.request(f.admin, {
      method: 'DELETE',
      url: '/api/components/default/doomed',
    });
    expect(res.statusCode).toBe(204);
    expect((await get('/api/components/default/doomed')).statusCode).toBe(404);
    expect((await get('/api/components/default/storefront')).json().dependents).toEqual([]);
    const history = (await get('/api/history?entityType=component')).json().items;
    expect(
      history.some(
        (e: { action: string; entityRef: string }) =>
          e.action === 'delete' && e.entityRef === 'component:default/doomed',
      ),
    ).toBe(true);
  });

  it('answers 404 problems for unknown components and routes', async () => {
    const res = await get('/api/components/default/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('ARGUS_CATALOG_NOT_FOUND');
    expect((await get('/api/nothing-here')).json().code).toBe('ARGUS_ROUTE_NOT_FOUND');
  });
});
