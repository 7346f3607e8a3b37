import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

/**
 * Password guessing is throttled per client address and per user name (ARGUS_LOGIN_RATE_MAX
 * attempts in ARGUS_LOGIN_RATE_WINDOW_SECONDS); nothing else is rate-limited.
 */
const MAX = 3;
const PASSWORD = 'a-long-password-1';

let t: TestApp;

function login(username: string, password: string, remoteAddress: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    remoteAddress,
  });
}

beforeAll(async () => {
  t = await startTestApp({ loginRateMax: MAX, loginRateWindowSeconds: 60 });
  for (const name of ['alice', 'bob', 'carol', 'dave']) {
    await t.user(name, { password: PASSWORD });
  }
});
afterAll(() => t?.close());

describe('login throttling', () => {
  it('refuses the attempts from one address past the limit, even with the right password', async () => {
    // Guesses at several names, none of them guessed at MAX times.
    for (const name of ['alice', 'nobody-1', 'nobody-2'].slice(0, MAX)) {
      expect((await login(name, 'wrong-password', '10.0.0.1')).statusCode).toBe(401);
    }
    const refused = await login('carol', PASSWORD, '10.0.0.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ status: 429, code: 'ARGUS_AUTH_THROTTLED' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers['set-cookie']).toBeUndefined();

    // It is the address that is refused: carol from elsewhere logs in.
    expect((await login('carol', PASSWORD, '10.0.0.3')).statusCode).toBe(200);
  });

  it('refuses the attempts at one user name past the limit, from whatever address', async () => {
    for (let i = 0; i < MAX; i++) {
      const res = await login('bob', 'wrong-password', `10.0.1.${i + 1}`);
      expect(res.statusCode).toBe(401);
    }
    // The name is compared as logging in compares it: ignoring case and spaces around it.
    const refused = await login(' BOB ', PASSWORD, '10.0.1.99');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('ARGUS_AUTH_THROTTLED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    // A different user from a fresh address logs in as usual.
    const other = await login('dave', PASSWORD, '10.0.1.100');
    expect(other.statusCode).toBe(200);
    expect(other.json().username).toBe('dave');
  });

  it('counts an IPv6 client by its /64, as one household or host', async () => {
    for (let i = 0; i < MAX; i++) {
      const res = await login(`nobody-${i}`, 'wrong-password', `2001:db8:1:2::${i + 1}`);
      expect(res.statusCode).toBe(401);
    }
    expect((await login('dave', PASSWORD, '2001:db8:1:2::ffff')).statusCode).toBe(429);
  });

  it('does not rate-limit other routes', async () => {
    for (let i = 0; i < 5 * MAX; i++) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/health',
        remoteAddress: '10.0.0.1',
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });
});
