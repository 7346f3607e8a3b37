import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComponentRights, TeamRights } from '../../src/catalog/contract.js';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { type CatalogFixture, seedCatalog } from '../helpers/catalog-fixture.js';

/**
 * `may` on the component page and on a team is a promise about the write routes: every action
 * it offers succeeds and every action it withholds is refused (403). Each person below gets a
 * component of their own, tries every write on it, and each answer is compared with `may`.
 */
let t: TestApp;
let f: CatalogFixture;
let parentMember: TestUser;
let otherTeam: TestUser;
let maintainer: TestUser;
let personOwner: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  f = await seedCatalog(t);
  parentMember = await t.user('erin', { teams: ['platform'] });
  otherTeam = await t.user('walt', { teams: ['web'] });
  maintainer = await t.user('mallory');
  personOwner = await t.user('pat');
});
afterAll(() => t.close());

type Who =
  | 'admin'
  | 'ownerMember'
  | 'parentMember'
  | 'otherTeam'
  | 'qaLead'
  | 'maintainer'
  | 'personOwner';
const people = (): Record<Who, TestUser> => ({
  admin: f.admin,
  ownerMember: f.owner,
  parentMember,
  otherTeam,
  qaLead: f.qaLead,
  maintainer,
  personOwner,
});

/** True when the write was done, false when refused as forbidden; anything else fails. */
async function allowed(as: TestUser, options: InjectOptions): Promise<boolean> {
  const res = await t.request(as, options);
  if (res.statusCode === 403) return false;
  expect(res.statusCode, `${options.method} ${options.url}: ${res.body}`).toBeLessThan(300);
  return true;
}

/**
 * A component owned by payments (by pat himself for `personOwner`): 1.0 (QA lead carol,
 * maintainer mallory, one deployment), 2.0.
 */
async function componentFor(who: Who) {
  const name = `rights-${who.toLowerCase()}`;
  const ctx = t.system;
  const owner = who === 'personOwner' ? 'user:pat' : 'payments';
  await t.catalog.createComponent(ctx, { name, namespace: 'default', owner });
  await t.catalog.createComponent(ctx, { name: `${name}-target`, namespace: 'default' });
  await t.catalog.createVersion(ctx, name, {
    version: '1.0',
    people: { qa_lead: ['carol'], maintainer: ['mallory'] },
  });
  await t.catalog.createVersion(ctx, name, { version: '2.0' });
  const deployed = await t.catalog.addDeployment(ctx, name, '1.0', { serviceName: 'svc' });
  const dependsOn = await t.catalog.addDependency(ctx, {
    from: name,
    to: 'ledger-db',
    type: 'weak_ro',
    notes: '',
  });
  // storefront belongs to team web: its members may remove this one, not the owners of `name`.
  const dependent = await t.catalog.addDependency(ctx, {
    from: 'storefront',
    to: name,
    type: 'weak_ro',
    notes: '',
  });
  return {
    name,
    url: `/api/components/default/${name}`,
    deployment: deployed.deployments[0]!.id,
    dependsOn,
    dependent,
  };
}

