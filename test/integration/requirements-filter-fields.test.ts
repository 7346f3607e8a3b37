import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { type CatalogFixture, seedCatalog } from '../helpers/catalog-fixture.js';

// `level`, `level_rank` and `score` in the component list's filter (PRODUCT 4; issue 7): the
// requirements module computes them, the catalog's filter names them, and they follow what
// owners and reviewers set through the API at once.
let t: TestApp;
let f: CatalogFixture;
/** Member of security, the reviewer team of the Core set. */
let erin: TestUser;
const ids: Record<string, string> = {};

async function ok(as: TestUser, method: string, url: string, payload?: unknown) {
  const res = await t.request(as, {
    method: method as 'GET',
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.statusCode === 204 ? undefined : res.json();
}

const statusUrl = (component: string, version: string, requirement: string, side: string) =>
  `/api/components/default/${component}/versions/${version}/requirements/${ids[requirement]}/${side}`;

/** Ready and approved: the requirement is ok. */
async function meet(component: string, version: string, requirement: string) {
  await ok(f.admin, 'PUT', statusUrl(component, version, requirement, 'owner'), {
    status: 'ready',
  });
  await ok(erin, 'PUT', statusUrl(component, version, requirement, 'review'), {
    status: 'approved',
  });
}

async function list(filter: string, extra = '') {
  const res = await t.request(f.viewer, {
    method: 'GET',
    url: `/api/components?filter=${encodeURIComponent(filter)}${extra}`,
  });
  return res;
}
async function names(filter: string): Promise<string[]> {
  const res = await list(filter);
  expect(res.statusCode, `${filter}: ${res.body}`).toBe(200);
  return (res.json().items as { name: string }[]).map((c) => c.name).sort();
}

beforeAll(async () => {
  t = await startTestApp();
  f = await seedCatalog(t);
  await t.catalog.createTeam(t.system, { name: 'security', title: 'Security experts' });
  erin = await t.user('erin', { teams: ['security'] });
  await ok(f.admin, 'POST', '/api/requirement-sets', { name: 'Core', reviewerTeams: ['security'] });
  for (const [title, level] of [
    ['Backups', 'Bronze'],
    ['Runbook', 'Silver'],
    ['Pen test', 'Gold'],
  ] as const) {
    ids[title] = (
      await ok(f.admin, 'POST', '/api/requirements', { title, level, sets: [{ set: 'Core' }] })
    ).id;
  }
  // payments-api's latest version (1.10) meets everything: Gold. Its older 1.0 meets only
  // Backups and must not count. storefront (0.3.0) meets Backups: Bronze. ledger-db has no
  // version, so nothing is met: no level.
  for (const r of ['Backups', 'Runbook', 'Pen test']) await meet('payments-api', '1.10', r);
  await meet('payments-api', '1.0', 'Backups');
  await meet('storefront', '0.3.0', 'Backups');
  // Seeding is a few dozen writes: on a shared, busy machine PGlite takes longer than the default.
}, 180_000);
afterAll(() => t.close());

describe('level and score as component filter fields', () => {
  it('selects by level name, as the status view computes it by the latest version', async () => {
    expect(await names('level = "Gold"')).toEqual(['payments-api']);
    expect(await names('level = "Bronze"')).toEqual(['storefront']);
    expect(await names('level IN ("Bronze", "Silver")')).toEqual(['storefront']);
    expect(await names('level != "Gold"')).toEqual(['storefront']);
    expect(await names('level IS NULL')).toEqual(['ledger-db']);
    expect(await names('level IS NOT NULL AND owner = "web"')).toEqual(['storefront']);
    expect(await names('level LIKE "g%"')).toEqual(['payments-api']);
    const view = await ok(
      f.viewer,
      'GET',
      '/api/components/default/storefront/versions/0.3.0/requirements',
    );
    expect(view.level.reached.name).toBe('Bronze');
  });

  it('orders levels by their place on the ladder through level_rank', async () => {
    expect(await names('level_rank >= 2')).toEqual(['payments-api']);
    expect(await names('level_rank >= 1')).toEqual(['payments-api', 'storefront']);
    expect(await names('level_rank = 0')).toEqual(['ledger-db']);
  });

  it('selects by score, the sign-off percentage the scorecard shows', async () => {
    expect(await names('score >= 80')).toEqual(['payments-api']);
    expect(await names('score = 33')).toEqual(['storefront']);
    expect(await names('score < 50')).toEqual(['ledger-db', 'storefront']);
    expect(await names('score IN (0, 100)')).toEqual(['ledger-db', 'payments-api']);
    const card = await ok(f.viewer, 'GET', '/api/teams/web/scorecard');
    expect(card.components[0].scores.signOff).toBe(33);
  });

  it('counts the total and facets over the computed fields', async () => {
    const res = await list('level IS NOT NULL', '&facets=type,tags&limit=1');
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page.total).toBe(2);
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).not.toBeNull();
    expect(page.facets.type).toEqual(
      expect.arrayContaining([
        { value: 'service', count: 1 },
        { value: 'website', count: 1 },
      ]),
    );
    const next = await list('level IS NOT NULL', `&limit=1&cursor=${page.nextCursor}`);
    expect(next.json().items.map((c: { name: string }) => c.name)).toEqual(['storefront']);
  });

  it('answers 400 naming the field for a comparison the field cannot take', async () => {
    for (const [filter, field] of [
      ['score LIKE "9%"', 'score'],
      ['level.name = "Gold"', 'remove ".name"'],
      ['levle = "Gold"', 'levle'],
    ]) {
      const res = await list(filter!);
      expect(res.statusCode, filter).toBe(400);
      expect(res.json().detail, filter).toContain(field);
    }
    // The unknown-field message lists the computed fields too.
    expect((await list('levle = "Gold"')).json().detail).toContain('level_rank');
  });

  it('moves a component out of its level at once when the owner changes readiness (the reset rule)', async () => {
    expect(await names('level = "Gold"')).toEqual(['payments-api']);
    // Readiness changes from ready to n/a: the reviewer's approval resets to unknown, so the
    // Gold requirement is waiting for a new sign-off.
    await ok(f.admin, 'PUT', statusUrl('payments-api', '1.10', 'Pen test', 'owner'), {
      status: 'n/a',
    });
    expect(await names('level = "Gold"')).toEqual([]);
    expect(await names('level = "Silver"')).toEqual(['payments-api']);
    expect(await names('score = 66')).toEqual(['payments-api']);
    await ok(erin, 'PUT', statusUrl('payments-api', '1.10', 'Pen test', 'review'), {
      status: 'approved',
    });
    expect(await names('level = "Gold"')).toEqual(['payments-api']);
  });

  it('follows a renamed level and a reordered ladder', async () => {
    await ok(f.admin, 'PATCH', '/api/requirement-levels/Gold', { name: 'Platinum' });
    expect(await names('level = "Platinum"')).toEqual(['payments-api']);
    expect(await names('level = "Gold"')).toEqual([]);
    expect(await names('level_rank = 3')).toEqual(['payments-api']);
  });
});
