import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequirementViews } from '../../src/requirements/views.js';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { type CatalogFixture, seedCatalog } from '../helpers/catalog-fixture.js';

// The read side of requirements (PRODUCT 2, issue 7): a version's status view, a set's
// dashboard, a team's scorecard and a reviewer's queue, computed on read from what owners and
// reviewers set through the API.
let t: TestApp;
let f: CatalogFixture;
/** Member of security, the reviewer team of the Security set. */
let erin: TestUser;
/** Member of sre, the reviewer team of the Operations set. */
let frank: TestUser;
const ids: Record<string, string> = {};

const V = '/api/components/default/payments-api/versions';

async function call(as: TestUser | null, method: string, url: string, payload?: unknown) {
  const res = await t.request(as, {
    method: method as 'GET',
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return res;
}
async function ok(as: TestUser | null, method: string, url: string, payload?: unknown) {
  const res = await call(as, method, url, payload);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.statusCode === 204 ? undefined : res.json();
}
const owner = (version: string, requirement: string, status: string, notes?: string) =>
  ok(f.owner, 'PUT', `${V}/${version}/requirements/${ids[requirement]}/owner`, { status, notes });
const review = (as: TestUser, version: string, requirement: string, status: string) =>
  ok(as, 'PUT', `${V}/${version}/requirements/${ids[requirement]}/review`, { status });

interface StateView {
  requirement: { id: string; title: string };
  owner: { status: string; notes: string; setBy: { username: string } | null };
  reviewer: {
    status: string;
    setBy: { username: string } | null;
    reset: { reason: string; by: { username: string } | null } | null;
  };
  overall: string;
  effective: string;
  exemption: { state: string; active: boolean } | null;
  may: { owner: boolean; review: boolean };
}
interface SetView {
  name: string;
  exclusion: { reason: string; setBy: { username: string } | null } | null;
  may: { exclude: boolean; review: boolean };
  requirements: StateView[];
}
const statusOf = async (as: TestUser, version = '1.10') =>
  (await ok(as, 'GET', `${V}/${version}/requirements`)) as {
    version: string;
    latest: boolean;
    sets: SetView[];
    level: {
      reached: { name: string } | null;
      next: { name: string } | null;
      missing: { requirement: { title: string }; set: string; effective: string }[];
    };
    scores: {
      applicable: number;
      readiness: number;
      signOff: number;
      qa: number | null;
      completeness: number;
    };
    may: { owner: boolean };
  };
const requirementIn = (view: { sets: SetView[] }, title: string) =>
  view.sets.flatMap((s) => s.requirements).find((r) => r.requirement.title === title)!;

beforeAll(async () => {
  t = await startTestApp();
  f = await seedCatalog(t);
  await t.catalog.createTeam(t.system, { name: 'security', title: 'Security experts' });
  await t.catalog.createTeam(t.system, { name: 'sre', title: 'SRE' });
  erin = await t.user('erin', { teams: ['security'] });
  frank = await t.user('frank', { teams: ['sre'] });
  // Security applies to critical components (payments-api, ledger-db), Operations to all.
  await ok(f.admin, 'POST', '/api/requirement-sets', {
    name: 'Security',
    reviewerTeams: ['security'],
    applicability: 'tags = "critical"',
    position: 0,
  });
  await ok(f.admin, 'POST', '/api/requirement-sets', {
    name: 'Operations',
    reviewerTeams: ['sre'],
    position: 1,
  });
  for (const [title, set, level] of [
    ['TLS everywhere', 'Security', 'Bronze'],
    ['Secrets in a vault', 'Security', 'Silver'],
    ['Backups', 'Operations', 'Bronze'],
    ['Runbook', 'Operations', 'Gold'],
  ] as const) {
    const created = await ok(f.admin, 'POST', '/api/requirements', {
      title,
      level,
      sets: [{ set }],
    });
    ids[title] = created.id;
  }
});
afterAll(() => t.close());

describe("a version's status view", () => {
  it('lists the sets that apply in order, every requirement unknown, and what each person may do', async () => {
    const view = await statusOf(f.owner);
    expect(view).toMatchObject({ version: '1.10', latest: true, may: { owner: true } });
    expect(view.sets.map((s) => s.name)).toEqual(['Security', 'Operations']);
    expect(view.sets[0]!.requirements.map((r) => r.requirement.title)).toEqual([
      'TLS everywhere',
      'Secrets in a vault',
    ]);
    for (const r of view.sets.flatMap((s) => s.requirements))
      expect(r).toMatchObject({
        owner: { status: 'unknown', setBy: null },
        reviewer: { status: 'unknown', reset: null },
        overall: 'unknown',
        effective: 'unknown',
        exemption: null,
        may: { owner: true, review: false },
      });
    expect(view.level).toMatchObject({ reached: null, next: { name: 'Bronze' } });
    expect(view.level.missing.map((m) => [m.requirement.title, m.set])).toEqual([
      ['TLS everywhere', 'Security'],
      ['Backups', 'Operations'],
    ]);
    expect(view.scores).toMatchObject({ applicable: 4, readiness: 0, signOff: 0, qa: null });

    const asReviewer = await statusOf(erin);
    expect(asReviewer.may.owner).toBe(false);
    expect(asReviewer.sets.map((s) => [s.name, s.may.review, s.may.exclude])).toEqual([
      ['Security', true, false],
      ['Operations', false, false],
    ]);
    expect(requirementIn(asReviewer, 'TLS everywhere').may).toEqual({ owner: false, review: true });
    expect(requirementIn(asReviewer, 'Backups').may).toEqual({ owner: false, review: false });
    const asViewer = await statusOf(f.viewer);
    expect(asViewer.may.owner).toBe(false);
    expect(asViewer.sets.every((s) => !s.may.review && !s.may.exclude)).toBe(true);
  });

  it('leaves out a set whose applicability does not select the component', async () => {
    const view = await ok(
      f.admin,
      'GET',
      '/api/components/default/storefront/versions/0.3.0/requirements',
    );
    expect(view.sets.map((s: SetView) => s.name)).toEqual(['Operations']);
    expect(view.scores.applicable).toBe(2);
  });

  it('derives overall from both sides and reaches a level when it and all lower levels are met', async () => {
    await owner('1.10', 'TLS everywhere', 'ready', 'TLS 1.3 on every listener');
    let view = await statusOf(erin);
    expect(requirementIn(view, 'TLS everywhere')).toMatchObject({
      owner: { status: 'ready', notes: 'TLS 1.3 on every listener', setBy: { username: 'bob' } },
      overall: 'waiting',
    });
    await review(erin, '1.10', 'TLS everywhere', 'approved');
    await owner('1.10', 'Backups', 'n/a');
    await review(frank, '1.10', 'Backups', 'approved');
    view = await statusOf(f.owner);
    expect(requirementIn(view, 'TLS everywhere')).toMatchObject({
      overall: 'ok',
      reviewer: { status: 'approved', setBy: { username: 'erin' } },
    });
    expect(requirementIn(view, 'Backups').overall).toBe('n/a');
    expect(view.level.reached?.name).toBe('Bronze');
    expect(view.level.next?.name).toBe('Silver');
    expect(view.level.missing).toEqual([
      expect.objectContaining({
        requirement: expect.objectContaining({ title: 'Secrets in a vault' }),
        set: 'Security',
        effective: 'unknown',
      }),
    ]);
    expect(view.scores).toMatchObject({ applicable: 4, readiness: 50, signOff: 50 });
  });

  it("shows a sign-off reset by the owner's readiness change, with who and why, until signed again", async () => {
    await owner('1.10', 'TLS everywhere', 'not_ready');
    let tls = requirementIn(await statusOf(erin), 'TLS everywhere');
    expect(tls).toMatchObject({
      owner: { status: 'not_ready' },
      reviewer: {
        status: 'unknown',
        reset: {
          reason: 'owner readiness changed from ready to not_ready',
          by: { username: 'bob' },
        },
      },
      overall: 'not_ready',
    });
    expect((await statusOf(erin)).level.reached).toBeNull();
    await owner('1.10', 'TLS everywhere', 'ready');
    await review(erin, '1.10', 'TLS everywhere', 'approved');
    tls = requirementIn(await statusOf(erin), 'TLS everywhere');
    expect(tls.reviewer).toMatchObject({ status: 'approved', reset: null });
  });

  it('answers one requirement alone (the popover), by id or by title', async () => {
    const byId = await ok(f.viewer, 'GET', `${V}/1.10/requirements/${ids['TLS everywhere']}`);
    const byTitle = await ok(
      f.viewer,
      'GET',
      `${V}/1.10/requirements/${encodeURIComponent('TLS everywhere')}`,
    );
    expect(byId).toEqual(byTitle);
    expect(byId).toMatchObject({
      component: 'component:default/payments-api',
      version: '1.10',
      owner: { status: 'ready', setBy: { username: 'bob', name: 'bob' } },
      reviewer: { status: 'approved', setBy: { username: 'erin' } },
      overall: 'ok',
      may: { owner: false, review: false },
    });
    expect(byId.owner.setAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await call(f.viewer, 'GET', `${V}/1.10/requirements/nothing-like-it`)).statusCode).toBe(
      404,
    );
    expect((await call(f.viewer, 'GET', `${V}/9.9/requirements`)).statusCode).toBe(404);
  });

  it('takes a set marked not applicable for a version out of every score, showing the reason', async () => {
    const before = await statusOf(f.owner, '1.0');
    expect(before.latest).toBe(false);
    expect(before.scores.applicable).toBe(4);
    await ok(f.owner, 'PUT', `${V}/1.0/requirement-sets/Security/exclusion`, {
      reason: 'internal build, never deployed',
    });
    const after = await statusOf(f.owner, '1.0');
    expect(after.sets[0]).toMatchObject({
      name: 'Security',
      exclusion: { reason: 'internal build, never deployed', setBy: { username: 'bob' } },
    });
    expect(after.scores.applicable).toBe(2);
    expect(after.level.missing.map((m) => m.requirement.title)).toEqual(['Backups']);
    // The latest version is untouched.
    expect((await statusOf(f.owner)).scores.applicable).toBe(4);
  });
});

describe('exemptions in the views', () => {
  let exemptionId: string;

  it('lists a requested exemption in the queue of the reviewers of its requirement only', async () => {
    const expires = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
    const created = await ok(f.owner, 'POST', '/api/components/default/payments-api/exemptions', {
      requirement: 'Runbook',
      reason: 'no on-call rotation yet',
      expiresAt: expires,
    });
    exemptionId = created.id;
    const queue = await ok(frank, 'GET', '/api/review-queue');
    expect(queue.exemptions).toEqual([
      expect.objectContaining({
        id: exemptionId,
        component: 'component:default/payments-api',
        requirement: { id: ids.Runbook, title: 'Runbook' },
        state: 'requested',
        requestedBy: { username: 'bob', name: 'bob' },
        may: { decide: true, revoke: false },
      }),
    ]);
    expect((await ok(erin, 'GET', '/api/review-queue')).exemptions).toEqual([]);
    const runbook = requirementIn(await statusOf(f.owner), 'Runbook');
    expect(runbook).toMatchObject({
      effective: 'unknown',
      exemption: { state: 'requested', active: false },
    });
  });

  it('counts an approved exemption as n/a until it expires (a later clock)', async () => {
    await ok(frank, 'POST', `/api/exemptions/${exemptionId}/approve`, { notes: 'until Q3' });
    const runbook = requirementIn(await statusOf(f.owner), 'Runbook');
    expect(runbook).toMatchObject({
      overall: 'unknown',
      effective: 'n/a',
      exemption: { state: 'approved', active: true },
    });
    const key = { namespace: 'default', name: 'payments-api', version: '1.10' };
    const ctx = { actor: null, requestId: 'test' };
    const later = new RequirementViews(t.database.db, () => new Date(Date.now() + 31 * 86400_000));
    const expired = (await later.versionStatus(ctx, key)).sets
      .flatMap((s) => s.requirements)
      .find((r) => r.requirement.title === 'Runbook')!;
    expect(expired.effective).toBe('unknown');
    expect(expired.exemption).toBeNull();
    const now = new RequirementViews(t.database.db);
    const scoresNow = (await now.versionStatus(ctx, key)).scores;
    const scoresLater = (await later.versionStatus(ctx, key)).scores;
    expect(scoresNow.readiness - scoresLater.readiness).toBe(25);
  });
});

describe("a set's dashboard", () => {
  interface Dashboard {
    columns: { id: string; title: string }[];
    rows: {
      component: string;
      version: string | null;
      excluded: boolean;
      level: string | null;
      cells: { requirementId: string; owner: string; overall: string; effective: string }[];
    }[];
    total: number;
    nextCursor: string | null;
  }
  const dashboard = async (query = '') =>
    (await ok(f.viewer, 'GET', `/api/requirement-sets/Security/dashboard${query}`)) as Dashboard;

  it('has a row per component the set applies to (latest version) and a column per requirement', async () => {
    const d = await dashboard();
    expect(d.columns.map((c) => c.title)).toEqual(['TLS everywhere', 'Secrets in a vault']);
    expect(d.total).toBe(2);
    expect(d.rows.map((r) => [r.component, r.version])).toEqual([
      ['component:default/ledger-db', null],
      ['component:default/payments-api', '1.10'],
    ]);
    const payments = d.rows[1]!;
    expect(payments.cells.map((c) => [c.owner, c.overall])).toEqual([
      ['ready', 'ok'],
      ['unknown', 'unknown'],
    ]);
    expect(payments.level).toBe('Bronze');
  });

  it('filters by a column status and by a DSL filter, and pages by cursor', async () => {
    const tls = ids['TLS everywhere']!;
    const ready = await dashboard(`?where=${encodeURIComponent(`${tls}:owner=ready`)}`);
    expect(ready.rows.map((r) => r.component)).toEqual(['component:default/payments-api']);
    expect(ready.total).toBe(1);
    const unknown = await dashboard(
      `?where=${encodeURIComponent(`${tls}:overall=unknown|waiting`)}`,
    );
    expect(unknown.rows.map((r) => r.component)).toEqual(['component:default/ledger-db']);
    // payments-api 1.0 is still unknown, but the latest (1.10) is what the row shows.
    const notStarted = await dashboard(`?where=${encodeURIComponent(`${tls}:owner=unknown`)}`);
    expect(notStarted.rows.map((r) => r.component)).toEqual(['component:default/ledger-db']);
    const named = await dashboard(`?filter=${encodeURIComponent('name = "payments-api"')}`);
    expect(named.rows.map((r) => r.component)).toEqual(['component:default/payments-api']);
    const first = await dashboard('?limit=1');
    expect(first.rows.map((r) => r.component)).toEqual(['component:default/ledger-db']);
    expect(first.total).toBe(2);
    const second = await dashboard(`?limit=1&cursor=${first.nextCursor}`);
    expect(second.rows.map((r) => r.component)).toEqual(['component:default/payments-api']);
    expect(second.nextCursor).toBeNull();
    // Paging with a column filter: the same rows, in the same order.
    const all = `${tls}:overall=unknown|ok`;
    const p1 = await dashboard(`?limit=1&where=${encodeURIComponent(all)}`);
    const p2 = await dashboard(`?limit=1&where=${encodeURIComponent(all)}&cursor=${p1.nextCursor}`);
    expect([...p1.rows, ...p2.rows].map((r) => r.component)).toEqual([
      'component:default/ledger-db',
      'component:default/payments-api',
    ]);
    expect(p2.nextCursor).toBeNull();
  });

  it('shows one named version of every component that has it, with its exclusion', async () => {
    const d = await dashboard('?version=1.0');
    expect(d.rows).toEqual([
      expect.objectContaining({
        component: 'component:default/payments-api',
        version: '1.0',
        excluded: true,
      }),
    ]);
  });

  it('refuses bad filters with 400 naming the field, and an unknown set with 404', async () => {
    const bad = async (query: string, field: string) => {
      const res = await call(f.viewer, 'GET', `/api/requirement-sets/Security/dashboard${query}`);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().problems[0].field).toBe(field);
    };
    await bad(`?where=${encodeURIComponent(`${ids.Backups}:owner=ready`)}`, 'where');
    // A status the side does not have is refused by the query's schema, which names it so.
    await bad(`?where=${encodeURIComponent(`${ids.Backups}:owner=approved`)}`, 'query.where');
    await bad('?cursor=not-a-cursor', 'cursor');
    await bad(`?filter=${encodeURIComponent('name ===')}`, 'filter');
    const missing = await call(f.viewer, 'GET', '/api/requirement-sets/Nothing/dashboard');
    expect(missing.statusCode).toBe(404);
  });
});

