import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Requirement,
  RequirementLevel,
  RequirementSet,
} from '../../src/requirements/contract.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import {
  type RequirementsFixture,
  requirementsSnapshot,
  seedRequirements,
} from './requirements-fixture.js';

/** Admins define levels, sets and requirements (PRODUCT 2); everyone logged in reads them. */
let t: TestApp;
let f: RequirementsFixture;

beforeAll(async () => {
  t = await startTestApp();
  f = await seedRequirements(t);
});
afterAll(() => t.close());

const json = <T>(res: { json(): unknown }) => res.json() as T;

/** An admin deletes what `url` names; afterwards a reader no longer finds it. */
async function deletedByAdmin(url: string) {
  const gone = await t.request(f.admin, { method: 'DELETE', url });
  expect(gone.statusCode, gone.body).toBe(204);
  expect((await t.request(f.viewer, { method: 'GET', url })).statusCode).toBe(404);
}

/** A refusal: the status, the field the problem names, and nothing written. */
async function refused(
  options: Parameters<TestApp['request']>[1],
  status: number,
  field?: string,
  reason?: RegExp,
) {
  const before = await requirementsSnapshot(t);
  const res = await t.request(f.admin, options);
  expect(res.statusCode, res.body).toBe(status);
  if (field) {
    const problem = (res.json().problems as { field: string; reason: string }[]).find(
      (p) => p.field === field,
    );
    expect(problem, res.body).toBeDefined();
    if (reason) expect(problem!.reason).toMatch(reason);
  }
  expect(await requirementsSnapshot(t)).toEqual(before);
  return res;
}

