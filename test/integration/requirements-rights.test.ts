import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import {
  type RequirementsFixture,
  requirementsSnapshot,
  seedRequirements,
} from './requirements-fixture.js';

/**
 * The rights matrix of issue 7: every role against every action on requirements. An action is
 * either done (2xx) or refused, 401 for someone not logged in and 403 for the rest, and a refused
 * one writes nothing at all (no row, no history).
 */
let t: TestApp;
let f: RequirementsFixture;
let roleHolder: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  f = await seedRequirements(t);
  roleHolder = await t.user('quinn');
});
afterAll(() => t.close());

const ROLES = ['anonymous', 'member', 'ownerMember', 'roleHolder', 'reviewer', 'admin'] as const;
type Role = (typeof ROLES)[number];

const as = (role: Role): TestUser | null =>
  ({
    anonymous: null,
    member: f.viewer,
    ownerMember: f.owner,
    roleHolder,
    reviewer: f.reviewer,
    admin: f.admin,
  })[role];

interface Action {
  name: string;
  /** Who may do it (every role not listed is refused). */
  allowed: readonly Role[];
  /** Puts in place what the action needs (as Argus itself) and answers the request to make. */
  prepare(role: Role, component: string): Promise<InjectOptions>;
}

const OWNER_SIDE: Role[] = ['ownerMember', 'roleHolder', 'admin'];
const REVIEWER_SIDE: Role[] = ['reviewer', 'admin'];
const ADMINS: Role[] = ['admin'];
const EVERYONE: Role[] = ['member', 'ownerMember', 'roleHolder', 'reviewer', 'admin'];

const version = (component: string) => `/api/components/default/${component}/versions/1.0`;
const req = (title: string) => f.requirements[title]!.id;

/** An exemption of the component from `title`, requested (and approved) as Argus itself. */
async function exemption(component: string, title: string, approve: boolean): Promise<string> {
  const requested = await f.service.requestExemption(
    t.system,
    { namespace: 'default', name: component },
    { requirement: title, reason: 'rights matrix', expiresAt: '2099-12-31' },
  );
  if (approve) await f.service.decideExemption(t.system, requested.id, 'approve', { notes: '' });
  return requested.id;
}