describe("a team's scorecard", () => {
  it("lists the components of the team and the teams below it, each latest version's level and what it misses", async () => {
    const card = await ok(f.viewer, 'GET', '/api/teams/platform/scorecard');
    expect(card.team).toBe('platform');
    expect(card.levels.map((l: { name: string }) => l.name)).toEqual(['Bronze', 'Silver', 'Gold']);
    expect(card.total).toBe(2);
    const [ledger, payments] = card.components;
    expect(ledger).toMatchObject({
      component: 'component:default/ledger-db',
      owner: 'platform',
      version: null,
      level: { reached: null, next: { name: 'Bronze' } },
    });
    expect(payments).toMatchObject({
      component: 'component:default/payments-api',
      owner: 'payments',
      version: '1.10',
      level: {
        reached: { name: 'Bronze' },
        next: { name: 'Silver' },
        missing: [expect.objectContaining({ set: 'Security' })],
      },
      scores: { applicable: 4 },
    });
    const web = await ok(f.viewer, 'GET', '/api/teams/web/scorecard');
    expect(web.components.map((c: { component: string }) => c.component)).toEqual([
      'component:default/storefront',
    ]);
    expect((await call(f.viewer, 'GET', '/api/teams/nobody/scorecard')).statusCode).toBe(404);
  });
});

