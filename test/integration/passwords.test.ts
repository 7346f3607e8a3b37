import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';

let t: TestApp;
let admin: TestUser;

beforeAll(async () => {
  // These tests log in many times from one address; the login throttle has tests of its own.
  t = await startTestApp({ loginRateMax: 1000 });
  admin = await t.user('root', { admin: true, password: 'root-password-1' });
});
afterAll(() => t.close());

/** Logs in and returns the session cookie, or fails the test with the answer. */
async function login(username: string, password: string): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  expect(res.statusCode, res.body).toBe(200);
  const raw = res.headers['set-cookie'];
  return (Array.isArray(raw) ? raw[0]! : String(raw)).split(';')[0]!;
}

async function loginStatus(username: string, password: string): Promise<number> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  return res.statusCode;
}

/** Who a session cookie or an API token is, by status: 200 while it works, 401 once it ended. */
async function meStatus(credential: { cookie: string } | TestUser): Promise<number> {
  const headers = 'cookie' in credential ? { cookie: credential.cookie } : credential.headers;
  return (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode;
}

function changePassword(
  username: string,
  as: { cookie: string } | TestUser,
  payload: Record<string, unknown>,
) {
  const headers = 'cookie' in as ? { cookie: as.cookie } : as.headers;
  return t.app.inject({
    method: 'POST',
    url: `/api/people/${username}/password`,
    headers,
    payload,
  });
}

describe('changing your own password', () => {
  it('ends your other sessions and your API tokens, and keeps the session you used', async () => {
    const alice = await t.user('alice', { password: 'alice-password-1' });
    const first = { cookie: await login('alice', 'alice-password-1') };
    const second = { cookie: await login('alice', 'alice-password-1') };

    const res = await changePassword('alice', first, {
      currentPassword: 'alice-password-1',
      newPassword: 'alice-password-2',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ sessionsEnded: 1, apiTokensRevoked: 1 });

    expect(await meStatus(first)).toBe(200);
    expect(await meStatus(second)).toBe(401);
    const token = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: alice.headers,
    });
    expect(token.json().code).toBe('ARGUS_AUTH_BAD_TOKEN');
    expect(await loginStatus('alice', 'alice-password-1')).toBe(401);
    expect(await loginStatus('alice', 'alice-password-2')).toBe(200);
  });

  it('keeps the API tokens when asked, and from a token ends every session', async () => {
    const bob = await t.user('bob', { password: 'bob-password-1' });
    const session = { cookie: await login('bob', 'bob-password-1') };

    const res = await changePassword('bob', bob, {
      currentPassword: 'bob-password-1',
      newPassword: 'bob-password-2',
      revokeApiTokens: false,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ sessionsEnded: 1, apiTokensRevoked: 0 });
    expect(await meStatus(bob)).toBe(200);
    expect(await meStatus(session)).toBe(401);
  });

  it('refuses a missing or wrong current password and changes nothing', async () => {
    const dora = await t.user('dora', { password: 'dora-password-1' });
    const first = { cookie: await login('dora', 'dora-password-1') };
    const second = { cookie: await login('dora', 'dora-password-1') };

    for (const [payload, reason] of [
      [{ newPassword: 'dora-password-2' }, 'required to change your own password'],
      [
        { currentPassword: 'not-her-password', newPassword: 'dora-password-2' },
        'not your current password',
      ],
    ] as const) {
      const res = await changePassword('dora', first, payload);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        code: 'ARGUS_AUTH_CURRENT_PASSWORD',
        problems: [{ field: 'currentPassword', reason }],
      });
    }
    const short = await changePassword('dora', first, {
      currentPassword: 'dora-password-1',
      newPassword: 'short',
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().problems).toEqual([
      expect.objectContaining({ field: 'newPassword', reason: expect.stringContaining('10') }),
    ]);

    expect(await loginStatus('dora', 'dora-password-1')).toBe(200);
    expect(await loginStatus('dora', 'dora-password-2')).toBe(401);
    expect(await meStatus(second)).toBe(200);
    expect(await meStatus(dora)).toBe(200);
  });

  it('records the change in history, never the password', async () => {
    const erin = await t.user('erin', { password: 'erin-password-1' });
    const res = await changePassword('erin', erin, {
      currentPassword: 'erin-password-1',
      newPassword: 'erin-secret-password-2',
    });
    expect(res.statusCode, res.body).toBe(200);
    const history = (
      await t.request(admin, { method: 'GET', url: '/api/history?entityType=person' })
    ).json().items;
    const entries = history.filter(
      (e: { entityRef: string; field: string }) =>
        e.entityRef === 'person:erin' && e.field === 'password',
    );
    expect(entries).toEqual([
      expect.objectContaining({ actor: 'erin', oldValue: '', newValue: 'changed' }),
    ]);
    expect(JSON.stringify(history)).not.toContain('erin-secret-password-2');
    expect(JSON.stringify(history)).not.toContain('argon2');
  });
});

describe("changing someone else's password", () => {
  it('is an admin reset that ends all of their sessions and tokens, without their password', async () => {
    const carol = await t.user('carol', { password: 'carol-password-1' });
    const sessions = [
      { cookie: await login('carol', 'carol-password-1') },
      { cookie: await login('carol', 'carol-password-1') },
    ];
    const adminSession = { cookie: await login('root', 'root-password-1') };

    const res = await changePassword('carol', adminSession, { newPassword: 'carol-password-2' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ sessionsEnded: 2, apiTokensRevoked: 1 });
    for (const session of sessions) expect(await meStatus(session)).toBe(401);
    expect(await meStatus(carol)).toBe(401);
    expect(await meStatus(adminSession)).toBe(200);
    expect(await loginStatus('carol', 'carol-password-2')).toBe(200);
  });

  it('is refused to another member, and changes nothing', async () => {
    const frank = await t.user('frank', { password: 'frank-password-1' });
    const mallory = await t.user('mallory', { password: 'mallory-password-1' });
    const franksSession = { cookie: await login('frank', 'frank-password-1') };

    const res = await changePassword('frank', mallory, {
      currentPassword: 'mallory-password-1',
      newPassword: 'mallory-owns-frank',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('ARGUS_CATALOG_FORBIDDEN');
    expect(await loginStatus('frank', 'mallory-owns-frank')).toBe(401);
    expect(await loginStatus('frank', 'frank-password-1')).toBe(200);
    expect(await meStatus(franksSession)).toBe(200);
    expect(await meStatus(frank)).toBe(200);
  });

  it('answers 404 for nobody and 401 without a login', async () => {
    expect(
      (await changePassword('nobody', admin, { newPassword: 'some-password-1' })).statusCode,
    ).toBe(404);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/people/root/password',
      payload: { newPassword: 'some-password-1' },
    });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('the person edit', () => {
  it('no longer takes a password, and says where to change it', async () => {
    const res = await t.request(admin, {
      method: 'PATCH',
      url: '/api/people/root',
      payload: { name: 'Root', password: 'another-password-2' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().problems).toEqual([
      expect.objectContaining({
        field: 'password',
        reason: expect.stringContaining('/api/people/{username}/password'),
      }),
    ]);
    expect(await loginStatus('root', 'another-password-2')).toBe(401);
    expect((await t.request(admin, { method: 'GET', url: '/api/people/root' })).json().name).toBe(
      'root',
    );
  });
});
