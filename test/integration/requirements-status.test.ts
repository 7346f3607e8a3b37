import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../src/platform/bus.js';
import type { Exemption, RequirementState, SetExclusion } from '../../src/requirements/contract.js';
import { RequirementsService } from '../../src/requirements/service.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import {
  type RequirementsFixture,
  requirementsSnapshot,
  seedRequirements,
} from './requirements-fixture.js';

/**
 * The two sides of a requirement's status on a version, set exclusions and exemptions
 * (PRODUCT 2), through the HTTP API as the component page and the reviewer use them.
 */
let t: TestApp;
let f: RequirementsFixture;
const events: ChangeEvent[] = [];

beforeAll(async () => {
  t = await startTestApp();
  f = await seedRequirements(t);
  t.bus.subscribe((event) => events.push(event));
});
afterAll(() => t.close());

const V = '/api/components/default/payments-api/versions/1.0';
const id = (title: string) => f.requirements[title]!.id;
const statusUrl = (title: string, side: 'owner' | 'review') =>
  `${V}/requirements/${id(title)}/${side}`;

async function historyOf(entityType: string, reason?: string) {
  const res = await t.request(f.admin, {
    method: 'GET',
    url: `/api/history?ref=${encodeURIComponent('component:default/payments-api')}&entityType=${entityType}`,
  });
  const items = res.json().items as {
    field: string | null;
    oldValue: unknown;
    newValue: unknown;
    reason: string | null;
    actor: string;
  }[];
  return reason === undefined ? items : items.filter((e) => e.reason === reason);
}

