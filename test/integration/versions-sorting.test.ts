import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { type CatalogFixture, seedCatalog } from '../helpers/catalog-fixture.js';

let t: TestApp;
let f: CatalogFixture;

/** Lifecycles and categories whose alphabetical order is not their meaning's. */
const COMPONENTS: { name: string; lifecycle: string; category?: string; privacyClass?: string }[] =
  [
    { name: 'c-eos', lifecycle: 'eos', category: 'Data', privacyClass: 'Public' },
    { name: 'c-deprecated', lifecycle: 'deprecated', category: 'Backend' },
    {
      name: 'c-experimental',
      lifecycle: 'experimental',
      category: 'Frontend',
      privacyClass: 'Secret',
    },
    { name: 'c-mature', lifecycle: 'mature', privacyClass: 'Internal' },
    { name: 'c-legacy', lifecycle: 'legacy', category: 'Data', privacyClass: 'Secret' },
    { name: 'c-new', lifecycle: 'new', category: 'Frontend' },
    { name: 'c-unknown', lifecycle: 'unknown', category: 'Backend', privacyClass: 'Public' },
    { name: 'c-eol', lifecycle: 'eol', category: 'Backend' },
  ];

const byName = Object.fromEntries(COMPONENTS.map((c) => [c.name, c]));

beforeAll(async () => {
  t = await startTestApp();
  f = await seedCatalog(t);
  // The admins' order: Frontend first, Backend last; privacy from open to closed.
  for (const [name, position] of [
    ['Frontend', 1],
    ['Data', 2],
    ['Backend', 3],
  ] as const)
    await t.catalog.updateReference(t.system, 'categories', name, { position });
  for (const [position, name] of ['Public', 'Internal', 'Secret'].entries())
    await t.catalog.createReference(t.system, 'privacy_classes', {
      name,
      description: '',
      position,
      parent: null,
      extra: {},
    });
  for (const c of COMPONENTS)
    await t.catalog.createComponent(t.system, {
      ...c,
      namespace: 'sorting',
      owner: 'web',
    } as never);
});
afterAll(() => t.close());

/** Every page of a sorted list, two at a time: the keyset cursor must walk the same order. */
async function sorted(sort: string): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ sort, limit: '2', filter: 'namespace = "sorting"' });
    if (cursor) query.set('cursor', cursor);
    const res = await t.request(f.viewer, { method: 'GET', url: `/api/components?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: { name: string }[]; nextCursor: string | null };
    names.push(...page.items.map((c) => c.name));
    cursor = page.nextCursor;
  } while (cursor);
  return names;
}

describe('sorting by meaning', () => {
  it('sorts by lifecycle in lifecycle order, both ways, across pages', async () => {
    const order = [
      'c-unknown',
      'c-experimental',
      'c-new',
      'c-mature',
      'c-legacy',
      'c-deprecated',
      'c-eol',
      'c-eos',
    ];
    expect(await sorted('lifecycle')).toEqual(order);
    expect(await sorted('-lifecycle')).toEqual([...order].reverse());
  });

  it("sorts by category in the reference list's order, components without one last", async () => {
    const categories = async (sort: string) =>
      (await sorted(sort)).map((name) => byName[name]!.category ?? null);
    expect(await categories('category')).toEqual([
      'Frontend',
      'Frontend',
      'Data',
      'Data',
      'Backend',
      'Backend',
      'Backend',
      null,
    ]);
    expect(await categories('-category')).toEqual([
      null,
      'Backend',
      'Backend',
      'Backend',
      'Data',
      'Data',
      'Frontend',
      'Frontend',
    ]);
    // Moving a category moves its components: the order is the list's, read on each request.
    await t.catalog.updateReference(t.system, 'categories', 'Backend', { position: 0 });
    expect((await categories('category')).slice(0, 4)).toEqual([
      'Backend',
      'Backend',
      'Backend',
      'Frontend',
    ]);
    await t.catalog.updateReference(t.system, 'categories', 'Backend', { position: 3 });
  });

  it('sorts by privacy class in its order, and ties keep one order across pages', async () => {
    const names = await sorted('privacyClass');
    expect(names.map((name) => byName[name]!.privacyClass ?? null)).toEqual([
      'Public',
      'Public',
      'Internal',
      'Secret',
      'Secret',
      null,
      null,
      null,
    ]);
    // Ties go by id: the same order on every request, each component once.
    expect(await sorted('privacyClass')).toEqual(names);
    expect(new Set(names).size).toBe(COMPONENTS.length);
  });

  it('refuses a cursor of a ranked sort that this list did not return', async () => {
    const cursor = Buffer.from(
      JSON.stringify(['1 OR 1=1', '00000000-0000-4000-8000-000000000000']),
    ).toString('base64url');
    const res = await t.request(f.viewer, {
      method: 'GET',
      url: `/api/components?sort=lifecycle&cursor=${cursor}`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().problems).toEqual([
      { field: 'cursor', reason: 'is not a cursor this list returned' },
    ]);
  });
});

describe('versions', () => {
  const add = (version: string) =>
    t.request(f.admin, {
      method: 'POST',
      url: '/api/components/default/payments-api/versions',
      payload: { version },
    });

  const componentPage = async () => {
    const res = await t.request(f.viewer, {
      method: 'GET',
      url: '/api/components/default/payments-api',
    });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as {
      component: { latestVersion: string };
      versions: { version: string }[];
    };
    return { latest: page.component.latestVersion, versions: page.versions.map((v) => v.version) };
  };

  it('refuses a string that is not a version, names the field and says why, and stores nothing', async () => {
    for (const [version, reason] of [
      ['not a version!', 'must not contain spaces'],
      ['latest', 'must start with a number'],
      ['1..2', 'empty part between dots'],
    ]) {
      const res = await add(version!);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const problem = res.json();
      expect(problem.problems).toEqual([
        { field: 'version', reason: expect.stringContaining(reason!) },
      ]);
      expect(problem.problems[0].reason).toContain('numbers joined by dots');
    }
    expect(await componentPage()).toEqual({ latest: '1.10', versions: ['1.10', '1.0'] });
  });

  it('accepts the forms real catalogs use, and latest is the highest by meaning', async () => {
    for (const version of ['v1.9.0-rc.1', '2.0.0-beta.2', '1.10+build.5', '1.9']) {
      const res = await add(version);
      expect(res.statusCode, res.body).toBe(201);
    }
    // Highest first: 2.0.0-beta.2 > 1.10+build.5 > 1.10 > 1.9 > 1.9.0-rc.1 > 1.0.
    const { latest, versions } = await componentPage();
    expect(latest).toBe('2.0.0-beta.2');
    expect(versions).toEqual(['2.0.0-beta.2', '1.10+build.5', '1.10', '1.9', 'v1.9.0-rc.1', '1.0']);
  });
});
