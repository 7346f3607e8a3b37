import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { type CatalogFixture, seedCatalog } from '../helpers/catalog-fixture.js';

let t: TestApp;
let f: CatalogFixture;

beforeAll(async () => {
  t = await startTestApp();
  f = await seedCatalog(t);
  // Enough rows to page through.
  for (let i = 0; i < 25; i++) {
    await t.catalog.createComponent(t.system, {
      name: `lib-${String(i).padStart(2, '0')}`,
      namespace: 'default',
      type: 'library',
      lifecycle: i % 2 ? 'mature' : 'deprecated',
      owner: 'web',
      tags: i % 5 === 0 ? ['shared'] : [],
      labels: i === 3 ? { Tier: 'gold' } : {},
    });
  }
});
afterAll(() => t.close());

async function list(query: string) {
  const res = await t.request(f.viewer, { method: 'GET', url: `/api/components?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    items: { name: string }[];
    total: number;
    nextCursor: string | null;
    facets?: Record<string, { value: string; count: number }[]>;
  };
}
const names = (page: { items: { name: string }[] }) => page.items.map((c) => c.name);
const q = (filter: string) => `filter=${encodeURIComponent(filter)}&limit=100`;

describe('component list', () => {
  it('filters with the DSL over scalar, multi-valued and keyed fields', async () => {
    expect(
      names(await list(q('lifecycle = "mature" AND category IN ("Backend", "Data")'))),
    ).toEqual(['ledger-db', 'payments-api']);
    expect(names(await list(q('tags = "pci"')))).toEqual(['payments-api']);
    // An empty list is missing: a comparison on it is unknown, so IS NULL must ask for it.
    expect(names(await list(q('tags != "critical" AND type != "library"')))).toEqual([]);
    expect(
      names(await list(q('(tags IS NULL OR tags != "critical") AND type != "library"'))),
    ).toEqual(['storefront']);
    expect(names(await list(q('tags NOT IN ("critical") AND type = "library"')))).toEqual([
      'lib-00',
      'lib-05',
      'lib-10',
      'lib-15',
      'lib-20',
    ]);
    expect(names(await list(q('languages = "Python" OR frameworks = "React"')))).toEqual([
      'payments-api',
      'storefront',
    ]);
    expect(names(await list(q('labels.Tier = "gold"')))).toEqual(['lib-03']);
    expect(names(await list(q('labels.tier = "gold"')))).toEqual([]); // keys are exact
    expect(names(await list(q('name LIKE "PAY%"')))).toEqual(['payments-api']); // LIKE ignores case
    expect(names(await list(q('name = "PAYMENTS-API"')))).toEqual([]); // = does not
    expect(
      names(await list(q('NOT (owner = "web") AND (type = "service" OR type = "database")'))),
    ).toEqual(['ledger-db', 'payments-api']);
    expect((await list(q('subcategory IS NULL'))).total).toBe(28);
  });

  it('answers a malformed filter with the line and column', async () => {
    const res = await t.request(f.viewer, {
      method: 'GET',
      url: `/api/components?filter=${encodeURIComponent('name = "x" AND AND')}`,
    });
    expect(res.statusCode).toBe(400);
    const problem = res.json();
    expect(problem.code).toBe('ARGUS_DSL_SYNTAX');
    expect(problem.line).toBe(1);
    expect(problem.column).toBe(16);
    const unknown = await t.request(f.viewer, {
      method: 'GET',
      url: `/api/components?filter=${encodeURIComponent('colour = "red"')}`,
    });
    expect(unknown.json().code).toBe('ARGUS_DSL_FIELD');
    expect(unknown.json().detail).toContain('colour');
  });

  it('searches full text by word prefix', async () => {
    expect(names(await list('q=card+pay'))).toEqual(['payments-api']);
    expect(names(await list('q=ledg'))).toEqual(['ledger-db']);
    expect((await list('q=zzzz')).total).toBe(0);
  });

  it('sorts both ways and pages with a cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(`sort=-name&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.total).toBe(28);
      seen.push(...names(page));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(28);
    expect(seen).toEqual([...seen].sort().reverse());
    const byOwner = names(await list('sort=owner&limit=3'));
    expect(byOwner[0]).toBe('payments-api');
    const bad = await t.request(f.viewer, { method: 'GET', url: '/api/components?sort=colour' });
    expect(bad.json().problems[0].field).toBe('sort');
    const badCursor = await t.request(f.viewer, {
      method: 'GET',
      url: '/api/components?cursor=garbage',
    });
    expect(badCursor.json().problems[0].field).toBe('cursor');
  });

  it('returns facet counts over the filtered set', async () => {
    const page = await list('facets=lifecycle,tags,owner,languages&limit=1');
    expect(page.facets!.lifecycle).toEqual(
      [
        { value: 'deprecated', count: 13 },
        { value: 'mature', count: 14 },
        { value: 'experimental', count: 1 },
      ].sort((a, b) => b.count - a.count),
    );
    expect(page.facets!.tags).toContainEqual({ value: 'critical', count: 2 });
    expect(page.facets!.owner[0]).toEqual({ value: 'web', count: 26 });
    expect(page.facets!.languages).toContainEqual({ value: 'Go', count: 1 });
    const filtered = await list(`facets=owner&${q('type = "library"')}`);
    expect(filtered.facets!.owner).toEqual([{ value: 'web', count: 25 }]);
    const bad = await t.request(f.viewer, { method: 'GET', url: '/api/components?facets=colour' });
    expect(bad.json().problems[0].field).toBe('facets');
  });

  it('never answers from a cache after a change', async () => {
    const before = await list('facets=owner&limit=1');
    expect(await list('facets=owner&limit=1')).toEqual(before);
    await t.request(f.admin, {
      method: 'POST',
      url: '/api/components',
      payload: { name: 'fresh', owner: 'payments' },
    });
    const after = await list('facets=owner&limit=1');
    expect(after.total).toBe(before.total + 1);
    expect(after.facets!.owner).toContainEqual({ value: 'payments', count: 2 });
    await t.request(f.admin, { method: 'DELETE', url: '/api/components/default/fresh' });
    expect((await list('facets=owner&limit=1')).total).toBe(before.total);
  });

  it('finds components, people and teams in the global search', async () => {
    const res = await t.request(f.viewer, { method: 'GET', url: '/api/search?q=pay' });
    const hits = res.json().items as { kind: string; ref: string }[];
    expect(hits).toContainEqual(
      expect.objectContaining({ kind: 'component', ref: 'component:default/payments-api' }),
    );
    expect(hits).toContainEqual(expect.objectContaining({ kind: 'team', ref: 'group:payments' }));
    const people = (await t.request(f.viewer, { method: 'GET', url: '/api/search?q=caro' })).json()
      .items;
    expect(people).toContainEqual(expect.objectContaining({ kind: 'person', ref: 'person:carol' }));
  });

  it('matches owner through parent teams, and follows a team that moves', async () => {
    // seedCatalog: platform > payments; payments-api is owned by payments, ledger-db by platform.
    const services = (filter: string) => list(q(`${filter} AND type != "library"`)).then(names);
    expect(await services('owner = "platform"')).toEqual(['ledger-db', 'payments-api']);
    expect(await services('owner = "payments"')).toEqual(['payments-api']);
    expect(await services('owner != "platform"')).toEqual(['storefront']);
    expect(await services('owner IN ("payments", "web")')).toEqual(['payments-api', 'storefront']);
    expect(await services('owner = "Platform"')).toEqual([]); // = is exact
    const moved = await t.request(f.admin, {
      method: 'PATCH',
      url: '/api/teams/payments',
      payload: { parent: 'web' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    try {
      expect(await services('owner = "web"')).toEqual(['payments-api', 'storefront']);
      expect(await services('owner = "platform"')).toEqual(['ledger-db']);
    } finally {
      await t.request(f.admin, {
        method: 'PATCH',
        url: '/api/teams/payments',
        payload: { parent: 'platform' },
      });
    }
  });

  it('addresses label and annotation keys with dots, slashes and colons in quotes', async () => {
    const created = await t.request(f.admin, {
      method: 'POST',
      url: '/api/components',
      payload: {
        name: 'quoted-keys',
        labels: { 'app.kubernetes.io/name': 'web' },
        annotations: { 'backstage.io/techdocs-ref': 'dir:.' },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    try {
      expect(names(await list(q('labels."app.kubernetes.io/name" = \'web\'')))).toEqual([
        'quoted-keys',
      ]);
      expect(names(await list(q("annotations.'backstage.io/techdocs-ref' LIKE 'dir:%'")))).toEqual([
        'quoted-keys',
      ]);
      expect(names(await list(q('labels."app.kubernetes.io/name" = "api"')))).toEqual([]);
    } finally {
      await t.request(f.admin, { method: 'DELETE', url: '/api/components/default/quoted-keys' });
    }
  });

  it('names the whole token a malformed filter found, at its column', async () => {
    const res = await t.request(f.viewer, {
      method: 'GET',
      url: `/api/components?filter=${encodeURIComponent('owner = "web" AND AND type = "x"')}`,
    });
    expect(res.statusCode).toBe(400);
    const problem = res.json();
    expect([problem.code, problem.line, problem.column]).toEqual(['ARGUS_DSL_SYNTAX', 1, 19]);
    expect(problem.detail).toContain(
      'line 1, column 19: expected "(", NOT or field name but found "AND"',
    );
  });
});