describe("a reviewer's queue", () => {
  it('holds what waits for sign-off in the sets the caller reviews, oldest first', async () => {
    await owner('1.10', 'Secrets in a vault', 'ready', 'Vault since March');
    await owner('1.10', 'Runbook', 'n/a');
    const erinQueue = await ok(erin, 'GET', '/api/review-queue');
    expect(erinQueue.total).toBe(1);
    expect(erinQueue.approvals).toEqual([
      expect.objectContaining({
        component: 'component:default/payments-api',
        version: '1.10',
        set: { id: expect.any(String), name: 'Security' },
        requirement: expect.objectContaining({ title: 'Secrets in a vault' }),
        owner: expect.objectContaining({ status: 'ready', notes: 'Vault since March' }),
        overall: 'waiting',
      }),
    ]);
    const frankQueue = await ok(frank, 'GET', '/api/review-queue');
    expect(
      frankQueue.approvals.map((a: { requirement: { title: string }; overall: string }) => [
        a.requirement.title,
        a.overall,
      ]),
    ).toEqual([['Runbook', 'waiting_na']]);
    // Signed: it leaves the queue.
    await review(erin, '1.10', 'Secrets in a vault', 'rejected');
    expect((await ok(erin, 'GET', '/api/review-queue')).total).toBe(0);
    expect((await ok(f.viewer, 'GET', '/api/review-queue')).approvals).toEqual([]);
    expect((await call(null, 'GET', '/api/review-queue')).statusCode).toBe(401);
  });

  it('pages the waiting approvals by cursor', async () => {
    // Both waiting for sre: Runbook on 1.10 and Backups on 1.0.
    await owner('1.0', 'Backups', 'ready');
    const first = await ok(frank, 'GET', '/api/review-queue?limit=1');
    expect(first.total).toBe(2);
    expect(first.approvals.map((a: { version: string }) => a.version)).toEqual(['1.10']);
    const second = await ok(frank, 'GET', `/api/review-queue?limit=1&cursor=${first.nextCursor}`);
    expect(second.approvals.map((a: { version: string }) => a.version)).toEqual(['1.0']);
    expect(second.nextCursor).toBeNull();
  });
});
