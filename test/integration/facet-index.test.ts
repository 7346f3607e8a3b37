// The facet index answers exactly what a plain GROUP BY over the components table answers,
// after creates, edits, renames, deletes, version changes, a team rename that cascades, an
// import, and a write by another process that the index never heard of.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentFields } from '../../src/catalog/component-fields.js';
import { FACETS } from '../../src/catalog/contract.js';
import { FacetIndex } from '../../src/catalog/facet-index.js';
import { FACET_COLUMNS } from '../../src/catalog/list.js';
import { CatalogService } from '../../src/catalog/service.js';
import { importBackstage } from '../../src/catalog/transfer/backstage.js';
import { compileSql, parseFilter } from '../../src/dsl/index.js';
import { InProcessBus } from '../../src/platform/bus.js';
import { queryRows } from '../../src/platform/db.js';
import { currentGeneration } from '../../src/platform/generation.js';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { type CatalogFixture, seedCatalog } from '../helpers/catalog-fixture.js';

let t: TestApp;
let f: CatalogFixture;

beforeAll(async () => {
  t = await startTestApp();
  f = await seedCatalog(t);
});
afterAll(() => t.close());

type Counts = { value: string | null; count: number }[];

/** The oracle: one plain GROUP BY (or unnest for arrays) per facet, and a count(*). */
async function groupBy(filter?: string) {
  const where = filter ? sql`WHERE ${compileSql(parseFilter(filter), componentFields)}` : sql``;
  const facets: Record<string, Counts> = {};
  for (const name of FACETS) {
    const { column, multi } = FACET_COLUMNS[name];
    const rows = await queryRows<{ value: string | null; count: number }>(
      t.database.db,
      multi
        ? sql`SELECT x.value, count(*)::int AS count FROM components, unnest(${column}) AS x(value) ${where} GROUP BY 1`
        : sql`SELECT ${column}::text AS value, count(*)::int AS count FROM components ${where} GROUP BY 1`,
    );
    facets[name] = sorted(rows.map((r) => ({ value: r.value, count: Number(r.count) })));
  }
  const [total] = await queryRows<{ n: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS n FROM components ${where}`,
  );
  return { total: Number(total!.n), facets };
}

function sorted(counts: Counts): Counts {
  return [...counts].sort((a, b) =>
    (a.value ?? '\uffff') < (b.value ?? '\uffff') ? -1 : a.value === b.value ? 0 : 1,
  );
}

/** What the index answers once it has caught up; undefined when it sends the caller to SQL. */
async function fromIndex(filter?: string) {
  await t.catalog.facetIndex.settled();
  const generation = await currentGeneration(t.database.db);
  const answer = t.catalog.facetIndex.answer(
    generation,
    filter ? parseFilter(filter) : undefined,
    FACETS,
  );
  if (!answer) return undefined;
  return {
    total: answer.total,
    facets: Object.fromEntries(FACETS.map((name) => [name, sorted(answer.facets[name]!)])),
  };
}

const FILTERS = [
  undefined,
  'category = "Backend"',
  'tags = "pci" OR lifecycle IN ("mature", "new")',
  'name LIKE "lib-%" AND NOT (tags = "shared")',
  'owner IS NULL OR type != "library"',
  'owner = "platform" AND category != "Data"',
  'languages != "Go"',
  'tags IS NULL',
  'name >= "m"',
];

/** Every filter: the index answers, and equals the GROUP BY; the API shows the same. */
async function expectExact(viewer: TestUser) {
  for (const filter of FILTERS) {
    const expected = await groupBy(filter);
    expect(await fromIndex(filter), filter ?? '(no filter)').toEqual(expected);
  }
  const res = await t.request(viewer, {
    method: 'GET',
    url: `/api/components?limit=1&facets=${FACETS.join(',')}&filter=${encodeURIComponent('lifecycle != "deprecated"')}`,
  });
  expect(res.statusCode, res.body).toBe(200);
  const page = res.json() as { total: number; facets: Record<string, Counts> };
  const expected = await groupBy('lifecycle != "deprecated"');
  expect(page.total).toBe(expected.total);
  for (const name of FACETS)
    expect(sorted(page.facets[name]!), name).toEqual(expected.facets[name]);
}

const ctx = () => t.system;

describe('facet index', () => {
  it('answers like GROUP BY on the seeded catalog', async () => {
    await expectExact(f.viewer);
  });

  it('stays exact through creates, edits, renames and deletes', async () => {
    await t.catalog.facetIndex.settled();
    const before = t.catalog.facetIndex.stats();
    for (let i = 0; i < 12; i++) {
      await t.catalog.createComponent(ctx(), {
        name: `lib-${i}`,
        namespace: 'default',
        type: i % 3 === 0 ? 'library' : 'service',
        lifecycle: i % 2 ? 'mature' : 'deprecated',
        category: i % 4 === 0 ? 'Data' : undefined,
        owner: i % 5 === 0 ? undefined : 'web',
        tags: i % 3 === 0 ? ['shared', 'shared'] : i % 3 === 1 ? ['pci'] : [],
      });
    }
    await expectExact(f.viewer);
    await t.catalog.updateComponent(ctx(), 'lib-1', { category: 'Backend', tags: ['x', 'pci'] });
    await t.catalog.updateComponent(ctx(), 'lib-2', { name: 'moved-2', owner: 'payments' });
    await t.catalog.createVersion(ctx(), 'lib-3', { version: '1.0', languages: ['Python', 'Go'] });
    await t.catalog.deleteComponent(ctx(), 'lib-4');
    await expectExact(f.viewer);
    // Applied from the events, row by row: no full load of the table.
    const after = t.catalog.facetIndex.stats();
    expect(after.fullLoads).toBe(before.fullLoads);
    expect(after.reloads).toBeGreaterThan(before.reloads);
    expect(after.components).toBe((await groupBy()).total);
    // Deleted and created again under the same name; renamed and then deleted: two writes to
    // one name that the index applies together.
    await t.catalog.deleteComponent(ctx(), 'lib-5');
    await t.catalog.createComponent(ctx(), { name: 'lib-5', namespace: 'default', tags: ['new'] });
    await t.catalog.updateComponent(ctx(), 'lib-6', { name: 'gone-6' });
    await t.catalog.deleteComponent(ctx(), 'gone-6');
    await expectExact(f.viewer);
  });

  it('follows a team rename that renames owners, and an import', async () => {
    const loads = t.catalog.facetIndex.stats().fullLoads;
    await t.catalog.updateTeam(ctx(), 'web', { name: 'web-team' });
    await expectExact(f.viewer);
    // A rename that cascades names no component: the index reads them all again.
    expect(t.catalog.facetIndex.stats().fullLoads).toBe(loads + 1);
    const yaml = ['imported-a', 'imported-b', 'lib-7']
      .map(
        (name) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  tags: [imported, pci]
spec:
  type: service
  lifecycle: experimental
  owner: payments
`,
      )
      .join('---\n');
    await importBackstage(t.database.db, t.bus, ctx(), yaml, { source: 'test' });
    // Two new components and an update of an existing one, in one transaction.
    expect((await groupBy('tags = "imported"')).total).toBe(3);
    await expectExact(f.viewer);
  });

  it('does not answer for a write it did not hear of, then reloads and answers again', async () => {
    // Another process sharing the database: its own bus, which this index does not hear.
    const elsewhere = new CatalogService(t.database.db, new InProcessBus());
    await t.catalog.facetIndex.settled();
    await elsewhere.createComponent(ctx(), {
      name: 'from-elsewhere',
      namespace: 'default',
      category: 'Frontend',
      tags: ['pci'],
    });
    const generation = await currentGeneration(t.database.db);
    expect(t.catalog.facetIndex.answer(generation, undefined, FACETS)).toBeUndefined();
    await expectExact(f.viewer);
    const answer = await fromIndex();
    expect(answer?.facets.category).toContainEqual({ value: 'Frontend', count: 2 });
  });

  it('loads in chunks to the same answers', async () => {
    const chunked = new FacetIndex(t.database.db, t.bus, 4);
    try {
      await chunked.settled();
      const generation = await currentGeneration(t.database.db);
      for (const filter of FILTERS) {
        const answer = chunked.answer(generation, filter ? parseFilter(filter) : undefined, FACETS);
        const expected = await groupBy(filter);
        expect(answer?.total, filter).toBe(expected.total);
        for (const name of FACETS)
          expect(sorted(answer!.facets[name]!)).toEqual(expected.facets[name]);
      }
    } finally {
      await chunked.close();
    }
  });

  it('leaves filters on fields it does not hold to the database', async () => {
    const generation = await currentGeneration(t.database.db);
    const filter = parseFilter('description LIKE "%card%"');
    expect(t.catalog.facetIndex.answer(generation, filter, ['category'])).toBeUndefined();
    const res = await t.request(f.viewer, {
      method: 'GET',
      url: `/api/components?limit=1&facets=category&filter=${encodeURIComponent('description LIKE "%card%"')}`,
    });
    expect(res.json()).toMatchObject({
      total: 1,
      facets: { category: [{ value: 'Backend', count: 1 }] },
    });
  });
});
