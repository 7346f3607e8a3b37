import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoot } from '../../src/server/app.js';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';

/**
 * Who may call what without logging in, decided from the route the router matched, never from
 * the URL's text. Generated from the OpenAPI document: every route it describes, and every
 * respelling of its path (percent-encoded letters, doubled slashes, other case), is called
 * anonymously. A new endpoint is covered without a new line here; a new public one must be
 * added to PUBLIC, on purpose.
 */

/** The routes of the OpenAPI document anyone may call. */
const PUBLIC = ['POST /api/auth/login', 'GET /api/health', 'GET /api/ready'];

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: { enum?: string[]; format?: string; type?: string };
}
interface Operation {
  parameters?: Parameter[];
  security?: unknown[];
  requestBody?: { content: Record<string, unknown> };
}
interface Route {
  method: Uppercase<(typeof METHODS)[number]>;
  /** As the document writes it: /api/components/{namespace}/{name}. */
  template: string;
  /** With plausible values: /api/components/default/payments-api. */
  path: string;
  operation: Operation;
  isPublic: boolean;
}

/** Values of the catalog seeded below, so each path names something that exists. */
const PLAUSIBLE: Record<string, string> = {
  namespace: 'default',
  name: 'payments-api',
  version: '1.0.0',
  username: 'alice',
  team: 'payments',
  list: 'languages',
  item: 'go',
  q: 'pay',
  level: 'Bronze',
  set: 'Security',
  requirement: 'Threat model',
  // A plugin shipped with Argus (plugins/host.yaml).
  plugin: 'host',
  // The id of the exemption seed() requests.
  exemption: 'x',
  // A deploy space with an environment and payments-api's configuration (seed()).
  space: 'shop',
  environment: 'dc-prod',
  component: 'payments-api',
};

function valueFor(parameter: Parameter): string {
  const known = PLAUSIBLE[parameter.name];
  if (parameter.schema?.enum) {
    return known && parameter.schema.enum.includes(known) ? known : parameter.schema.enum[0]!;
  }
  if (parameter.schema?.format === 'uuid') return known ?? randomUUID();
  if (parameter.schema?.type === 'integer' || parameter.schema?.type === 'number') return '1';
  if (parameter.schema?.type === 'boolean') return 'true';
  return known ?? 'x';
}

function routesOf(doc: { paths: Record<string, Record<string, Operation>> }): Route[] {
  const routes: Route[] = [];
  for (const [template, operations] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = operations[method];
      if (!operation) continue;
      const parameters = operation.parameters ?? [];
      let path = template;
      for (const p of parameters.filter((p) => p.in === 'path')) {
        path = path.replace(`{${p.name}}`, encodeURIComponent(valueFor(p)));
      }
      const query = parameters
        .filter((p) => p.in === 'query' && p.required)
        .map((p) => `${p.name}=${encodeURIComponent(valueFor(p))}`);
      if (query.length > 0) path += `?${query.join('&')}`;
      const upper = method.toUpperCase() as Route['method'];
      routes.push({
        method: upper,
        template,
        path,
        operation,
        isPublic: PUBLIC.includes(`${upper} ${template}`),
      });
    }
  }
  return routes;
}

const hex = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

function mapSegments(path: string, change: (segment: string) => string): string {
  const [pathname, query] = path.split('?');
  const changed = pathname!
    .split('/')
    .map((s) => (s === '' ? s : change(s)))
    .join('/');
  return query === undefined ? changed : `${changed}?${query}`;
}