describe('owner readiness and reviewer sign-off', () => {
  it('derives the overall status from both sides and records who set each and when', async () => {
    const ready = await t.request(f.owner, {
      method: 'PUT',
      url: statusUrl('Threat model', 'owner'),
      payload: { status: 'ready', notes: 'model in the wiki' },
    });
    expect(ready.statusCode, ready.body).toBe(200);
    const waiting = ready.json() as RequirementState;
    expect(waiting).toMatchObject({
      component: 'component:default/payments-api',
      version: '1.0',
      owner: { status: 'ready', notes: 'model in the wiki', setBy: { username: 'bob' } },
      reviewer: { status: 'unknown', setBy: null, reset: null },
      overall: 'waiting',
    });
    expect(Date.parse(waiting.owner.setAt!)).not.toBeNaN();

    const approved = await t.request(f.reviewer, {
      method: 'PUT',
      url: statusUrl('Threat model', 'review'),
      payload: { status: 'approved', notes: 'looks complete' },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({
      owner: { status: 'ready' },
      reviewer: { status: 'approved', notes: 'looks complete', setBy: { username: 'rita' } },
      overall: 'ok',
    });
  });

  it('resets the sign-off to unknown when the owner changes readiness, with the reason in history', async () => {
    const changed = await t.request(f.owner, {
      method: 'PUT',
      url: statusUrl('Threat model', 'owner'),
      payload: { status: 'not_ready' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const state = changed.json() as RequirementState;
    expect(state.owner).toMatchObject({ status: 'not_ready', notes: 'model in the wiki' });
    expect(state.reviewer.status).toBe('unknown');
    expect(state.reviewer.reset).toMatchObject({
      reason: 'owner readiness changed from ready to not_ready',
      by: { username: 'bob' },
    });
    expect(state.overall).toBe('not_ready');

    const reset = await historyOf(
      'requirement_status',
      'owner readiness changed from ready to not_ready',
    );
    expect(reset).toEqual([
      expect.objectContaining({
        field: 'reviewerStatus',
        oldValue: 'approved',
        newValue: 'unknown',
        actor: 'bob',
      }),
    ]);
  });

  it('keeps the sign-off when only the notes change, and after a new sign-off shows no reset', async () => {
    await t.request(f.owner, {
      method: 'PUT',
      url: statusUrl('Threat model', 'owner'),
      payload: { status: 'ready' },
    });
    await t.request(f.reviewer, {
      method: 'PUT',
      url: statusUrl('Threat model', 'review'),
      payload: { status: 'rejected', notes: 'missing data flows' },
    });
    const notes = await t.request(f.owner, {
      method: 'PUT',
      url: statusUrl('Threat model', 'owner'),
      payload: { status: 'ready', notes: 'added data flows' },
    });
    expect(notes.json()).toMatchObject({
      owner: { status: 'ready', notes: 'added data flows' },
      reviewer: { status: 'rejected', reset: null },
      overall: 'not_approved',
    });
  });

  it('refuses a status of the other side, naming the field, and writes nothing', async () => {
    const before = await requirementsSnapshot(t);
    const na = await t.request(f.reviewer, {
      method: 'PUT',
      url: statusUrl('Secrets in a vault', 'review'),
      payload: { status: 'n/a' },
    });
    expect(na.statusCode).toBe(400);
    expect(na.json().problems).toEqual([
      expect.objectContaining({
        field: 'status',
        reason: expect.stringMatching(/n\/a is for owners/),
      }),
    ]);
    const approving = await t.request(f.owner, {
      method: 'PUT',
      url: statusUrl('Secrets in a vault', 'owner'),
      payload: { status: 'approved' },
    });
    expect(approving.statusCode).toBe(400);
    expect(approving.json().problems[0].field).toBe('status');
    expect(await requirementsSnapshot(t)).toEqual(before);
  });

  it('refuses a requirement of a set that does not apply to the component', async () => {
    const before = await requirementsSnapshot(t);
    const res = await t.request(f.owner, {
      method: 'PUT',
      url: `${V}/requirements/Content%20security%20policy/owner`,
      payload: { status: 'ready' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().problems[0]).toMatchObject({ field: 'requirement' });
    expect(await requirementsSnapshot(t)).toEqual(before);
  });

  it('answers 404 for an unknown version or requirement', async () => {
    const version = await t.request(f.owner, {
      method: 'PUT',
      url: `/api/components/default/payments-api/versions/9.9/requirements/${id('Threat model')}/owner`,
      payload: { status: 'ready' },
    });
    expect(version.statusCode).toBe(404);
    const requirement = await t.request(f.owner, {
      method: 'PUT',
      url: `${V}/requirements/No%20such%20thing/owner`,
      payload: { status: 'ready' },
    });
    expect(requirement.statusCode).toBe(404);
  });

  it('records an admin acting on a side they hold no place on as an admin action', async () => {
    const res = await t.request(f.admin, {
      method: 'PUT',
      url: statusUrl('Access review', 'review'),
      payload: { status: 'approved' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const asAdmin = await historyOf('requirement_status', 'as admin');
    expect(asAdmin).toEqual([
      expect.objectContaining({ field: 'reviewerStatus', newValue: 'approved', actor: 'alice' }),
    ]);
    // The owner's people act in their own right: no such reason.
    const owner = await historyOf('requirement_status');
    expect(owner.filter((e) => e.actor === 'bob').every((e) => e.reason !== 'as admin')).toBe(true);
  });

  it('publishes requirement-status events naming the version, after commit', async () => {
    events.length = 0;
    await t.request(f.owner, {
      method: 'PUT',
      url: statusUrl('Incident runbook', 'owner'),
      payload: { status: 'n/a' },
    });
    expect(events).toEqual([
      expect.objectContaining({
        type: 'requirement-status',
        ref: 'default/payments-api@1.0',
        action: 'update',
      }),
    ]);
    events.length = 0;
    await t.request(f.viewer, {
      method: 'PUT',
      url: statusUrl('Incident runbook', 'owner'),
      payload: { status: 'ready' },
    });
    expect(events).toEqual([]);
  });
});

describe('a set not applicable for a version', () => {
  const url = `${V}/requirement-sets/Security/exclusion`;

  it('needs a reason', async () => {
    const before = await requirementsSnapshot(t);
    const res = await t.request(f.owner, { method: 'PUT', url, payload: { reason: '  ' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().problems[0].field).toBe('reason');
    expect(await requirementsSnapshot(t)).toEqual(before);
  });

  it('is marked by the owner side with a reason, and undone', async () => {
    const res = await t.request(f.qaLead, {
      method: 'PUT',
      url,
      payload: { reason: 'internal tool, no external exposure' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json() as SetExclusion).toMatchObject({
      set: { name: 'Security' },
      reason: 'internal tool, no external exposure',
      setBy: { username: 'carol' },
    });
    const undo = await t.request(f.owner, { method: 'DELETE', url });
    expect(undo.statusCode).toBe(204);
    const again = await t.request(f.owner, { method: 'DELETE', url });
    expect(again.statusCode).toBe(404);
    const history = await historyOf('requirement_set_exclusion');
    expect(history.map((e) => [e.field, e.newValue, e.actor])).toEqual([
      ['reason', null, 'bob'],
      ['reason', 'internal tool, no external exposure', 'carol'],
    ]);
  });

  it('refuses a set that does not apply to the component', async () => {
    const res = await t.request(f.owner, {
      method: 'PUT',
      url: `${V}/requirement-sets/Web/exclusion`,
      payload: { reason: 'not a website' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().problems[0].field).toBe('set');
  });
});

describe('exemptions', () => {
  const url = '/api/components/default/payments-api/exemptions';

  it('refuse a past expiry and a missing reason, naming the field', async () => {
    const before = await requirementsSnapshot(t);
    const past = await t.request(f.owner, {
      method: 'POST',
      url,
      payload: {
        requirement: 'Penetration test',
        reason: 'vendor booked',
        expiresAt: '2001-01-01',
      },
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().problems[0]).toMatchObject({ field: 'expiresAt' });
    const noReason = await t.request(f.owner, {
      method: 'POST',
      url,
      payload: { requirement: 'Penetration test', expiresAt: '2099-01-01' },
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().problems[0].field).toBe('reason');
    expect(await requirementsSnapshot(t)).toEqual(before);
  });

  it('are requested by the owner side and approved by a reviewer, once at a time', async () => {
    const requested = await t.request(f.owner, {
      method: 'POST',
      url,
      payload: {
        requirement: 'Penetration test',
        reason: 'vendor booked for Q3',
        expiresAt: '2099-01-01',
      },
    });
    expect(requested.statusCode, requested.body).toBe(201);
    const exemption = requested.json() as Exemption;
    expect(exemption).toMatchObject({
      state: 'requested',
      active: false,
      requirement: { title: 'Penetration test' },
      requestedBy: { username: 'bob' },
      expiresAt: '2099-01-02T00:00:00.000Z',
      may: { decide: false, revoke: false },
    });
    const twice = await t.request(f.owner, {
      method: 'POST',
      url,
      payload: { requirement: 'Penetration test', reason: 'again', expiresAt: '2099-01-01' },
    });
    expect(twice.statusCode).toBe(409);

    const seen = await t.request(f.reviewer, {
      method: 'GET',
      url: `/api/exemptions/${exemption.id}`,
    });
    expect(seen.json().may).toEqual({ decide: true, revoke: false });
    const approved = await t.request(f.reviewer, {
      method: 'POST',
      url: `/api/exemptions/${exemption.id}/approve`,
      payload: { notes: 'ok until the test' },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({
      state: 'approved',
      active: true,
      decidedBy: { username: 'rita' },
      decisionNotes: 'ok until the test',
      may: { decide: false, revoke: true },
    });
    const denyNow = await t.request(f.reviewer, {
      method: 'POST',
      url: `/api/exemptions/${exemption.id}/deny`,
      payload: {},
    });
    expect(denyNow.statusCode).toBe(409);

    const list = await t.request(f.viewer, { method: 'GET', url });
    expect((list.json() as Exemption[]).map((e) => [e.requirement.title, e.state])).toEqual([
      ['Penetration test', 'approved'],
    ]);
  });

  it('an approved one counts as n/a on every version until it is revoked', async () => {
    const state = async () =>
      (
        await t.request(f.owner, {
          method: 'PUT',
          url: statusUrl('Penetration test', 'owner'),
          payload: { status: 'not_ready' },
        })
      ).json() as RequirementState;
    const exempted = await state();
    expect(exempted).toMatchObject({ overall: 'not_ready', effective: 'n/a' });
    expect(exempted.exemption).toMatchObject({ state: 'approved', active: true });

    const revoked = await t.request(f.reviewer, {
      method: 'POST',
      url: `/api/exemptions/${exempted.exemption!.id}/revoke`,
      payload: { notes: 'test was done' },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ state: 'revoked', active: false });
    expect(await state()).toMatchObject({ effective: 'not_ready', exemption: null });

    const steps = await historyOf('requirement_exemption');
    expect(steps.filter((e) => e.field === 'state').map((e) => e.newValue)).toEqual([
      'revoked',
      'approved',
      'requested',
    ]);
  });
});

describe('exemptions on the service clock', () => {
  it('hold until the instant they expire, and an expired one can no longer be revoked', async () => {
    let now = new Date('2031-03-01T12:00:00.000Z');
    const service = new RequirementsService(t.database.db, t.bus, () => now);
    const component = { namespace: 'default', name: 'payments-api' };
    await expect(
      service.requestExemption(t.system, component, {
        requirement: 'Access review',
        reason: 'reorg',
        expiresAt: '2031-03-01T11:59:59Z',
      }),
    ).rejects.toMatchObject({ status: 400, problems: [{ field: 'expiresAt' }] });

    const requested = await service.requestExemption(t.system, component, {
      requirement: 'Access review',
      reason: 'reorg',
      expiresAt: '2031-03-31',
    });
    expect(requested.requestedAt).toBe('2031-03-01T12:00:00.000Z');
    const approved = await service.decideExemption(t.system, requested.id, 'approve', {
      notes: '',
    });
    expect(approved).toMatchObject({ active: true, decidedAt: '2031-03-01T12:00:00.000Z' });

    now = new Date('2031-03-31T23:59:59.999Z');
    expect((await service.getExemption(null, requested.id)).active).toBe(true);
    now = new Date('2031-04-01T00:00:00.000Z');
    const expired = await service.getExemption(null, requested.id);
    expect(expired).toMatchObject({ state: 'approved', active: false });
    await expect(
      service.decideExemption(t.system, requested.id, 'revoke', { notes: '' }),
    ).rejects.toMatchObject({ status: 409 });
    // A new request is possible once the old one no longer holds.
    const renewed = await service.requestExemption(t.system, component, {
      requirement: 'Access review',
      reason: 'reorg, still',
      expiresAt: '2031-06-30',
    });
    expect(renewed.state).toBe('requested');
  });
});
