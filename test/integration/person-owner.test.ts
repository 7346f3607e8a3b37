import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncDirectory } from '../../src/catalog/ldap-sync.js';
import { listComponents } from '../../src/catalog/list.js';
import type { DirectoryUser } from '../../src/platform/auth/ldap.js';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { type CatalogFixture, seedCatalog } from '../helpers/catalog-fixture.js';
import { type TransferClient, transferClient } from './transfer-helpers.js';

// A component's owner may be a person (issue 6, PRODUCT 1.1): named `user:<username>` as
// Backstage writes it, answered as the username with `ownerRef` saying it is a person; filters,
// facets, history, renames and removals of the person follow it.
let t: TestApp;
let f: CatalogFixture;

beforeAll(async () => {
  t = await startTestApp();
  f = await seedCatalog(t);
});
afterAll(() => t.close());

const get = async (url: string) => {
  const res = await t.request(f.admin, { method: 'GET', url });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json();
};
const create = (as: TestUser, payload: Record<string, unknown>) =>
  t.request(as, { method: 'POST', url: '/api/components', payload });
/** [old, new, reason] of each change of owner after the component was created, newest first. */
const ownerChanges = async (id: string) =>
  (await get(`/api/history?entityType=component&entityId=${id}`)).items
    .filter(
      (e: { action: string; field: string | null }) => e.action === 'update' && e.field === 'owner',
    )
    .map((e: { oldValue: unknown; newValue: unknown; reason: string | null }) => [
      e.oldValue,
      e.newValue,
      e.reason,
    ]);

describe('a person as the owner of a component', () => {
  it('takes user:<username> (with or without a namespace) and answers with ownerRef', async () => {
    const res = await create(f.admin, { name: 'carol-tool', owner: 'user:default/Carol' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ owner: 'carol', ownerRef: 'user:carol' });
    // A team as before: its bare name, or group:<name>.
    const team = await create(f.admin, { name: 'team-tool', owner: 'group:payments' });
    expect(team.json()).toMatchObject({ owner: 'payments', ownerRef: 'group:payments' });
    expect((await get('/api/components/default/payments-api')).component).toMatchObject({
      owner: 'payments',
      ownerRef: 'group:payments',
    });
  });

  it('refuses an unknown person or team, naming owner, and writes nothing', async () => {
    const before = (await get('/api/components?limit=1')).total;
    for (const [owner, reason] of [
      ['user:nobody', 'no person "nobody"'],
      ['group:nobody', 'no team "nobody"'],
      ['nobody', 'no team "nobody"'],
    ]) {
      const res = await create(f.admin, { name: 'orphan', owner });
      expect(res.statusCode, owner).toBe(400);
      expect(res.json().problems).toEqual([{ field: 'owner', reason }]);
    }
    expect((await get('/api/components?limit=1')).total).toBe(before);
  });

  it('records a change of owner from a team to a person and back in history', async () => {
    const patch = (owner: string) =>
      t.request(f.admin, {
        method: 'PATCH',
        url: '/api/components/default/team-tool',
        payload: { owner },
      });
    expect((await patch('user:dave')).json()).toMatchObject({
      owner: 'dave',
      ownerRef: 'user:dave',
    });
    const back = await patch('payments');
    expect(back.json()).toMatchObject({ owner: 'payments', ownerRef: 'group:payments' });
    expect(await ownerChanges(back.json().id)).toEqual([
      ['user:dave', 'payments', null],
      ['payments', 'user:dave', null],
    ]);
  });

  it('lets a member own a component themselves, but not give one to someone else', async () => {
    const own = await create(f.viewer, { name: 'daves-notes', owner: 'user:dave' });
    expect(own.statusCode, own.body).toBe(201);
    const page = await t.request(f.viewer, {
      method: 'GET',
      url: '/api/components/default/daves-notes',
    });
    expect(page.json().may).toMatchObject({ edit: true, delete: true, addVersion: true });
    const other = await create(f.viewer, { name: 'for-carol', owner: 'user:carol' });
    expect(other.statusCode).toBe(403);
    const handOver = await t.request(f.viewer, {
      method: 'PATCH',
      url: '/api/components/default/daves-notes',
      payload: { owner: 'user:carol' },
    });
    expect(handOver.statusCode).toBe(403);
    // Someone else may read it but not change it.
    const bobView = await t.request(f.owner, {
      method: 'GET',
      url: '/api/components/default/daves-notes',
    });
    expect(bobView.json().may).toMatchObject({ edit: false, delete: false });
    const bobEdit = await t.request(f.owner, {
      method: 'PATCH',
      url: '/api/components/default/daves-notes',
      payload: { title: 'mine now' },
    });
    expect(bobEdit.statusCode).toBe(403);
  });
});