describe('levels', () => {
  it('start as Bronze, Silver, Gold, lowest first, with how many requirements use each', async () => {
    const res = await t.request(f.viewer, { method: 'GET', url: '/api/requirement-levels' });
    expect(res.statusCode).toBe(200);
    const levels = json<RequirementLevel[]>(res);
    expect(levels.map((l) => [l.name, l.requirements])).toEqual([
      ['Bronze', 2],
      ['Silver', 3],
      ['Gold', 1],
    ]);
  });

  it('are added at a place in the ladder, renamed and reordered by admins', async () => {
    const added = await t.request(f.admin, {
      method: 'POST',
      url: '/api/requirement-levels',
      payload: { name: 'Platinum', color: '#e5e4e2', description: 'beyond gold' },
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(json<RequirementLevel>(added)).toMatchObject({ name: 'Platinum', position: 3 });

    const tin = await t.request(f.admin, {
      method: 'POST',
      url: '/api/requirement-levels',
      payload: { name: 'Tin', position: 0 },
    });
    expect(tin.statusCode).toBe(201);
    const names = async () =>
      json<RequirementLevel[]>(
        await t.request(f.viewer, { method: 'GET', url: '/api/requirement-levels' }),
      ).map((l) => `${l.position}:${l.name}`);
    expect(await names()).toEqual(['0:Tin', '1:Bronze', '2:Silver', '3:Gold', '4:Platinum']);

    const renamed = await t.request(f.admin, {
      method: 'PATCH',
      url: '/api/requirement-levels/platinum',
      payload: { name: 'Diamond', position: 1 },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await names()).toEqual(['0:Tin', '1:Diamond', '2:Bronze', '3:Silver', '4:Gold']);

    const ordered = await t.request(f.admin, {
      method: 'PUT',
      url: '/api/requirement-levels/order',
      payload: { levels: ['Tin', 'Bronze', 'Silver', 'Gold', 'Diamond'] },
    });
    expect(ordered.statusCode, ordered.body).toBe(200);
    expect(await names()).toEqual(['0:Tin', '1:Bronze', '2:Silver', '3:Gold', '4:Diamond']);

    // A requirement's level is named by its (new) name.
    const gold = json<Requirement>(
      await t.request(f.viewer, { method: 'GET', url: '/api/requirements/Penetration%20test' }),
    );
    expect(gold.level).toBe('Gold');
  });

  it('refuses a reorder that leaves a level out or names one twice', async () => {
    await refused(
      {
        method: 'PUT',
        url: '/api/requirement-levels/order',
        payload: { levels: ['Bronze', 'Silver', 'Gold'] },
      },
      400,
      'levels',
      /"Tin", "Diamond" missing/,
    );
    await refused(
      {
        method: 'PUT',
        url: '/api/requirement-levels/order',
        payload: { levels: ['Tin', 'Tin', 'Bronze', 'Silver', 'Gold', 'Diamond'] },
      },
      400,
      'levels[1]',
      /named twice/,
    );
  });

  it('refuses a second level of the same name, ignoring case', async () => {
    await refused(
      { method: 'POST', url: '/api/requirement-levels', payload: { name: 'silver' } },
      400,
      'name',
      /already/,
    );
  });

  it('refuses to delete a level in use, saying how many requirements use it', async () => {
    const res = await refused({ method: 'DELETE', url: '/api/requirement-levels/Silver' }, 409);
    expect(res.json().code).toBe('ARGUS_REQUIREMENTS_IN_USE');
    expect(res.json().detail).toMatch(/used by 3 requirements/);
  });

  it('deletes an unused level and closes the gap in the ladder', async () => {
    const res = await t.request(f.admin, { method: 'DELETE', url: '/api/requirement-levels/Tin' });
    expect(res.statusCode).toBe(204);
    const levels = json<RequirementLevel[]>(
      await t.request(f.viewer, { method: 'GET', url: '/api/requirement-levels' }),
    );
    expect(levels.map((l) => `${l.position}:${l.name}`)).toEqual([
      '0:Bronze',
      '1:Silver',
      '2:Gold',
      '3:Diamond',
    ]);
  });
});

describe('requirement sets', () => {
  it('are listed in order with reviewer teams, applicability and requirements', async () => {
    const res = await t.request(f.viewer, { method: 'GET', url: '/api/requirement-sets' });
    expect(res.statusCode).toBe(200);
    const sets = json<RequirementSet[]>(res);
    expect(sets.map((s) => [s.name, s.position, s.reviewerTeams, s.applicability])).toEqual([
      ['Security', 0, ['security'], null],
      ['Web', 1, ['security'], "type = 'website'"],
    ]);
    expect(sets[0]!.requirements.map((r) => r.title)).toEqual([
      'Threat model',
      'Secrets in a vault',
      'Dependency scanning',
      'Penetration test',
      'Incident runbook',
      'Access review',
    ]);
  });

  it('are defined with a documentation link, reviewer teams by name and a DSL filter', async () => {
    const res = await t.request(f.admin, {
      method: 'POST',
      url: '/api/requirement-sets',
      payload: {
        name: 'Operations',
        description: '**Run it**',
        docLink: 'https://wiki.example.com/ops',
        reviewerTeams: ['group:platform', 'web'],
        applicability: "lifecycle IN ('mature', 'legacy')",
        position: 0,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(json<RequirementSet>(res)).toMatchObject({
      name: 'Operations',
      position: 0,
      reviewerTeams: ['platform', 'web'],
      applicability: "lifecycle IN ('mature', 'legacy')",
      requirements: [],
    });
    const sets = json<RequirementSet[]>(
      await t.request(f.viewer, { method: 'GET', url: '/api/requirement-sets' }),
    );
    expect(sets.map((s) => s.name)).toEqual(['Operations', 'Security', 'Web']);
  });

  // Each refused with a 400 naming the field (and the reason, where given), nothing written.
  it.each([
    [
      'a filter that does not parse',
      'POST',
      '/api/requirement-sets',
      { name: 'Broken', applicability: "type = = 'x'" },
      'applicability',
      undefined,
    ],
    [
      'a filter naming an unknown field',
      'PATCH',
      '/api/requirement-sets/Security',
      { applicability: "colour = 'red'" },
      'applicability',
      /colour/,
    ],
    [
      'an unknown reviewer team',
      'POST',
      '/api/requirement-sets',
      { name: 'Nobody', reviewerTeams: ['security', 'ghosts'] },
      'reviewerTeams[1]',
      /no team "ghosts"/,
    ],
    [
      'an unsafe documentation link',
      'POST',
      '/api/requirement-sets',
      { name: 'Scripted', docLink: 'javascript:alert(1)' },
      'docLink',
      undefined,
    ],
  ] as const)('refuses %s', async (_, method, url, payload, field, reason) => {
    await refused({ method, url, payload }, 400, field, reason);
  });

  it('change reviewer teams and order, and an empty filter applies the set to every component', async () => {
    const res = await t.request(f.admin, {
      method: 'PATCH',
      url: '/api/requirement-sets/operations',
      payload: { reviewerTeams: ['platform'], applicability: '  ', position: 2 },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<RequirementSet>(res)).toMatchObject({
      reviewerTeams: ['platform'],
      applicability: null,
      position: 2,
    });
    const ordered = await t.request(f.admin, {
      method: 'PUT',
      url: '/api/requirement-sets/order',
      payload: { sets: ['Web', 'Security', 'Operations'] },
    });
    expect(ordered.statusCode, ordered.body).toBe(200);
    expect(json<RequirementSet[]>(ordered).map((s) => `${s.position}:${s.name}`)).toEqual([
      '0:Web',
      '1:Security',
      '2:Operations',
    ]);
  });

  it('refuses to delete the only set of a requirement, and deletes one that is not', async () => {
    const res = await refused({ method: 'DELETE', url: '/api/requirement-sets/Security' }, 409);
    expect(res.json().detail).toMatch(/only set of 6 requirements/);
    await deletedByAdmin('/api/requirement-sets/Operations');
  });
});

describe('requirements', () => {
  it('are defined with a Markdown description, a level by name and sets with positions', async () => {
    const res = await t.request(f.admin, {
      method: 'POST',
      url: '/api/requirements',
      payload: {
        title: 'Backups tested',
        description: 'Restore **monthly**',
        mandatory: true,
        level: 'bronze',
        sets: [{ set: 'Security', position: 1 }, { set: 'Web' }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = json<Requirement>(res);
    expect(created).toMatchObject({
      title: 'Backups tested',
      mandatory: true,
      level: 'Bronze',
    });
    expect(created.sets.map((s) => [s.name, s.position])).toEqual([
      ['Web', 1],
      ['Security', 1],
    ]);
    const security = json<Requirement[]>(
      await t.request(f.viewer, { method: 'GET', url: '/api/requirements?set=Security' }),
    );
    expect(security.map((r) => r.title).slice(0, 3)).toEqual([
      'Threat model',
      'Backups tested',
      'Secrets in a vault',
    ]);
  });

  it('refuses a requirement in no set, naming `sets`', async () => {
    await refused(
      { method: 'POST', url: '/api/requirements', payload: { title: 'Orphan', sets: [] } },
      400,
      'sets',
      /at least one set/,
    );
    await refused(
      { method: 'POST', url: '/api/requirements', payload: { title: 'Orphan' } },
      400,
      'sets',
    );
    await refused(
      { method: 'PATCH', url: '/api/requirements/Threat%20model', payload: { sets: [] } },
      400,
      'sets',
    );
  });

  it('refuses an unknown level or set and a duplicate title, naming the field', async () => {
    await refused(
      {
        method: 'POST',
        url: '/api/requirements',
        payload: { title: 'X', level: 'Mithril', sets: [{ set: 'Security' }] },
      },
      400,
      'level',
      /no level "Mithril"/,
    );
    await refused(
      {
        method: 'POST',
        url: '/api/requirements',
        payload: { title: 'X', sets: [{ set: 'Security' }, { set: 'Nope' }] },
      },
      400,
      'sets[1].set',
    );
    await refused(
      {
        method: 'POST',
        url: '/api/requirements',
        payload: { title: 'threat MODEL', sets: [{ set: 'Security' }] },
      },
      400,
      'title',
      /already/,
    );
  });

  it('move between sets and levels, with history of each change', async () => {
    const res = await t.request(f.admin, {
      method: 'PATCH',
      url: '/api/requirements/Backups%20tested',
      payload: { sets: [{ set: 'Web', position: 0 }], level: null, mandatory: false },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<Requirement>(res)).toMatchObject({
      level: null,
      mandatory: false,
      sets: [{ name: 'Web', position: 0 }],
    });
    const history = await t.request(f.admin, {
      method: 'GET',
      url: `/api/history?entityType=requirement&entityId=${json<Requirement>(res).id}`,
    });
    const fields = (history.json().items as { field: string; action: string }[]).map(
      (e) => `${e.action}:${e.field}`,
    );
    expect(fields).toEqual(
      expect.arrayContaining(['update:level', 'update:mandatory', 'update:sets', 'create:title']),
    );
  });

  it('are deleted by admins', async () => {
    await deletedByAdmin('/api/requirements/Backups%20tested');
  });
});
