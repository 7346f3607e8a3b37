import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { type CatalogFixture, seedCatalog } from '../helpers/catalog-fixture.js';

let t: TestApp;
let f: CatalogFixture;
/** Member of "platform", the team above "payments". */
let erin: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  f = await seedCatalog(t);
  erin = await t.user('erin', { teams: ['platform'] });
});
afterAll(() => t.close());

const responsibilities = async (as: TestUser, username: string) => {
  const res = await t.request(as, {
    method: 'GET',
    url: `/api/people/${username}/responsibilities`,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('responsibilities of a person', () => {
  it('lists the owner team and the roles a member holds, with the versions', async () => {
    expect(await responsibilities(f.viewer, 'bob')).toEqual({
      username: 'bob',
      teams: [{ name: 'payments', title: 'Payments', via: null }],
      components: [
        {
          ref: 'component:default/payments-api',
          title: 'Payments API',
          lifecycle: 'mature',
          owner: 'payments',
          ownerRef: 'group:payments',
          ownerTeam: 'payments',
          roles: [{ role: 'maintainer', versions: ['1.0'] }],
        },
      ],
      entities: [],
      total: 1,
      nextCursor: null,
    });
  });

  it('resolves ownership through parent teams and says which team of theirs it is', async () => {
    const r = await responsibilities(f.viewer, 'ERIN');
    expect(r.teams).toEqual([
      { name: 'payments', title: 'Payments', via: 'platform' },
      { name: 'platform', title: 'Platform', via: null },
    ]);
    expect(
      r.components.map((c: { ref: string; ownerTeam: string }) => [c.ref, c.ownerTeam]),
    ).toEqual([
      ['component:default/ledger-db', 'platform'],
      ['component:default/payments-api', 'platform'],
    ]);
    expect(erin.username).toBe('erin');
  });

  it('lists the systems, APIs and other entities a person or their teams own', async () => {
    const create = async (path: string, payload: object) => {
      const res = await t.request(f.admin, { method: 'POST', url: path, payload });
      expect(res.statusCode, res.body).toBe(201);
    };
    await create('/api/systems', { name: 'ledger', title: 'Ledger', owner: 'group:payments' });
    await create('/api/apis', {
      name: 'ledger-api',
      title: 'Ledger API',
      type: 'openapi',
      owner: 'user:carol',
    });
    await create('/api/domains', { name: 'web-shop', owner: 'group:web' });
    // erin is in platform, above payments: the system is hers through platform.
    expect((await responsibilities(f.viewer, 'erin')).entities).toEqual([
      {
        ref: 'system:default/ledger',
        title: 'Ledger',
        lifecycle: 'unknown',
        ownerTeam: 'platform',
      },
    ]);
    expect((await responsibilities(f.viewer, 'bob')).entities).toEqual([
      {
        ref: 'system:default/ledger',
        title: 'Ledger',
        lifecycle: 'unknown',
        ownerTeam: 'payments',
      },
    ]);
    expect((await responsibilities(f.viewer, 'carol')).entities).toEqual([
      { ref: 'api:default/ledger-api', title: 'Ledger API', lifecycle: 'unknown', ownerTeam: null },
    ]);
  });

  it('lists roles of someone in no team, newest version first', async () => {
    await t.catalog.createVersion(t.system, 'payments-api', {
      version: '2.0',
      people: { qa_lead: ['carol'], expert: ['carol'] },
    });
    const r = await responsibilities(f.owner, 'carol');
    expect(r.teams).toEqual([]);
    expect(r.components).toEqual([
      expect.objectContaining({
        ref: 'component:default/payments-api',
        ownerTeam: null,
        roles: [
          { role: 'expert', versions: ['2.0'] },
          { role: 'qa_lead', versions: ['2.0', '1.0'] },
        ],
      }),
    ]);
  });

  it('lists the components a person owns themselves, with their roles on them', async () => {
    await t.catalog.createComponent(t.system, {
      name: 'carols-tool',
      namespace: 'default',
      title: "Carol's tool",
      owner: 'user:carol',
    });
    await t.catalog.createVersion(t.system, 'carols-tool', {
      version: '0.1',
      people: { maintainer: ['carol'] },
    });
    const r = await responsibilities(f.owner, 'carol');
    expect(r.components.find((c: { ref: string }) => c.ref.endsWith('/carols-tool'))).toEqual({
      ref: 'component:default/carols-tool',
      title: "Carol's tool",
      lifecycle: 'unknown',
      owner: 'carol',
      ownerRef: 'user:carol',
      ownerTeam: null,
      roles: [{ role: 'maintainer', versions: ['0.1'] }],
    });
    // Owned by carol, not by a team: nobody else answers for it.
    const bob = await responsibilities(f.owner, 'bob');
    expect(bob.components.map((c: { ref: string }) => c.ref)).not.toContain(
      'component:default/carols-tool',
    );
  });

  it('pages the components in reference order, with the total', async () => {
    // erin (platform) answers for ledger-db and payments-api, and for these three.
    for (const name of ['a-one', 'b-two', 'c-three'])
      await t.catalog.createComponent(t.system, { name, namespace: 'default', owner: 'platform' });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `limit=2&cursor=${cursor}` : 'limit=2';
      const res = await t.request(f.viewer, {
        method: 'GET',
        url: `/api/people/erin/responsibilities?${query}`,
      });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json();
      expect(page.total).toBe(5);
      expect(page.components.length).toBeLessThanOrEqual(2);
      seen.push(...page.components.map((c: { ref: string }) => c.ref));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([
      'component:default/a-one',
      'component:default/b-two',
      'component:default/c-three',
      'component:default/ledger-db',
      'component:default/payments-api',
    ]);
    const bad = await t.request(f.viewer, {
      method: 'GET',
      url: '/api/people/erin/responsibilities?cursor=not-ours',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().problems[0].field).toBe('cursor');
  });

  it('is empty for a person with nothing, 404 for nobody, 401 anonymously', async () => {
    expect(await responsibilities(f.owner, 'dave')).toEqual({
      username: 'dave',
      teams: [],
      components: [],
      entities: [],
      total: 0,
      nextCursor: null,
    });
    const missing = await t.request(f.viewer, {
      method: 'GET',
      url: '/api/people/nobody/responsibilities',
    });
    expect(missing.statusCode).toBe(404);
    const anonymous = await t.request(null, {
      method: 'GET',
      url: '/api/people/bob/responsibilities',
    });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('history by person and time', () => {
  const history = async (query: string) => {
    const res = await t.request(f.viewer, { method: 'GET', url: `/api/history?${query}` });
    return { status: res.statusCode, body: res.json() };
  };
  const describeBy = (as: TestUser, description: string) =>
    t.request(as, {
      method: 'PATCH',
      url: '/api/components/default/payments-api',
      payload: { description },
    });

  it('answers the changes one person made, in a time range, page by page', async () => {
    expect((await describeBy(f.admin, 'by alice, before')).statusCode).toBe(200);
    // Timestamps are the database's; a pause makes "after this" a real boundary.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const from = new Date().toISOString();
    for (const text of ['by bob 1', 'by bob 2', 'by bob 3']) {
      expect((await describeBy(f.owner, text)).statusCode).toBe(200);
    }
    expect((await describeBy(f.admin, 'by alice, after')).statusCode).toBe(200);

    const bob = await history('actor=bob&limit=100');
    expect(bob.status).toBe(200);
    expect(bob.body.items.map((e: { newValue: unknown }) => e.newValue)).toEqual([
      'by bob 3',
      'by bob 2',
      'by bob 1',
    ]);
    expect(new Set(bob.body.items.map((e: { actor: string }) => e.actor))).toEqual(
      new Set(['bob']),
    );

    const alice = await history(`actor=alice&since=${encodeURIComponent(from)}`);
    expect(alice.body.items.map((e: { newValue: unknown }) => e.newValue)).toEqual([
      'by alice, after',
    ]);
    const untilFrom = await history(
      `actor=alice&entityType=component&until=${encodeURIComponent(from)}`,
    );
    expect(untilFrom.body.items.map((e: { newValue: unknown }) => e.newValue)).toContain(
      'by alice, before',
    );
    expect(untilFrom.body.items.map((e: { newValue: unknown }) => e.newValue)).not.toContain(
      'by alice, after',
    );

    const first = await history('actor=bob&limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).not.toBeNull();
    const second = await history(`actor=bob&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((e: { newValue: unknown }) => e.newValue)).toEqual(['by bob 1']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('refuses an unknown person and a range that ends before it starts, naming the field', async () => {
    const unknown = await history('actor=nobody');
    expect(unknown.status).toBe(400);
    expect(unknown.body.problems).toEqual([{ field: 'actor', reason: 'no person "nobody"' }]);
    const backwards = await history(
      'since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z&actor=bob',
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.problems).toEqual([{ field: 'until', reason: 'is before since' }]);
  });
});
