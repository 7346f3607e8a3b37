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

describe('people', () => {
  it('adds, edits and removes a person with a manager', async () => {
    const add = await t.request(f.admin, {
      method: 'POST',
      url: '/api/people',
      payload: {
        username: 'frank',
        name: 'Frank Ops',
        email: 'frank@example.com',
        title: 'SRE',
        manager: 'alice',
        officePhone: '+1 555 0100',
      },
    });
    expect(add.statusCode, add.body).toBe(201);
    expect(add.json()).toMatchObject({ username: 'frank', manager: 'alice', teams: [] });
    const dup = await t.request(f.admin, {
      method: 'POST',
      url: '/api/people',
      payload: { username: 'FRANK' },
    });
    expect(dup.json()).toMatchObject({
      code: 'ARGUS_CATALOG_DUPLICATE',
      problems: [{ field: 'username' }],
    });
    const badManager = await t.request(f.admin, {
      method: 'PATCH',
      url: '/api/people/frank',
      payload: { manager: 'nobody' },
    });
    expect(badManager.json().problems[0].field).toBe('manager');
    const selfManager = await t.request(f.admin, {
      method: 'PATCH',
      url: '/api/people/frank',
      payload: { manager: 'frank' },
    });
    expect(selfManager.json().code).toBe('ARGUS_CATALOG_CYCLE');
    const shortPassword = await t.request(f.admin, {
      method: 'PATCH',
      url: '/api/people/frank',
      payload: { password: 'short' },
    });
    expect(shortPassword.json().problems[0].field).toBe('password');
    const listed = (await t.request(f.viewer, { method: 'GET', url: '/api/people?q=frank' })).json()
      .items;
    expect(listed.map((p: { username: string }) => p.username)).toEqual(['frank']);
    expect(JSON.stringify(listed)).not.toContain('passwordHash');
    expect(
      (await t.request(f.admin, { method: 'DELETE', url: '/api/people/frank' })).statusCode,
    ).toBe(204);
    expect((await t.request(f.admin, { method: 'GET', url: '/api/people/frank' })).statusCode).toBe(
      404,
    );
  });

  it('keeps at least one admin', async () => {
    const res = await t.request(f.admin, {
      method: 'PATCH',
      url: '/api/people/alice',
      payload: { role: 'member' },
    });
    expect(res.statusCode).toBe(409);
  });
});

describe('teams', () => {
  it('creates a team with members and a parent, and shows membership on people', async () => {
    const res = await t.request(f.admin, {
      method: 'POST',
      url: '/api/teams',
      payload: {
        name: 'checkout',
        title: 'Checkout',
        parent: 'payments',
        members: ['carol', 'dave'],
        email: 'checkout@example.com',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ parent: 'payments', members: ['carol', 'dave'] });
    expect(
      (await t.request(f.admin, { method: 'GET', url: '/api/people/carol' })).json().teams,
    ).toEqual(['checkout']);
    const unknownMember = await t.request(f.admin, {
      method: 'POST',
      url: '/api/teams',
      payload: { name: 'ghosts', members: ['casper'] },
    });
    expect(unknownMember.json().problems[0].field).toBe('members');
    expect((await t.request(f.admin, { method: 'GET', url: '/api/teams/ghosts' })).statusCode).toBe(
      404,
    );
  });

  it('refuses a parent that would make a cycle', async () => {
    const res = await t.request(f.admin, {
      method: 'PATCH',
      url: '/api/teams/platform',
      payload: { parent: 'checkout' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'ARGUS_CATALOG_CYCLE',
      problems: [{ field: 'parent' }],
    });
    const self = await t.request(f.admin, {
      method: 'PATCH',
      url: '/api/teams/platform',
      payload: { parent: 'platform' },
    });
    expect(self.json().code).toBe('ARGUS_CATALOG_CYCLE');
  });

  it('renames a team and carries its components along; deleting it leaves them unowned', async () => {
    const renamed = await t.request(f.admin, {
      method: 'PATCH',
      url: '/api/teams/web',
      payload: { name: 'web-shop' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await t.catalog.componentPage('storefront')).component.owner).toBe('web-shop');
    expect(
      (await t.request(f.admin, { method: 'DELETE', url: '/api/teams/web-shop' })).statusCode,
    ).toBe(204);
    expect((await t.catalog.componentPage('storefront')).component.owner).toBeNull();
  });
});

describe('reference lists', () => {
  it('lists, adds with a parent, and validates the list name and parent', async () => {
    const add = await t.request(f.admin, {
      method: 'POST',
      url: '/api/reference/frameworks',
      payload: { name: 'Django', parent: 'python' },
    });
    expect(add.statusCode, add.body).toBe(201);
    expect(add.json().parent).toBe('Python');
    const items = (
      await t.request(f.viewer, { method: 'GET', url: '/api/reference/frameworks' })
    ).json().items;
    expect(items.map((i: { name: string }) => i.name)).toEqual(['Django', 'React']);
    const noList = await t.request(f.admin, { method: 'GET', url: '/api/reference/colours' });
    expect(noList.statusCode).toBe(400);
    const badParent = await t.request(f.admin, {
      method: 'POST',
      url: '/api/reference/frameworks',
      payload: { name: 'Rails', parent: 'Ruby' },
    });
    expect(badParent.json().problems[0].field).toBe('parent');
    const dup = await t.request(f.admin, {
      method: 'POST',
      url: '/api/reference/languages',
      payload: { name: 'go' },
    });
    expect(dup.json().code).toBe('ARGUS_CATALOG_DUPLICATE');
  });
});