describe('component page `may` equals what the writes allow', () => {
  const versionFields: [string, Record<string, unknown>][] = [
    ['qa', { qa: { unit: { rating: 'high', notes: 'ok' } } }],
    ['kloc', { kloc: 3 }],
    ['releaseNotes', { releaseNotes: 'changed' }],
    ['people', { people: { expert: ['dave'] } }],
  ];

  for (const who of [
    'admin',
    'ownerMember',
    'parentMember',
    'otherTeam',
    'qaLead',
    'maintainer',
    'personOwner',
  ] as Who[]) {
    it(`${who}`, async () => {
      const as = people()[who];
      const c = await componentFor(who);
      const page = await t.request(as, { method: 'GET', url: c.url });
      expect(page.statusCode).toBe(200);
      const may = page.json().may as ComponentRights;
      expect(page.json().canEdit).toBe(may.edit);
      const actual: Record<string, unknown> = {};

      actual.edit = await allowed(as, { method: 'PATCH', url: c.url, payload: { title: 'x' } });
      for (const version of ['1.0', '2.0']) {
        const editable: string[] = [];
        for (const [field, payload] of versionFields) {
          const url = `${c.url}/versions/${version}`;
          if (await allowed(as, { method: 'PATCH', url, payload })) editable.push(field);
        }
        actual[`edit ${version}`] = editable;
      }
      actual.addDeployment = await allowed(as, {
        method: 'POST',
        url: `${c.url}/versions/2.0/deployments`,
        payload: { serviceName: 'new' },
      });
      actual.removeDeployment = await allowed(as, {
        method: 'DELETE',
        url: `${c.url}/deployments/${c.deployment}`,
      });
      actual.addVersion = await allowed(as, {
        method: 'POST',
        url: `${c.url}/versions`,
        payload: { version: '3.0' },
      });
      actual.addDependency = await allowed(as, {
        method: 'POST',
        url: '/api/dependencies',
        payload: { from: c.name, to: `${c.name}-target`, type: 'weak_ro' },
      });
      const removed: string[] = [];
      for (const d of [c.dependsOn, c.dependent])
        if (await allowed(as, { method: 'DELETE', url: `/api/dependencies/${d.id}` }))
          removed.push(d.id);
      actual.removeDependencies = removed;
      actual.deleteVersion = await allowed(as, { method: 'DELETE', url: `${c.url}/versions/2.0` });
      actual.delete = await allowed(as, { method: 'DELETE', url: c.url });

      const offered = (version: string) =>
        versionFields
          .map(([field]) => field)
          .filter((k) => may.versions[version]!.edit.includes(k));
      expect(actual).toEqual({
        edit: may.edit,
        'edit 1.0': offered('1.0'),
        'edit 2.0': offered('2.0'),
        addDeployment: may.versions['2.0']!.deployments,
        removeDeployment: may.versions['1.0']!.deployments,
        addVersion: may.addVersion,
        addDependency: may.addDependency,
        removeDependencies: may.removeDependencies,
        deleteVersion: may.versions['2.0']!.delete,
        delete: may.delete,
      });

      // And `may` says what PRODUCT 1.2 says each of them may do (so the comparison is not empty).
      const owner =
        who === 'admin' || who === 'ownerMember' || who === 'parentMember' || who === 'personOwner';
      expect(may.edit).toBe(owner);
      expect(actual['edit 1.0']).toEqual(
        owner
          ? ['qa', 'kloc', 'releaseNotes', 'people']
          : { qaLead: ['qa'], maintainer: ['kloc', 'releaseNotes'], otherTeam: [] }[who],
      );
      expect(actual['edit 2.0']).toEqual(owner ? versionFields.map(([k]) => k) : []);
      expect(may.removeDependencies).toEqual(
        who === 'admin'
          ? [c.dependsOn.id, c.dependent.id]
          : owner
            ? [c.dependsOn.id]
            : who === 'otherTeam'
              ? [c.dependent.id]
              : [],
      );
    });
  }

  it('offers nothing to someone not logged in (a public-read catalog)', async () => {
    const page = await t.catalog.componentPage('storefront', null);
    expect(page.may).toEqual({
      edit: false,
      delete: false,
      addVersion: false,
      addDependency: false,
      removeDependencies: [],
      versions: {},
    });
  });
});

describe('team `may` equals what the team writes allow', () => {
  for (const who of ['admin', 'ownerMember', 'parentMember', 'otherTeam'] as Who[]) {
    it(`${who}`, async () => {
      const as = people()[who];
      const name = `team-${who.toLowerCase()}`;
      await t.catalog.createTeam(t.system, { name, parent: 'payments' });
      const url = `/api/teams/${name}`;
      const page = await t.request(as, { method: 'GET', url });
      expect(page.statusCode).toBe(200);
      const may = page.json().may as TeamRights;
      const actual = {
        edit: await allowed(as, { method: 'PATCH', url, payload: { description: 'changed' } }),
        move: await allowed(as, { method: 'PATCH', url, payload: { parent: 'web' } }),
        delete: await allowed(as, { method: 'DELETE', url }),
      };
      expect(actual).toEqual(may);
      // payments' members are members of the sub-team too; walt (team web) is not.
      expect(may).toEqual({
        edit: who !== 'otherTeam',
        move: who === 'admin',
        delete: who === 'admin',
      });
    });
  }
});
