import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { type CatalogFixture, seedCatalog } from '../helpers/catalog-fixture.js';
import { runArgus } from '../helpers/cli.js';

// `argus requirements status` reads a running Argus through its API with an API token.
let t: TestApp;
let f: CatalogFixture;
let url: string;
let erin: TestUser;

const env = (user: TestUser | null) => ({
  ARGUS_URL: url,
  ARGUS_TOKEN: user?.token ?? '',
});

async function ok(as: TestUser, method: 'POST' | 'PUT', path: string, payload: object) {
  const res = await t.request(as, { method, url: `/api${path}`, payload });
  expect(res.statusCode, `${method} ${path}: ${res.body}`).toBeLessThan(300);
  return res.json();
}

beforeAll(async () => {
  t = await startTestApp();
  f = await seedCatalog(t);
  await t.catalog.createTeam(t.system, { name: 'security' });
  erin = await t.user('erin', { teams: ['security'] });
  await ok(f.admin, 'POST', '/requirement-sets', {
    name: 'Security',
    reviewerTeams: ['security'],
  });
  await ok(f.admin, 'POST', '/requirements', {
    title: 'TLS everywhere',
    level: 'Bronze',
    mandatory: true,
    sets: [{ set: 'Security' }],
  });
  await ok(f.admin, 'POST', '/requirements', {
    title: 'Secrets in a vault',
    level: 'Silver',
    sets: [{ set: 'Security' }],
  });
  const base = '/components/default/payments-api/versions/1.10/requirements/TLS%20everywhere';
  await ok(f.owner, 'PUT', `${base}/owner`, { status: 'ready', notes: 'TLS 1.3 only' });
  await ok(erin, 'PUT', `${base}/review`, { status: 'approved', notes: 'checked' });
  url = await t.listen();
});
afterAll(() => t.close());

describe('argus requirements status', () => {
  it("prints the latest version's sets, statuses, level and scores as a table", async () => {
    const run = await runArgus(['requirements', 'status', 'default/payments-api'], env(f.viewer));
    expect(run.code, run.stderr).toBe(0);
    const out = run.stdout;
    expect(out).toContain('default/payments-api 1.10 (latest)');
    expect(out).toContain('level: Bronze, next: Silver');
    expect(out).toContain('readiness 50%, sign-off 50%');
    expect(out).toMatch(/missing for Silver:\n {2}- Secrets in a vault \(Security\): unknown/);
    expect(out).toMatch(
      /TLS everywhere \*\s+Bronze\s+ready\s+approved\s+ok\s+TLS 1\.3 only \/ checked/,
    );
    expect(out).toMatch(/Secrets in a vault\s+Silver\s+unknown\s+unknown\s+unknown/);
  });

  it('prints an older version, or the API answer as JSON', async () => {
    const run = await runArgus(
      ['requirements', 'status', 'payments-api', '--version', '1.0', '--json'],
      env(f.viewer),
    );
    expect(run.code, run.stderr).toBe(0);
    const view = JSON.parse(run.stdout);
    expect(view).toMatchObject({
      component: 'component:default/payments-api',
      version: '1.0',
      latest: false,
      level: { reached: null },
    });
    expect(view.sets[0].requirements[0]).toMatchObject({ overall: 'unknown' });
  });

  it('says what went wrong: no token, an unknown component or version, no server', async () => {
    const anonymous = await runArgus(['requirements', 'status', 'payments-api'], {
      ...env(null),
      ARGUS_TOKEN: '',
    });
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toContain('401');
    expect(anonymous.stderr).toContain('set ARGUS_TOKEN');
    const unknown = await runArgus(['requirements', 'status', 'default/nothing'], env(f.viewer));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/argus: 404: .*no component/);
    const noVersion = await runArgus(['requirements', 'status', 'ledger-db'], env(f.viewer));
    expect(noVersion.code).toBe(1);
    expect(noVersion.stderr).toContain('has no version yet');
    const down = await runArgus(['requirements', 'status', 'payments-api'], {
      ARGUS_URL: 'http://127.0.0.1:9',
      ARGUS_TOKEN: f.viewer.token,
    });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('cannot reach Argus at http://127.0.0.1:9');
  });
});