/** Other spellings of a path: each names the same route to a decoding router, or none. */
function variantsOf(path: string): string[] {
  const encodeAll = (s: string) => [...s].map(hex).join('');
  return [
    path.replace(/^\/api\//, '/%61pi/'),
    path.replace(/^\/api\//, '/%61%70%69/'),
    path.replace(/^\/api\//, '/a%70i/'),
    // The first letter of every segment, then every character but the slashes.
    mapSegments(path, (s) => (/^[a-z]/i.test(s) ? hex(s[0]!) + s.slice(1) : s)),
    mapSegments(path, encodeAll),
    mapSegments(path, (s) => encodeAll(s).toLowerCase()),
    // Encoded twice, and an encoded slash.
    path.replace(/^\/api\//, '/%2561pi/'),
    path.replace(/^\/api\//, '/api%2F'),
    // Doubled and trailing slashes.
    `/${path}`,
    path.replace(/^\/api\//, '/api//'),
    path.replace(/^\/api\//, '//api//'),
    mapSegments(path, (s) => s).replace(/(\?|$)/, '/$1'),
    // Other case.
    path.toUpperCase(),
    path.replace(/^\/api\//, '/API/'),
    path.replace(/^\/api\//, '/Api/'),
    mapSegments(path, (s) => s[0]!.toUpperCase() + s.slice(1)),
  ].filter((variant) => variant !== path);
}

/** A body every write route would parse, so the answer is about access, not the body. */
function bodyFor(route: Route): Pick<InjectOptions, 'payload' | 'headers'> {
  if (route.method === 'GET' || route.method === 'DELETE') return {};
  return { payload: '{}', headers: { 'content-type': 'application/json' } };
}

let t: TestApp;
let admin: TestUser;
let routes: Route[];

function call(
  as: TestUser | null,
  method: string,
  url: string,
  extra: Pick<InjectOptions, 'payload' | 'headers'> = {},
): Promise<LightMyRequestResponse> {
  return t.request(as, { method: method as 'GET', url, ...extra });
}

async function seed(target: TestApp, as: TestUser): Promise<void> {
  const post = async (url: string, payload: object) => {
    const res = await target.request(as, { method: 'POST', url, payload });
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
  };
  await target.user('alice');
  await post('/api/teams', { name: 'payments', title: 'Payments', members: ['alice'] });
  await post('/api/reference/languages', { name: 'go' });
  await post('/api/components', { name: 'payments-api', owner: 'payments' });
  await post('/api/components/default/payments-api/versions', { version: '1.0.0' });
  // One entity of each other kind under the same plausible name, so their pages exist too.
  for (const kind of ['domains', 'systems', 'apis', 'catalog-resources'])
    await post(`/api/${kind}`, { name: 'payments-api', owner: 'payments' });
  // A requirement set and a requirement under their plausible names, and an exemption to read.
  await post('/api/requirement-sets', { name: PLAUSIBLE.set });
  await post('/api/requirements', { title: PLAUSIBLE.requirement, sets: [{ set: PLAUSIBLE.set }] });
  const exemption = await target.request(as, {
    method: 'POST',
    url: '/api/components/default/payments-api/exemptions',
    payload: { requirement: PLAUSIBLE.requirement, reason: 'plausible', expiresAt: '2099-01-01' },
  });
  expect(exemption.statusCode, exemption.body).toBe(201);
  PLAUSIBLE.exemption = exemption.json().id;
  // A resource of the inventory, whose uuid is the plausible `id`.
  const resource = await target.request(as, {
    method: 'POST',
    url: '/api/resources',
    payload: {
      resource_id: 'payments-api-host',
      resource_site: 'dc1',
      resource_class: 'system',
      resource_subclass: 'host',
      resource_type: 'linux',
      resource_endpoint: 'payments-api-host',
    },
  });
  expect(resource.statusCode, resource.body).toBe(201);
  PLAUSIBLE.id = resource.json().id;
  await post('/api/deploy/spaces', { name: PLAUSIBLE.space });
  const put = async (url: string, payload: object) => {
    const res = await target.request(as, { method: 'PUT', url, payload });
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
  };
  await target.request(as, {
    method: 'PATCH',
    url: '/api/components/default/payments-api',
    payload: { space: PLAUSIBLE.space },
  });
  await put(`/api/deploy/spaces/shop/environments/${PLAUSIBLE.environment}`, {
    config: 'serial: 1',
  });
  await put('/api/deploy/spaces/shop/components/payments-api/config', { config: 'serial: 2' });
}

beforeAll(async () => {
  // Every public route is also called in many spellings: keep the login throttle out of the way.
  t = await startTestApp({ loginRateMax: 10_000 });
  admin = await t.user('admin', { admin: true });
  await seed(t, admin);
  routes = routesOf(t.app.swagger() as never);
});
afterAll(() => t?.close());

describe('anonymous access, from the OpenAPI document', () => {
  it('describes the API: many routes, the public ones marked `security: []`', () => {
    expect(routes.length).toBeGreaterThan(30);
    const documentedPublic = routes
      .filter((r) => Array.isArray(r.operation.security) && r.operation.security.length === 0)
      .map((r) => `${r.method} ${r.template}`);
    expect(documentedPublic.sort()).toEqual([...PUBLIC].sort());
  });

  it('the filled-in paths name things that exist: an admin reads every one', async () => {
    for (const route of routes.filter((r) => r.method === 'GET' && r.template !== '/api/events')) {
      const res = await call(admin, 'GET', route.path);
      expect(res.statusCode, `GET ${route.path}: ${res.body.slice(0, 200)}`).toBe(200);
    }
  });

  it('answers 401 on every route but the public ones, and never 401 on those', async () => {
    for (const route of routes) {
      const res = await call(null, route.method, route.path, bodyFor(route));
      const what = `${route.method} ${route.path}: ${res.statusCode} ${res.body.slice(0, 200)}`;
      if (route.isPublic) {
        expect(res.statusCode, what).not.toBe(401);
        expect(res.statusCode, what).toBeLessThan(500);
      } else {
        expect(res.statusCode, what).toBe(401);
        expect(res.headers['content-type'], what).toContain('application/problem+json');
        expect(res.json().code, what).toBe('ARGUS_AUTH_REQUIRED');
      }
      if (route.method === 'GET') {
        const head = await call(null, 'HEAD', route.path);
        expect(head.statusCode === 401, `HEAD ${route.path}`).toBe(!route.isPublic);
      }
    }
  });

  it('answers 401 or 404, never data, to every other spelling of a non-public path', async () => {
    let checked = 0;
    for (const route of routes.filter((r) => !r.isPublic)) {
      for (const url of variantsOf(route.path)) {
        const res = await call(null, route.method, url, bodyFor(route));
        const what = `${route.method} ${url} (${route.template}): ${res.statusCode} ${res.body.slice(0, 200)}`;
        expect([401, 404], what).toContain(res.statusCode);
        expect(res.headers['content-type'], what).toContain('application/problem+json');
        expect(res.body, what).not.toContain('"username":"alice"');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('routes an encoded spelling to the same route: with a token it answers as the plain path', async () => {
    const plain = await call(admin, 'GET', '/api/people/alice');
    const encoded = await call(admin, 'GET', '/%61pi/%70eople/%61lice');
    expect(plain.statusCode).toBe(200);
    expect(encoded.statusCode).toBe(200);
    expect(encoded.json()).toEqual(plain.json());
    // So the anonymous 401 above came from the route, not from a path that matched nothing.
    expect((await call(null, 'GET', '/%61pi/%70eople/%61lice')).statusCode).toBe(401);
  });

  it('refuses the event stream in any spelling', async () => {
    for (const url of [
      '/api/events',
      '/%61pi/events',
      '/api/%65vents',
      '/%61%70%69/%65%76%65%6E%74%73',
    ]) {
      const res = await call(null, 'GET', url);
      expect(res.statusCode, url).toBe(401);
    }
  });

  it('refuses the encoded spellings over a real connection too (curl /%61pi/people)', async () => {
    const base = await t.listen();
    for (const path of ['/%61pi/people', '/%61pi/events', '/%61pi/components', '/%61pi/graph']) {
      // A stream that wrongly opened would never end: give up after a few seconds.
      const res = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(5_000) });
      expect(res.status, path).toBe(401);
      expect(await res.text(), path).not.toContain('alice');
    }
  });

  it('answers an unknown route 404 to anyone, saying only that it does not exist', async () => {
    for (const url of ['/api/nope', '/api/people/alice/nope', '/%61pi/nope']) {
      for (const as of [null, admin]) {
        const res = await call(as, 'GET', url);
        expect(res.statusCode, url).toBe(404);
        expect(res.json(), url).toMatchObject({
          code: 'ARGUS_ROUTE_NOT_FOUND',
          detail: `no route GET ${url}`,
        });
      }
    }
    expect((await call(null, 'POST', '/api/nope', { payload: {} })).statusCode).toBe(404);
  });
});

describe('public routes outside the OpenAPI document', () => {
  it('serves the OpenAPI document to anyone', async () => {
    const doc = await call(null, 'GET', '/api/openapi.json');
    expect(doc.statusCode).toBe(200);
    expect(doc.json().paths['/api/people']).toBeDefined();
  });

  it.skipIf(!existsSync(join(webRoot, 'api-docs.html')))(
    'serves the API reference page and its script to anyone',
    async () => {
      for (const url of ['/api/docs', '/api/docs/']) {
        const page = await call(null, 'GET', url);
        expect(page.statusCode, url).toBe(200);
        expect(page.headers['content-type'], url).toContain('text/html');
        expect(page.body, url).toContain('<title>Argus API reference</title>');
        const script = page.body.match(/src="(\/assets\/apiDocs-[^"]+\.js)"/)?.[1];
        expect(script, url).toBeDefined();
        expect((await call(null, 'GET', script!)).statusCode).toBe(200);
      }
    },
  );

  it.skipIf(!existsSync(join(webRoot, 'index.html')))(
    'serves the web app to anyone, but never its shell for an API path in another spelling',
    async () => {
      for (const url of ['/', '/components', '/people/alice', '/login?redirect=%2Fgraph']) {
        const res = await call(null, 'GET', url);
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type'], url).toContain('text/html');
      }
      for (const url of [
        '/API/people',
        '//api/people',
        '/%2561pi/people',
        '/Api',
        '/api%2Fpeople',
      ]) {
        const res = await call(null, 'GET', url);
        expect(res.statusCode, url).toBe(404);
        expect(res.json().code, url).toBe('ARGUS_ROUTE_NOT_FOUND');
      }
    },
  );
});

/** Reads that need a person even on a public-read instance: about "you", or the whole catalog. */
const LOGGED_IN_READS = ['/api/auth/me', '/api/tokens', '/api/export/{format}'];
/** A deploy space is read by its members only (its ACL), public-read or not. */
const MEMBERS_READ = /^\/api\/deploy\/spaces\/\{space\}/;

describe('a public-read instance', () => {
  let open: TestApp;
  let openRoutes: Route[];

  beforeAll(async () => {
    open = await startTestApp({ publicRead: true, loginRateMax: 10_000 });
    await seed(open, await open.user('admin', { admin: true }));
    openRoutes = routesOf(open.app.swagger() as never);
  });
  afterAll(() => open?.close());

  it('lets anonymous visitors read every route, and in another spelling', async () => {
    for (const route of openRoutes) {
      if (route.method !== 'GET' || route.template === '/api/events') continue;
      if (LOGGED_IN_READS.includes(route.template) || MEMBERS_READ.test(route.template)) {
        expect((await open.request(null, { method: 'GET', url: route.path })).statusCode).toBe(401);
        continue;
      }
      for (const url of [route.path, route.path.replace(/^\/api\//, '/%61pi/')]) {
        const res = await open.request(null, { method: 'GET', url });
        expect(res.statusCode, `GET ${url}: ${res.body.slice(0, 200)}`).toBe(200);
      }
    }
  });

  it('still refuses every anonymous write, in any spelling', async () => {
    for (const route of openRoutes.filter((r) => r.method !== 'GET' && !r.isPublic)) {
      for (const url of [route.path, ...variantsOf(route.path)]) {
        const res = await open.request(null, { method: route.method, url, ...bodyFor(route) });
        const what = `${route.method} ${url}: ${res.statusCode} ${res.body.slice(0, 200)}`;
        expect([401, 404], what).toContain(res.statusCode);
      }
    }
  });
});