const ACTIONS: Action[] = [
  {
    name: 'read the sets',
    allowed: EVERYONE,
    prepare: async () => ({ method: 'GET', url: '/api/requirement-sets' }),
  },
  {
    name: 'create a level',
    allowed: ADMINS,
    prepare: async (role) => ({
      method: 'POST',
      url: '/api/requirement-levels',
      payload: { name: `Level ${role}` },
    }),
  },
  {
    name: 'rename a level',
    allowed: ADMINS,
    prepare: async (role) => {
      await f.service.createLevel(t.system, { name: `Old ${role}` });
      return {
        method: 'PATCH',
        url: `/api/requirement-levels/Old%20${role}`,
        payload: { name: `New ${role}` },
      };
    },
  },
  {
    name: 'reorder the levels',
    allowed: ADMINS,
    prepare: async () => {
      const levels = await f.service.listLevels();
      return {
        method: 'PUT',
        url: '/api/requirement-levels/order',
        payload: { levels: levels.map((l) => l.name).reverse() },
      };
    },
  },
  {
    name: 'delete a level',
    allowed: ADMINS,
    prepare: async (role) => {
      await f.service.createLevel(t.system, { name: `Doomed ${role}` });
      return { method: 'DELETE', url: `/api/requirement-levels/Doomed%20${role}` };
    },
  },
  {
    name: 'create a set',
    allowed: ADMINS,
    prepare: async (role) => ({
      method: 'POST',
      url: '/api/requirement-sets',
      payload: { name: `Set ${role}`, reviewerTeams: ['security'] },
    }),
  },
  {
    name: 'change a set',
    allowed: ADMINS,
    prepare: async () => ({
      method: 'PATCH',
      url: '/api/requirement-sets/Security',
      payload: { description: 'changed' },
    }),
  },
  {
    name: 'delete a set',
    allowed: ADMINS,
    prepare: async (role) => {
      await f.service.createSet(t.system, { name: `Empty ${role}` });
      return { method: 'DELETE', url: `/api/requirement-sets/Empty%20${role}` };
    },
  },
  {
    name: 'create a requirement',
    allowed: ADMINS,
    prepare: async (role) => ({
      method: 'POST',
      url: '/api/requirements',
      payload: { title: `Requirement ${role}`, sets: [{ set: 'Security' }] },
    }),
  },
  {
    name: 'change a requirement',
    allowed: ADMINS,
    prepare: async (role) => ({
      method: 'PATCH',
      url: `/api/requirements/${req('Threat model')}`,
      payload: { description: `changed by ${role}` },
    }),
  },
  {
    name: 'delete a requirement',
    allowed: ADMINS,
    prepare: async (role) => {
      const r = await f.service.createRequirement(t.system, {
        title: `Short-lived ${role}`,
        sets: [{ set: 'Web' }],
      });
      return { method: 'DELETE', url: `/api/requirements/${r.id}` };
    },
  },
  {
    name: 'set owner readiness',
    allowed: OWNER_SIDE,
    prepare: async (_role, component) => ({
      method: 'PUT',
      url: `${version(component)}/requirements/${req('Incident runbook')}/owner`,
      payload: { status: 'ready', notes: 'runbook linked' },
    }),
  },
  {
    name: 'sign off',
    allowed: REVIEWER_SIDE,
    prepare: async (_role, component) => ({
      method: 'PUT',
      url: `${version(component)}/requirements/${req('Access review')}/review`,
      payload: { status: 'approved' },
    }),
  },
  {
    name: 'mark a set not applicable',
    allowed: OWNER_SIDE,
    prepare: async (_role, component) => ({
      method: 'PUT',
      url: `${version(component)}/requirement-sets/Security/exclusion`,
      payload: { reason: 'prototype' },
    }),
  },
  {
    name: 'undo a set marked not applicable',
    allowed: OWNER_SIDE,
    prepare: async (_role, component) => {
      await f.service.excludeSet(
        t.system,
        { namespace: 'default', name: component, version: '1.0' },
        'Security',
        { reason: 'set up by the test' },
      );
      return { method: 'DELETE', url: `${version(component)}/requirement-sets/Security/exclusion` };
    },
  },
  {
    name: 'request an exemption',
    allowed: OWNER_SIDE,
    prepare: async (_role, component) => ({
      method: 'POST',
      url: `/api/components/default/${component}/exemptions`,
      payload: { requirement: 'Penetration test', reason: 'booked', expiresAt: '2099-06-30' },
    }),
  },
  {
    name: 'approve an exemption',
    allowed: REVIEWER_SIDE,
    prepare: async (_role, component) => ({
      method: 'POST',
      url: `/api/exemptions/${await exemption(component, 'Threat model', false)}/approve`,
      payload: { notes: 'fine' },
    }),
  },
  {
    name: 'deny an exemption',
    allowed: REVIEWER_SIDE,
    prepare: async (_role, component) => ({
      method: 'POST',
      url: `/api/exemptions/${await exemption(component, 'Secrets in a vault', false)}/deny`,
      payload: { notes: 'no' },
    }),
  },
  {
    name: 'revoke an exemption',
    allowed: REVIEWER_SIDE,
    prepare: async (_role, component) => ({
      method: 'POST',
      url: `/api/exemptions/${await exemption(component, 'Dependency scanning', true)}/revoke`,
      payload: { notes: 'done' },
    }),
  },
];

/** A component of its own for each role: owned by payments, quinn holding a role on 1.0. */
async function componentFor(role: Role): Promise<string> {
  const name = `req-${role.toLowerCase()}`;
  await t.catalog.createComponent(t.system, { name, namespace: 'default', owner: 'payments' });
  await t.catalog.createVersion(t.system, name, {
    version: '1.0',
    people: { maintainer: ['quinn'] },
  });
  return name;
}

describe.each(ROLES)('%s', (role) => {
  it('may do exactly what the rights allow, and a refusal writes nothing', async () => {
    const component = await componentFor(role);
    const outcome: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const action of ACTIONS) {
      const request = await action.prepare(role, component);
      const before = await requirementsSnapshot(t);
      const res = await t.request(as(role), request);
      const allowed = action.allowed.includes(role as never);
      outcome[action.name] = res.statusCode < 300 ? 200 : res.statusCode;
      expected[action.name] = allowed ? 200 : role === 'anonymous' ? 401 : 403;
      if (res.statusCode >= 300) {
        expect(await requirementsSnapshot(t), `${action.name} refused but wrote`).toEqual(before);
      } else if (request.method !== 'GET') {
        expect(await requirementsSnapshot(t), `${action.name} done but wrote nothing`).not.toEqual(
          before,
        );
      }
    }
    expect(outcome).toEqual(expected);
  });
});

it('an owner-side person stands only on their own component, a reviewer only where the set applies', async () => {
  // bob owns payments' components, not storefront (team web); rita reviews Web, which applies
  // to websites only.
  const storefront = await t.request(f.owner, {
    method: 'PUT',
    url: `/api/components/default/storefront/versions/0.3.0/requirements/${req('Threat model')}/owner`,
    payload: { status: 'ready' },
  });
  expect(storefront.statusCode).toBe(403);
  const web = f.web.requirements[0]!;
  const notApplicable = await t.request(f.reviewer, {
    method: 'PUT',
    url: `/api/components/default/payments-api/versions/1.0/requirements/${web.id}/review`,
    payload: { status: 'approved' },
  });
  expect(notApplicable.statusCode).toBe(400);
});
