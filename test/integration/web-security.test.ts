import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoot } from '../../src/server/app.js';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';

/**
 * What protects a browser session: cross-site writes are refused, `text/plain` bodies (which a
 * page of another site can post without asking) are refused, and every answer carries the
 * security headers. See docs/security.md.
 */
const PASSWORD = 'a-long-password-1';
/** inject() sends `Host: localhost:80`. */
const OWN_ORIGIN = 'http://localhost:80';

let t: TestApp;
let admin: TestUser;
let cookie: string;
let teams = 0;

async function sessionCookie(app: TestApp): Promise<string> {
  const res = await app.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'admin', password: PASSWORD },
  });
  expect(res.statusCode).toBe(200);
  return String(res.headers['set-cookie']).split(';')[0]!;
}

/** Creates a team with the session cookie and the given headers. */
function createTeam(headers: Record<string, string>, app: TestApp = t) {
  return app.app.inject({
    method: 'POST',
    url: '/api/teams',
    headers: { cookie, ...headers },
    payload: { name: `team-${++teams}` },
  });
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.user('admin', { admin: true, password: PASSWORD });
  cookie = await sessionCookie(t);
});
afterAll(() => t?.close());

describe('cross-site writes', () => {
  it.each([
    [
      'Sec-Fetch-Site: cross-site',
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    ],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['an Origin of another port', { origin: 'http://localhost:8080' }],
    ['Origin: null (a sandboxed frame)', { origin: 'null' }],
  ])('refuses a cookie-authenticated write with %s: 403, nothing written', async (_, headers) => {
    const res = await createTeam(headers);
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('ARGUS_AUTH_CROSS_SITE');
    const exists = await t.request(admin, { method: 'GET', url: `/api/teams/team-${teams}` });
    expect(exists.statusCode).toBe(404);
  });

  it('refuses every kind of write, and a forged login or logout', async () => {
    const evil = { cookie, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' };
    expect((await createTeam({})).statusCode).toBe(201);
    const name = `team-${teams}`;
    for (const [method, url, payload] of [
      ['PATCH', `/api/teams/${name}`, { title: 'forged' }],
      ['DELETE', `/api/teams/${name}`, undefined],
      ['POST', '/api/tokens', { name: 'forged' }],
      ['POST', '/api/auth/logout', undefined],
      ['POST', '/api/auth/login', { username: 'admin', password: PASSWORD }],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: evil, payload });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    const team = await t.request(admin, { method: 'GET', url: `/api/teams/${name}` });
    expect(team.json().title).not.toBe('forged');
    // The session survived the forged logout.
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
  });

  it.each([
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin', origin: OWN_ORIGIN }],
    ['Sec-Fetch-Site: none (typed by the user)', { 'sec-fetch-site': 'none' }],
    ['an Origin naming the Host', { origin: OWN_ORIGIN }],
    ['an Origin naming the Host with its default port left out', { origin: 'http://localhost' }],
    ['neither header (not a browser: curl with a cookie jar)', {}],
  ])('allows a cookie-authenticated write with %s', async (_, headers) => {
    expect((await createTeam(headers)).statusCode).toBe(201);
  });

  it('allows a write whose Origin is the public URL, behind a proxy that rewrites Host', async () => {
    const proxied = await startTestApp({ publicUrl: 'https://argus.example.com/' });
    try {
      await proxied.user('admin', { admin: true, password: PASSWORD });
      const proxiedCookie = await sessionCookie(proxied);
      const write = (origin: string) =>
        proxied.app.inject({
          method: 'POST',
          url: '/api/teams',
          headers: { cookie: proxiedCookie, host: '127.0.0.1:7070', origin },
          payload: { name: `team-${++teams}` },
        });
      expect((await write('https://argus.example.com')).statusCode).toBe(201);
      expect((await write('http://argus.example.com')).statusCode).toBe(403);
      expect((await write('https://argus.example.com.evil.example')).statusCode).toBe(403);
    } finally {
      await proxied.close();
    }
  });

  it('does not check writes made with an API token: no other site can attach one', async () => {
    const res = await t.request(admin, {
      method: 'POST',
      url: '/api/teams',
      headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example', cookie },
      payload: { name: `team-${++teams}` },
    });
    expect(res.statusCode).toBe(201);
  });

  it('does not check reads', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/teams',
      headers: { cookie, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('request body types', () => {
  const json = JSON.stringify({ username: 'admin', password: PASSWORD });

  it.each([
    'text/plain',
    'text/plain; charset=utf-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
  ])('refuses a login sent as %s: 415, no session', async (type) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': type },
      payload: json,
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('ARGUS_REQUEST_UNSUPPORTED_TYPE');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('refuses text/plain on a JSON write route', async () => {
    const res = await createTeam({ 'content-type': 'text/plain' });
    expect(res.statusCode).toBe(415);
  });

  it('refuses text/plain on the import route, and takes the types the import needs', async () => {
    const importAs = (type: string, payload: string, format = 'spreadsheet') =>
      t.request(admin, {
        method: 'POST',
        url: `/api/import/${format}`,
        headers: { 'content-type': type },
        payload,
      });
    const csv = 'Name,Title\ncsv-imported,From CSV\n';
    const refused = await importAs('text/plain', csv);
    expect(refused.statusCode).toBe(415);
    expect(refused.json().code).toBe('ARGUS_REQUEST_UNSUPPORTED_TYPE');
    expect((await importAs('text/csv', csv)).statusCode).toBe(201);
    expect((await importAs('application/octet-stream', csv, 'csv')).statusCode).toBe(201);
    const exported = await t.request(admin, { method: 'GET', url: '/api/export/argus' });
    expect((await importAs('application/json', exported.body, 'argus')).statusCode).toBe(201);
  });
});

describe('security headers', () => {
  function csp(res: { headers: Record<string, unknown> }): Map<string, string[]> {
    const header = String(res.headers['content-security-policy'] ?? '');
    return new Map(
      header
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((parts) => parts[0])
        .map(([name, ...sources]) => [name!, sources]),
    );
  }

  /**
   * The headers every answer carries. Nothing may frame Argus, except that Argus may frame its
   * API reference (`framableByArgus`: the API page embeds it to render a definition).
   */
  function expectProtected(
    res: { headers: Record<string, unknown> },
    what: string,
    { framableByArgus = false } = {},
  ) {
    const policy = csp(res);
    expect(policy.get('script-src'), what).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors'), what).toEqual([framableByArgus ? "'self'" : "'none'"]);
    expect(policy.get('object-src'), what).toEqual(["'none'"]);
    expect(policy.get('default-src'), what).toEqual(["'self'"]);
    expect(policy.get('base-uri'), what).toEqual(["'none'"]);
    expect(policy.has('upgrade-insecure-requests'), what).toBe(false);
    expect(res.headers['x-content-type-options'], what).toBe('nosniff');
    expect(res.headers['x-frame-options'], what).toBe(framableByArgus ? 'SAMEORIGIN' : 'DENY');
    expect(res.headers['referrer-policy'], what).toBe('no-referrer');
    // Served over plain HTTP here: no HSTS.
    expect(res.headers['strict-transport-security'], what).toBeUndefined();
  }

  const get = (url: string, as: TestUser | null = admin, extra: Partial<InjectOptions> = {}) =>
    t.request(as, { method: 'GET', url, ...extra });

  it('sends them, with Cache-Control: no-store, on API answers, errors included', async () => {
    for (const [url, as, status] of [
      ['/api/people', admin, 200],
      ['/api/auth/me', admin, 200],
      ['/api/tokens', admin, 200],
      ['/api/people', null, 401],
      ['/api/nope', admin, 404],
      ['/api/health', null, 200],
    ] as const) {
      const res = await get(url, as);
      expect(res.statusCode, url).toBe(status);
      expectProtected(res, url);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: PASSWORD },
    });
    expect(login.headers['cache-control']).toBe('no-store');
    const token = await t.request(admin, {
      method: 'POST',
      url: '/api/tokens',
      payload: { name: 'headers' },
    });
    expect(token.headers['cache-control']).toBe('no-store');
    expect((await get('/api/export/csv')).headers['cache-control']).toBe('no-store');
  });

  it('sends them on the event stream, which is never cached', async () => {
    const base = await t.listen();
    const controller = new AbortController();
    const res = await fetch(`${base}/api/events`, {
      headers: admin.headers,
      signal: controller.signal,
    });
    try {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/event-stream');
      expect(res.headers.get('cache-control')).toContain('no-store');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    } finally {
      controller.abort();
    }
  });

  it.skipIf(!existsSync(join(webRoot, 'index.html')))(
    'sends them on the web app, whose files may be cached',
    async () => {
      for (const url of ['/', '/components', '/graph']) {
        const res = await get(url, null);
        expect(res.statusCode, url).toBe(200);
        expectProtected(res, url);
        expect(res.headers['cache-control'], url).not.toContain('no-store');
        // Vite emits no inline script: the page needs none of 'unsafe-inline' for scripts.
        expect(res.body, url).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      }
    },
  );

  it.skipIf(!existsSync(join(webRoot, 'api-docs.html')))(
    'sends them on the API reference, which runs no inline script and nothing from elsewhere, and which only Argus may frame',
    async () => {
      for (const url of ['/api/docs', '/api/docs/', '/api/docs?api=default/orders']) {
        const res = await get(url, null);
        expect(res.statusCode, url).toBe(200);
        expectProtected(res, url, { framableByArgus: true });
      }
      // Framing is allowed for that page only: the app, the API document and the API stay unframable.
      for (const [url, as] of [
        ['/apis/default/orders', null],
        ['/api/openapi.json', null],
        ['/api/apis', admin],
        ['/api/docs/nope', null],
      ] as const) {
        const res = await get(url, as);
        expectProtected(res, url);
      }
      const page = await get('/api/docs', null);
      expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(page.body).not.toMatch(/https?:\/\//);
    },
  );

  it.skipIf(!existsSync(join(webRoot, 'index.html')))(
    'sends the static files compressed, and caches for a year only what is named by its hash',
    async () => {
      // The page itself, compressed or not (past 1 KiB the build compresses it too), is never
      // cached without asking.
      const compressedShell = await get('/components', null, {
        headers: { 'accept-encoding': 'br, gzip' },
      });
      expect(compressedShell.headers['cache-control']).toBe('no-cache');
      const shell = await get('/components', null);
      expect(shell.headers['cache-control']).toBe('no-cache');
      const asset = shell.body.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
      expect(asset).toBeDefined();
      const plain = await get(asset!, null);
      for (const [encoding, decode] of [
        ['br', brotliDecompressSync],
        ['gzip', gunzipSync],
      ] as const) {
        const res = await get(asset!, null, { headers: { 'accept-encoding': encoding } });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-encoding']).toBe(encoding);
        expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length);
        expect(decode(res.rawPayload).equals(plain.rawPayload)).toBe(true);
      }
      expect(plain.headers['content-encoding']).toBeUndefined();
    },
  );

  it('sends HSTS when Argus is served over HTTPS (secure cookies)', async () => {
    const secure = await startTestApp({ secureCookies: true });
    try {
      const res = await secure.app.inject({ method: 'GET', url: '/api/health' });
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
    } finally {
      await secure.close();
    }
  });
});
