import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';

let t: TestApp;
let admin: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.user('root', { admin: true, password: 'root-password-1' });
});
afterAll(() => t.close());

function cookieOf(res: { headers: Record<string, unknown> }): string {
  const raw = res.headers['set-cookie'];
  const first = Array.isArray(raw) ? raw[0] : String(raw);
  return first.split(';')[0]!;
}

describe('authentication', () => {
  it('logs in with a password into an HTTP-only session cookie, and out again', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'ROOT', password: 'root-password-1' },
    });
    expect(login.statusCode).toBe(200);
    expect(String(login.headers['set-cookie'])).toMatch(/HttpOnly/i);
    expect(String(login.headers['set-cookie'])).toMatch(/SameSite=Strict/i);
    const cookie = cookieOf(login);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ username: 'root', isAdmin: true });
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode,
    ).toBe(401);
  });

  it('refuses a wrong password or an unknown user the same way', async () => {
    for (const payload of [
      { username: 'root', password: 'nope' },
      { username: 'ghost', password: 'nope' },
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('ARGUS_AUTH_BAD_CREDENTIALS');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const empty = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: '' },
    });
    expect(empty.statusCode).toBe(400);
    expect(
      empty
        .json()
        .problems.map((p: { field: string }) => p.field)
        .sort(),
    ).toEqual(['password', 'username']);
  });

  it('issues, uses and revokes API tokens', async () => {
    const created = await t.request(admin, {
      method: 'POST',
      url: '/api/tokens',
      payload: { name: 'ci', expiresInDays: 30 },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^argus_/);
    const bearer = { authorization: `Bearer ${token}` };
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer })).json().username,
    ).toBe('root');
    const listed = (await t.request(admin, { method: 'GET', url: '/api/tokens' })).json().items;
    expect(listed.find((x: { id: string }) => x.id === id)).toMatchObject({ name: 'ci' });
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(
      (await t.request(admin, { method: 'DELETE', url: `/api/tokens/${id}` })).statusCode,
    ).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('ARGUS_AUTH_BAD_TOKEN');
  });

  it('echoes a request id on every answer and keeps it in history', async () => {
    const res = await t.request(admin, {
      method: 'POST',
      url: '/api/components',
      payload: { name: 'traced' },
      headers: { 'x-request-id': 'req-abc-123' },
    });
    expect(res.headers['x-request-id']).toBe('req-abc-123');
    const history = (
      await t.request(admin, { method: 'GET', url: `/api/history?entityId=${res.json().id}` })
    ).json().items;
    expect(history.every((e: { requestId: string }) => e.requestId === 'req-abc-123')).toBe(true);
  });
});

describe('API description', () => {
  it('serves OpenAPI without login', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    const paths = Object.keys(doc.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/components',
        '/api/components/{namespace}/{name}',
        '/api/history',
        '/api/graph',
      ]),
    );
    // The reference page is a page of the built web app: test/integration/access.test.ts.
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({
      status: 'ok',
    });
  });
});
