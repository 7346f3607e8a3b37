import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { type CatalogFixture, seedCatalog } from '../helpers/catalog-fixture.js';

// Systems, domains, APIs and resources through the API, on the engine of the project
// (integration: PGlite; integration-pg: PostgreSQL).
let t: TestApp;
let f: CatalogFixture;
let outsider: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  f = await seedCatalog(t);
  await t.catalog.createTeam(t.system, { name: 'search', title: 'Search' });
  outsider = await t.user('erin', { teams: ['search'] });
});
afterAll(() => t.close());

const call = (
  as: TestUser | null,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
) =>
  t.request(as, { method, url, ...(payload === undefined ? {} : { payload: payload as object }) });

describe('catalog kinds', () => {
  it('creates a domain, a system in it, an API with an inline definition and a resource', async () => {
    const domain = await call(f.admin, 'POST', '/api/domains', {
      name: 'commerce',
      title: 'Commerce',
      description: 'Everything that **sells**',
      owner: 'group:platform',
    });
    expect(domain.statusCode, domain.body).toBe(201);
    expect(domain.json()).toMatchObject({
      kind: 'domain',
      ref: 'domain:default/commerce',
      owner: 'platform',
      ownerRef: 'group:platform',
    });

    const system = await call(f.owner, 'POST', '/api/systems', {
      name: 'payments-system',
      owner: 'payments',
      domain: 'commerce',
      tags: ['pci'],
    });
    expect(system.statusCode, system.body).toBe(201);
    expect(system.json()).toMatchObject({ domain: 'domain:default/commerce', owner: 'payments' });

    const api = await call(f.owner, 'POST', '/api/apis', {
      name: 'payments-rest',
      title: 'Payments REST',
      type: 'openapi',
      lifecycle: 'mature',
      owner: 'payments',
      system: 'system:default/payments-system',
      definition: 'openapi: 3.0.0\ninfo: {title: Payments, version: "1"}\npaths: {}\n',
    });
    expect(api.statusCode, api.body).toBe(201);
    expect(api.json()).toMatchObject({
      ref: 'api:default/payments-rest',
      type: 'openapi',
      lifecycle: 'mature',
      system: 'system:default/payments-system',
      hasDefinition: true,
    });
    const definition = (
      await call(f.viewer, 'GET', '/api/apis/default/payments-rest/definition')
    ).json();
    expect(definition.definition).toContain('openapi: 3.0.0');

    // A person may own an entity; bob creates one owned by himself.
    const resource = await call(f.owner, 'POST', '/api/catalog-resources', {
      name: 'payments-db',
      type: 'database',
      owner: 'user:bob',
      system: 'payments-system',
    });
    expect(resource.statusCode, resource.body).toBe(201);
    expect(resource.json()).toMatchObject({ owner: 'bob', ownerRef: 'user:bob', type: 'database' });
  });

  it('refuses bad input with 400 naming the field, and changes nothing', async () => {
    const cases: [string, unknown, string][] = [
      ['/api/apis', { name: 'x', system: 'nowhere' }, 'system'],
      ['/api/apis', { name: 'x', owner: 'user:nobody' }, 'owner'],
      ['/api/systems', { name: 'x', domain: 'system:commerce' }, 'domain'],
      ['/api/systems', { name: 'x', definition: 'nope' }, 'definition'],
      ['/api/domains', { name: 'bad name!' }, 'name'],
      ['/api/domains', { name: 'commerce' }, 'name'],
      ['/api/apis', { name: 'y', definitionUrl: 'javascript:alert(1)' }, 'definitionUrl'],
    ];
    for (const [url, payload, field] of cases) {
      const res = await call(f.admin, 'POST', url, payload);
      expect(res.statusCode, `${url} ${JSON.stringify(payload)}: ${res.body}`).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(res.json()), url).toContain(field);
    }
    const apis = (await call(f.admin, 'GET', '/api/apis')).json();
    expect(apis.items.map((a: { name: string }) => a.name)).toEqual(['payments-rest']);
  });

  it('lets only admins, owner team members (and their parent team) and owner persons change', async () => {
    const denied = await call(outsider, 'PATCH', '/api/apis/default/payments-rest', {
      title: 'Mine',
    });
    expect(denied.statusCode).toBe(403);
    expect(
      (await call(outsider, 'DELETE', '/api/catalog-resources/default/payments-db')).statusCode,
    ).toBe(403);
    expect(
      (await call(outsider, 'POST', '/api/apis', { name: 'planted', owner: 'payments' }))
        .statusCode,
    ).toBe(403);
    // bob owns the resource as a person; alice is an admin.
    expect(
      (
        await call(f.owner, 'PATCH', '/api/catalog-resources/default/payments-db', {
          title: 'Payments DB',
        })
      ).statusCode,
    ).toBe(200);
    // platform is the parent team of payments: a platform member may edit what payments owns.
    const lead = await t.user('frank', { teams: ['platform'] });
    const byParent = await call(lead, 'PATCH', '/api/apis/default/payments-rest', {
      description: 'The REST API of payments',
    });
    expect(byParent.statusCode, byParent.body).toBe(200);
    const page = (await call(outsider, 'GET', '/api/apis/default/payments-rest')).json();
    expect(page.canEdit).toBe(false);
    expect((await call(f.owner, 'GET', '/api/apis/default/payments-rest')).json().canEdit).toBe(
      true,
    );
  });

  it('records every change field by field in the history', async () => {
    await call(f.owner, 'PATCH', '/api/apis/default/payments-rest', {
      lifecycle: 'deprecated',
      tags: ['v1'],
    });
    const history = (
      await call(
        f.admin,
        'GET',
        `/api/history?ref=${encodeURIComponent('api:default/payments-rest')}`,
      )
    ).json();
    const updates = history.items.filter((e: { action: string }) => e.action === 'update');
    expect(updates.map((e: { field: string }) => e.field).sort()).toEqual([
      'description',
      'lifecycle',
      'tags',
    ]);
    expect(updates.find((e: { field: string }) => e.field === 'lifecycle')).toMatchObject({
      actor: 'bob',
      entityType: 'api',
      oldValue: 'mature',
      newValue: 'deprecated',
    });
    expect(
      history.items.some(
        (e: { action: string; field: string }) => e.action === 'create' && e.field === 'definition',
      ),
    ).toBe(true);
  });

  it('relates components to APIs and resources, and shows them on both pages', async () => {
    for (const [type, entity] of [
      ['providesApi', 'api:payments-rest'],
      ['dependsOn', 'resource:payments-db'],
    ]) {
      const res = await call(f.owner, 'POST', '/api/entity-relations', {
        component: 'payments-api',
        type,
        entity,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const consumes = await call(f.admin, 'POST', '/api/entity-relations', {
      component: 'component:default/ledger-db',
      type: 'consumesApi',
      entity: 'api:default/payments-rest',
    });
    expect(consumes.statusCode, consumes.body).toBe(201);
    // The wrong kind for the relation, and a component of another team.
    expect(
      (
        await call(f.admin, 'POST', '/api/entity-relations', {
          component: 'payments-api',
          type: 'dependsOn',
          entity: 'api:payments-rest',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await call(outsider, 'POST', '/api/entity-relations', {
          component: 'payments-api',
          type: 'consumesApi',
          entity: 'api:payments-rest',
        })
      ).statusCode,
    ).toBe(403);

    const patched = await call(f.owner, 'PATCH', '/api/components/default/payments-api', {
      system: 'payments-system',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(
      (
        await call(f.owner, 'PATCH', '/api/components/default/payments-api', {
          system: 'no-such-system',
        })
      ).statusCode,
    ).toBe(400);

    const component = (await call(f.viewer, 'GET', '/api/components/default/payments-api')).json();
    expect(component.systemRef).toBe('system:default/payments-system');
    expect(component.providesApis).toMatchObject([
      { entity: 'api:default/payments-rest', title: 'Payments REST' },
    ]);
    expect(component.dependsOnResources).toMatchObject([
      { entity: 'resource:default/payments-db' },
    ]);

    const api = (await call(f.viewer, 'GET', '/api/apis/default/payments-rest')).json();
    expect(api.providers).toEqual([
      { ref: 'component:default/payments-api', title: expect.any(String) },
    ]);
    expect(api.consumers.map((c: { ref: string }) => c.ref)).toEqual([
      'component:default/ledger-db',
    ]);
    const system = (await call(f.viewer, 'GET', '/api/systems/default/payments-system')).json();
    expect(system.components.map((c: { ref: string }) => c.ref)).toEqual([
      'component:default/payments-api',
    ]);
    expect(system.apis.map((c: { ref: string }) => c.ref)).toEqual(['api:default/payments-rest']);
    expect(system.resources.map((c: { ref: string }) => c.ref)).toEqual([
      'resource:default/payments-db',
    ]);
    const domain = (await call(f.viewer, 'GET', '/api/domains/default/commerce')).json();
    expect(domain.systems.map((c: { ref: string }) => c.ref)).toEqual([
      'system:default/payments-system',
    ]);
  });

  it('lists with the DSL, full text, sort, cursor and facets', async () => {
    await call(f.admin, 'POST', '/api/apis', {
      name: 'ledger-events',
      type: 'asyncapi',
      owner: 'platform',
      lifecycle: 'experimental',
    });
    await call(f.admin, 'POST', '/api/apis', {
      name: 'search-graphql',
      type: 'graphql',
      owner: 'user:erin',
    });
    const list = async (query: string) => {
      const res = await call(f.viewer, 'GET', `/api/apis?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    expect(
      (await list(`filter=${encodeURIComponent("type = 'openapi'")}`)).items.map(
        (a: { name: string }) => a.name,
      ),
    ).toEqual(['payments-rest']);
    // Ownership resolves through parent teams: platform owns what payments owns.
    expect(
      (await list(`filter=${encodeURIComponent("owner = 'platform'")}`)).items.map(
        (a: { name: string }) => a.name,
      ),
    ).toEqual(['ledger-events', 'payments-rest']);
    expect(
      (await list(`filter=${encodeURIComponent("owner = 'erin'")}`)).items.map(
        (a: { name: string }) => a.name,
      ),
    ).toEqual(['search-graphql']);
    expect(
      (
        await list(
          `filter=${encodeURIComponent("system = 'payments-system' AND lifecycle != 'mature'")}`,
        )
      ).total,
    ).toBe(1);
    expect((await list('q=ledg')).items.map((a: { name: string }) => a.name)).toEqual([
      'ledger-events',
    ]);
    const first = await list('sort=-name&limit=2');
    expect(first.items.map((a: { name: string }) => a.name)).toEqual([
      'search-graphql',
      'payments-rest',
    ]);
    expect(first.total).toBe(3);
    const second = await list(`sort=-name&limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((a: { name: string }) => a.name)).toEqual(['ledger-events']);
    expect(second.nextCursor).toBeNull();
    const faceted = await list('facets=type,owner,system');
    expect(faceted.facets.type).toEqual(
      expect.arrayContaining([
        { value: 'openapi', count: 1 },
        { value: 'asyncapi', count: 1 },
        { value: 'graphql', count: 1 },
      ]),
    );
    expect(faceted.facets.owner).toEqual(
      expect.arrayContaining([
        { value: 'payments', count: 1 },
        { value: 'platform', count: 1 },
        { value: 'erin', count: 1 },
      ]),
    );
    expect(faceted.facets.system).toEqual(
      [
        { value: null, count: 2 },
        { value: 'payments-system', count: 1 },
      ].sort((a, b) => b.count - a.count),
    );
    const bad = await call(f.viewer, 'GET', `/api/apis?filter=${encodeURIComponent('colour = 1')}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('colour');
    expect((await call(f.viewer, 'GET', '/api/apis?facets=colour')).statusCode).toBe(400);
  });

  it('places the kinds in the graph and the global search', async () => {
    const graph = (await call(f.viewer, 'GET', '/api/graph')).json();
    const kinds = new Map(graph.nodes.map((n: { ref: string; kind: string }) => [n.ref, n.kind]));
    expect(kinds.get('api:default/payments-rest')).toBe('api');
    expect(kinds.get('domain:default/commerce')).toBe('domain');
    const edges = graph.edges.map(
      (e: { from: string; to: string; type: string }) => `${e.from} ${e.type} ${e.to}`,
    );
    expect(edges).toEqual(
      expect.arrayContaining([
        'component:default/payments-api provides api:default/payments-rest',
        'component:default/ledger-db consumes api:default/payments-rest',
        'component:default/payments-api dependsOn resource:default/payments-db',
        'component:default/payments-api partOf system:default/payments-system',
        'api:default/payments-rest partOf system:default/payments-system',
        'system:default/payments-system partOf domain:default/commerce',
      ]),
    );
    const around = (await call(f.viewer, 'GET', '/api/graph?root=payments-api&depth=1')).json();
    expect(around.nodes.map((n: { ref: string }) => n.ref)).toEqual(
      expect.arrayContaining([
        'api:default/payments-rest',
        'system:default/payments-system',
        'domain:default/commerce',
      ]),
    );
    const aroundApi = (
      await call(
        f.viewer,
        'GET',
        `/api/graph?root=${encodeURIComponent('api:default/payments-rest')}`,
      )
    ).json();
    expect(aroundApi.nodes.map((n: { ref: string }) => n.ref)).toEqual(
      expect.arrayContaining([
        'api:default/payments-rest',
        'component:default/payments-api',
        'component:default/ledger-db',
        'system:default/payments-system',
      ]),
    );
    const aroundDomain = (
      await call(f.viewer, 'GET', `/api/graph?root=${encodeURIComponent('domain:commerce')}`)
    ).json();
    expect(aroundDomain.nodes.map((n: { ref: string }) => n.ref)).toEqual(
      expect.arrayContaining(['domain:default/commerce', 'component:default/payments-api']),
    );
    expect(
      (await call(f.viewer, 'GET', `/api/graph?root=${encodeURIComponent('api:nowhere')}`))
        .statusCode,
    ).toBe(404);
    const search = (await call(f.viewer, 'GET', '/api/search?q=payments')).json();
    expect(search.items.map((h: { kind: string; ref: string }) => `${h.kind} ${h.ref}`)).toEqual(
      expect.arrayContaining([
        'api api:default/payments-rest',
        'system system:default/payments-system',
      ]),
    );
  });

  it('renames a system on its components and refuses to delete what is still named', async () => {
    const used = await call(f.admin, 'DELETE', '/api/systems/default/payments-system');
    expect(used.statusCode).toBe(409);
    expect(used.body).toContain('api:default/payments-rest');
    const renamed = await call(f.admin, 'PATCH', '/api/systems/default/payments-system', {
      name: 'payments',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const component = (await call(f.viewer, 'GET', '/api/components/default/payments-api')).json();
    expect(component.component.system).toBe('payments');
    expect(component.systemRef).toBe('system:default/payments');
    expect(
      (await call(f.admin, 'DELETE', '/api/catalog-resources/default/payments-db')).statusCode,
    ).toBe(204);
    expect(
      (await call(f.viewer, 'GET', '/api/catalog-resources/default/payments-db')).statusCode,
    ).toBe(404);
    const after = (await call(f.viewer, 'GET', '/api/components/default/payments-api')).json();
    expect(after.dependsOnResources).toEqual([]);
  });
});
