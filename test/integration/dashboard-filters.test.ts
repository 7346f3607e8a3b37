import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequirementViews } from '../../src/requirements/views.js';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { type CatalogFixture, seedCatalog } from '../helpers/catalog-fixture.js';

// A set's dashboard with column filters (issue 7) judges each component's shown version in SQL,
// the latest known by excluding the superseded versions, which are picked once per data
// generation: these are the edges where that could answer differently from judging in memory.
let t: TestApp;
let f: CatalogFixture;
/** Member of sre, the reviewer team of the Operations set. */
let frank: TestUser;
const ids: Record<string, string> = {};
const V = '/api/components/default/payments-api/versions';

async function ok(as: TestUser, method: string, url: string, payload?: unknown) {
  const res = await t.request(as, {
    method: method as 'GET',
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.statusCode === 204 ? undefined : res.json();
}
interface Dashboard {
  rows: { component: string; version: string | null }[];
  total: number;
}
/** The rows (component name and version shown) passing `where`, and the total. */
async function passing(where: string) {
  const d = (await ok(
    f.viewer,
    'GET',
    `/api/requirement-sets/Operations/dashboard?where=${encodeURIComponent(where)}`,
  )) as Dashboard;
  return { rows: d.rows.map((r) => [r.component.split('/')[1], r.version]), total: d.total };
}
const owner = (version: string, requirement: string, status: string) =>
  ok(f.owner, 'PUT', `${V}/${version}/requirements/${ids[requirement]}/owner`, { status });

beforeAll(async () => {
  t = await startTestApp();
  // ledger-db has no version, payments-api 1.0 and 1.10, storefront 0.3.0.
  f = await seedCatalog(t);
  await t.catalog.createTeam(t.system, { name: 'sre', title: 'SRE' });
  frank = await t.user('frank', { teams: ['sre'] });
  await ok(f.admin, 'POST', '/api/requirement-sets', {
    name: 'Operations',
    reviewerTeams: ['sre'],
    position: 0,
  });
  for (const [title, level] of [
    ['Backups', 'Bronze'],
    ['Runbook', 'Gold'],
  ] as const) {
    const created = await ok(f.admin, 'POST', '/api/requirements', {
      title,
      level,
      sets: [{ set: 'Operations' }],
    });
    ids[title] = created.id;
  }
});
afterAll(() => t.close());

describe('dashboard column filters', () => {
  it('matches `unknown` for components without a status row or without any version', async () => {
    expect(await passing(`${ids.Backups}:owner=unknown`)).toEqual({
      rows: [
        ['ledger-db', null],
        ['payments-api', '1.10'],
        ['storefront', '0.3.0'],
      ],
      total: 3,
    });
    expect(await passing(`${ids.Backups}:overall=unknown,${ids.Runbook}:reviewer=unknown`)).toEqual(
      await passing(`${ids.Backups}:owner=unknown`),
    );
    expect(await passing(`${ids.Backups}:owner=ready`)).toEqual({ rows: [], total: 0 });
  });

  it('judges the latest version by version order: an older one passing does not count', async () => {
    // 1.9 sorts after 1.10 as text but before it as a version.
    await t.catalog.createVersion(t.system, 'payments-api', { version: '1.9' });
    await owner('1.9', 'Backups', 'ready');
    expect(await passing(`${ids.Backups}:owner=ready`)).toEqual({ rows: [], total: 0 });
    expect((await passing(`${ids.Backups}:owner=unknown`)).rows).toContainEqual([
      'payments-api',
      '1.10',
    ]);
    // The newer version fails where the older passed: still judged on the newer one.
    await owner('1.10', 'Backups', 'not_ready');
    expect(await passing(`${ids.Backups}:owner=ready|unknown`)).toEqual({
      rows: [
        ['ledger-db', null],
        ['storefront', '0.3.0'],
      ],
      total: 2,
    });
  });

  it('follows a version created after an earlier filtered read', async () => {
    expect((await passing(`${ids.Backups}:owner=not_ready`)).rows).toEqual([
      ['payments-api', '1.10'],
    ]);
    await t.catalog.createVersion(t.system, 'payments-api', { version: '2.0' });
    expect(await passing(`${ids.Backups}:owner=not_ready`)).toEqual({ rows: [], total: 0 });
    expect((await passing(`${ids.Backups}:owner=unknown`)).rows).toContainEqual([
      'payments-api',
      '2.0',
    ]);
  });

  it('compares `overall` by the table: waiting until the reviewer approves, then ok', async () => {
    await owner('2.0', 'Backups', 'ready');
    expect((await passing(`${ids.Backups}:overall=waiting`)).rows).toEqual([
      ['payments-api', '2.0'],
    ]);
    expect((await passing(`${ids.Backups}:overall=ok`)).rows).toEqual([]);
    await ok(frank, 'PUT', `${V}/2.0/requirements/${ids.Backups}/review`, { status: 'approved' });
    expect((await passing(`${ids.Backups}:overall=ok`)).rows).toEqual([['payments-api', '2.0']]);
    expect(
      (await passing(`${ids.Backups}:reviewer=approved,${ids.Backups}:owner=ready`)).total,
    ).toBe(1);
  });

  it('counts an active exemption as n/a for `overall` filters, not for the sides', async () => {
    const created = await ok(f.owner, 'POST', '/api/components/default/payments-api/exemptions', {
      requirement: 'Runbook',
      reason: 'no on-call rotation yet',
      expiresAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
    });
    // Requested only: not in force yet.
    expect((await passing(`${ids.Runbook}:overall=n/a`)).rows).toEqual([]);
    await ok(frank, 'POST', `/api/exemptions/${created.id}/approve`, { notes: 'until Q3' });
    expect(await passing(`${ids.Runbook}:overall=n/a`)).toEqual({
      rows: [['payments-api', '2.0']],
      total: 1,
    });
    expect((await passing(`${ids.Runbook}:overall=unknown`)).rows).toEqual([
      ['ledger-db', null],
      ['storefront', '0.3.0'],
    ]);
    expect((await passing(`${ids.Runbook}:owner=unknown`)).total).toBe(3);
    // Once expired (a later clock), the requirement counts as its sides say again.
    const later = new RequirementViews(t.database.db, () => new Date(Date.now() + 31 * 86400_000));
    const expired = await later.dashboard('Operations', {
      limit: 50,
      where: `${ids.Runbook}:overall=n/a`,
    });
    expect(expired.total).toBe(0);
    const unknown = await later.dashboard('Operations', {
      limit: 50,
      where: `${ids.Runbook}:overall=unknown`,
    });
    expect(unknown.rows.map((r) => r.version)).toEqual([null, '2.0', '0.3.0']);
  });
});