describe('filters and facets over person owners', () => {
  const owners = async (query: string) =>
    (await get(`/api/components?${query}&limit=1000`)).items
      .map((c: { name: string }) => c.name)
      .sort();

  it("matches owner = '<username>' and counts persons in the owner facet", async () => {
    // The API answers from the facet index once it is loaded; without it, the database answers.
    await t.catalog.facetIndex.settled();
    const filter = "owner = 'dave'";
    const byIndex = await get(
      `/api/components?filter=${encodeURIComponent(filter)}&facets=owner&limit=1000`,
    );
    const byDatabase = await listComponents(t.database.db, {
      filter,
      facets: 'owner',
      limit: 1000,
    });
    for (const page of [byIndex, byDatabase]) {
      expect(page.items.map((c: { name: string }) => c.name)).toEqual(['daves-notes']);
      expect(page.facets!.owner).toEqual([{ value: 'dave', count: 1 }]);
    }
    const all = await get('/api/components?facets=owner&limit=1');
    expect(all.facets.owner).toContainEqual({ value: 'carol', count: 1 });
    expect(all.facets.owner).toContainEqual({ value: 'dave', count: 1 });
    expect(await owners(`filter=${encodeURIComponent("owner IN ('carol', 'web')")}`)).toEqual([
      'carol-tool',
      'storefront',
    ]);
  });
});

describe('renaming and removing the owner person', () => {
  const directoryUser = (username: string): DirectoryUser => ({
    dn: 'uid=frank,ou=people,dc=example',
    username,
    name: 'Frank',
    email: '',
    title: '',
    organization: '',
    department: '',
    officePhone: '',
    mobilePhone: '',
    employeeNumber: '',
    guid: 'f-1',
    managerDn: null,
    photo: '',
  });
  const sync = (username: string) =>
    syncDirectory(t.database.db, t.bus, t.system, {
      listUsers: async () => [directoryUser(username)],
    });

  it('follows a username the directory changes, in filters and history', async () => {
    expect((await sync('frank')).created).toBe(1);
    const made = await create(f.admin, { name: 'franks-job', owner: 'user:frank' });
    expect(made.statusCode, made.body).toBe(201);
    expect((await sync('franklin')).updated).toBe(1);
    expect((await get('/api/components/default/franks-job')).component).toMatchObject({
      owner: 'franklin',
      ownerRef: 'user:franklin',
    });
    const filtered = await get(
      `/api/components?filter=${encodeURIComponent("owner = 'franklin'")}&limit=10`,
    );
    expect(filtered.items.map((c: { name: string }) => c.name)).toEqual(['franks-job']);
    expect(await ownerChanges(made.json().id)).toEqual([
      ['user:frank', 'user:franklin', 'frank renamed to franklin by directory sync'],
    ]);
  });

  it('leaves the component without an owner when the person is removed, and says why', async () => {
    const id = (await get('/api/components/default/carol-tool')).component.id;
    const removed = await t.request(f.admin, { method: 'DELETE', url: '/api/people/carol' });
    expect(removed.statusCode, removed.body).toBe(204);
    expect((await get('/api/components/default/carol-tool')).component).toMatchObject({
      owner: null,
      ownerRef: null,
    });
    expect(await ownerChanges(id)).toEqual([['user:carol', null, 'carol removed']]);
    const filtered = await get(
      `/api/components?filter=${encodeURIComponent("owner = 'carol'")}&facets=owner&limit=10`,
    );
    expect(filtered.items).toEqual([]);
  });
});

describe('import and export of a person owner', () => {
  let client: TransferClient;
  beforeAll(async () => {
    client = await transferClient(t);
  });
  afterAll(() => client?.close());
  const transfer = (options: InjectOptions) => client.request(f.admin, options);

  it('reads user:<username> from an Argus JSON document and writes it back', async () => {
    const document = (components: object[]) => ({
      method: 'POST' as const,
      url: '/api/import/argus',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ format: 'argus', version: 1, exportedAt: '', components }),
    });
    const refused = await transfer(document([{ name: 'ghost-tool', owner: 'user:ghost' }]));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().problems).toEqual([
      { field: 'components[0].owner', reason: expect.stringContaining('"ghost"') },
    ]);
    const imported = await transfer(document([{ name: 'imported-tool', owner: 'user:Dave' }]));
    expect(imported.statusCode, imported.body).toBe(201);
    expect((await get('/api/components/default/imported-tool')).component).toMatchObject({
      owner: 'dave',
      ownerRef: 'user:dave',
    });
    const exported = await transfer({ method: 'GET', url: '/api/export/argus' });
    const owners = Object.fromEntries(
      exported
        .json()
        .components.map((c: { name: string; owner: string | null }) => [c.name, c.owner]),
    );
    expect(owners).toMatchObject({
      'imported-tool': 'user:dave',
      'daves-notes': 'user:dave',
      'payments-api': 'payments',
    });
  });

  it('carries it through a spreadsheet: exported as user:<username>, imported back unchanged', async () => {
    const csv = (await transfer({ method: 'GET', url: '/api/export/csv' })).body;
    const row = csv.split('\n').find((line) => line.startsWith('daves-notes,'));
    expect(row).toContain('user:dave');
    const again = await transfer({
      method: 'POST',
      url: '/api/import/spreadsheet',
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(again.statusCode, again.body).toBe(201);
    expect((await get('/api/components/default/daves-notes')).component.ownerRef).toBe('user:dave');
  });
});
