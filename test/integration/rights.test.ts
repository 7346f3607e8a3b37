import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { type CatalogFixture, seedCatalog } from '../helpers/catalog-fixture.js';

let t: TestApp;
let f: CatalogFixture;
let parentMember: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  f = await seedCatalog(t);
  // Ownership resolves through parent teams: platform is the parent of payments.
  parentMember = await t.user('erin', { teams: ['platform'] });
});
afterAll(() => t.close());

type Who = 'admin' | 'owner' | 'parentMember' | 'roleHolder' | 'viewer' | 'anonymous';
const as = (who: Who): TestUser | null =>
  ({
    admin: f.admin,
    owner: f.owner,
    parentMember,
    roleHolder: f.qaLead,
    viewer: f.viewer,
    anonymous: null,
  })[who];

describe('rights matrix on a component (PRODUCT 1.2)', () => {
  const expected: Record<Who, { read: number; edit: number; delete: number }> = {
    admin: { read: 200, edit: 200, delete: 204 },
    owner: { read: 200, edit: 200, delete: 204 },
    parentMember: { read: 200, edit: 200, delete: 204 },
    roleHolder: { read: 200, edit: 403, delete: 403 },
    viewer: { read: 200, edit: 403, delete: 403 },
    anonymous: { read: 401, edit: 401, delete: 401 },
  };
  for (const who of Object.keys(expected) as Who[]) {
    it(`${who}: read ${expected[who].read}, edit ${expected[who].edit}, delete ${expected[who].delete}`, async () => {
      const name = `victim-${who.toLowerCase()}`;
      await t.catalog.createComponent(t.system, {
        name,
        namespace: 'default',
        owner: 'payments',
        title: 'before',
      });
      const url = `/api/components/default/${name}`;
      const read = await t.request(as(who), { method: 'GET', url });
      expect(read.statusCode).toBe(expected[who].read);
      if (read.statusCode === 200) expect(read.json().canEdit).toBe(expected[who].edit === 200);
      const edit = await t.request(as(who), { method: 'PATCH', url, payload: { title: 'after' } });
      expect(edit.statusCode).toBe(expected[who].edit);
      const del = await t.request(as(who), { method: 'DELETE', url });
      expect(del.statusCode).toBe(expected[who].delete);
      const after = await t.catalog.componentPage(name).catch(() => null);
      if (expected[who].delete === 204) expect(after).toBeNull();
      else expect(after?.component.title).toBe(expected[who].edit === 200 ? 'after' : 'before');
    });
  }
});

describe('role holders and other rights', () => {
  it('lets a QA lead edit QA facts of their version and nothing else', async () => {
    const url = '/api/components/default/payments-api/versions/1.0';
    const qa = await t.request(f.qaLead, {
      method: 'PATCH',
      url,
      payload: { qa: { e2e: { rating: 'low', notes: 'flaky' } } },
    });
    expect(qa.statusCode, qa.body).toBe(200);
    expect(qa.json().qa.e2e).toEqual({ rating: 'low', notes: 'flaky' });
    const dev = await t.request(f.qaLead, { method: 'PATCH', url, payload: { kloc: 12 } });
    expect(dev.statusCode).toBe(403);
    expect(dev.json().detail).toContain('qa');
    const otherVersion = await t.request(f.qaLead, {
      method: 'PATCH',
      url: '/api/components/default/payments-api/versions/1.10',
      payload: { qa: {} },
    });
    expect(otherVersion.statusCode).toBe(403);
    const maintainer = await t.request(f.owner, { method: 'PATCH', url, payload: { kloc: 12 } });
    expect(maintainer.statusCode).toBe(200);
  });

  it('does not let a member create a component for a team they are not in', async () => {
    const res = await t.request(f.viewer, {
      method: 'POST',
      url: '/api/components',
      payload: { name: 'sneaky', owner: 'payments' },
    });
    expect(res.statusCode).toBe(403);
    const unowned = await t.request(f.viewer, {
      method: 'POST',
      url: '/api/components',
      payload: { name: 'sneaky' },
    });
    expect(unowned.statusCode).toBe(403);
    const ok = await t.request(f.owner, {
      method: 'POST',
      url: '/api/components',
      payload: { name: 'mine', owner: 'payments' },
    });
    expect(ok.statusCode).toBe(201);
    const giveAway = await t.request(f.owner, {
      method: 'PATCH',
      url: '/api/components/default/mine',
      payload: { owner: 'web' },
    });
    expect(giveAway.statusCode).toBe(403);
  });

  it('reserves reference lists, people and team structure for admins', async () => {
    const ref = { name: 'Rust', description: '', position: 0 };
    expect(
      (await t.request(f.owner, { method: 'POST', url: '/api/reference/languages', payload: ref }))
        .statusCode,
    ).toBe(403);
    expect(
      (await t.request(f.admin, { method: 'POST', url: '/api/reference/languages', payload: ref }))
        .statusCode,
    ).toBe(201);
    expect(
      (
        await t.request(f.owner, {
          method: 'POST',
          url: '/api/people',
          payload: { username: 'mallory' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.request(f.viewer, {
          method: 'PATCH',
          url: '/api/people/bob',
          payload: { title: 'CEO' },
        })
      ).statusCode,
    ).toBe(403);
    const self = await t.request(f.viewer, {
      method: 'PATCH',
      url: '/api/people/dave',
      payload: { title: 'SRE' },
    });
    expect(self.statusCode).toBe(200);
    const promote = await t.request(f.viewer, {
      method: 'PATCH',
      url: '/api/people/dave',
      payload: { role: 'admin' },
    });
    expect(promote.statusCode).toBe(403);
    const member = await t.request(f.owner, {
      method: 'PATCH',
      url: '/api/teams/payments',
      payload: { chatChannel: '#payments' },
    });
    expect(member.statusCode).toBe(200);
    const move = await t.request(f.owner, {
      method: 'PATCH',
      url: '/api/teams/payments',
      payload: { parent: 'web' },
    });
    expect(move.statusCode).toBe(403);
    expect(
      (
        await t.request(f.viewer, {
          method: 'PATCH',
          url: '/api/teams/payments',
          payload: { title: 'x' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('lets anonymous users read nothing and write nothing unless public-read', async () => {
    expect((await t.request(null, { method: 'GET', url: '/api/components' })).statusCode).toBe(401);
    expect((await t.request(null, { method: 'GET', url: '/api/history' })).statusCode).toBe(401);
    expect(
      (await t.request(null, { method: 'POST', url: '/api/components', payload: { name: 'anon' } }))
        .statusCode,
    ).toBe(401);
    const open = await startTestApp({ publicRead: true });
    try {
      expect((await open.request(null, { method: 'GET', url: '/api/components' })).statusCode).toBe(
        200,
      );
      const write = await open.request(null, {
        method: 'POST',
        url: '/api/components',
        payload: { name: 'anon' },
      });
      expect(write.statusCode).toBe(401);
    } finally {
      await open.close();
    }
  });
});
