import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoCatalog } from '../../src/catalog/transfer/demo.js';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import {
  byModel,
  type TransferClient,
  transferClient,
  withoutTimestamp,
} from './transfer-helpers.js';

interface Instance {
  t: TestApp;
  admin: TestUser;
  client: TransferClient;
}

async function instance(): Promise<Instance> {
  const t = await startTestApp();
  const admin = await t.user('root', { admin: true });
  return { t, admin, client: await transferClient(t) };
}

const exportJson = async (i: Instance) => {
  const res = await i.client.request(i.admin, { method: 'GET', url: '/api/export/argus' });
  expect(res.statusCode).toBe(200);
  return res;
};
const importJson = (i: Instance, payload: string, as: TestUser | null = i.admin) =>
  i.client.request(as, {
    method: 'POST',
    url: '/api/import/argus',
    headers: { 'content-type': 'application/json' },
    payload,
  });

let a: Instance;
let b: Instance;
let demoSummary: string;

beforeAll(async () => {
  [a, b] = await Promise.all([instance(), instance()]);
  demoSummary = await loadDemoCatalog(a.t.database.db, a.t.bus, a.t.system);
});
afterAll(async () => {
  for (const i of [a, b]) {
    await i.client.close();
    await i.t.close();
  }
});

describe('demo catalog', () => {
  it('loads a realistic catalog and says what it loaded', async () => {
    expect(demoSummary).toMatch(
      /^\d+ components, \d+ versions, \d+ dependencies, 8 teams, \d+ people/,
    );
    const doc = JSON.parse((await exportJson(a)).body);
    expect(doc.components.length).toBeGreaterThanOrEqual(35);
    expect(doc.dependencies.length).toBeGreaterThanOrEqual(50);
    expect(
      doc.teams.filter((t: { parent: string | null }) => t.parent !== null).length,
    ).toBeGreaterThanOrEqual(6);
    expect(doc.requirementSets.map((s: { name: string }) => s.name)).toEqual([
      'Architecture',
      'Security & Compliance',
      'Operational',
      'Maintenance',
    ]);
    expect(doc.radar.rings.map((r: { name: string }) => r.name)).toEqual([
      'Adopt',
      'Trial',
      'Assess',
      'Hold',
    ]);
    expect(doc.radar.quadrants).toHaveLength(4);
    // Every Backstage kind, with an API whose OpenAPI definition is inline, and relations.
    const kinds = doc.entities.map((e: { kind: string }) => e.kind);
    for (const kind of ['domain', 'system', 'api', 'resource']) expect(kinds).toContain(kind);
    const checkoutApi = doc.entities.find((e: { name: string }) => e.name === 'checkout-api');
    expect(checkoutApi).toMatchObject({ type: 'openapi', system: 'default/checkout' });
    expect(checkoutApi.definition).toContain('openapi: 3.0.3');
    expect(doc.relations).toContainEqual({
      component: 'default/checkout-service',
      type: 'providesApi',
      entity: 'api:default/checkout-api',
    });
    const versions = doc.versions
      .filter((v: { component: string }) => v.component === 'component:default/checkout-service')
      .map((v: { version: string }) => v.version);
    expect(versions).toEqual(['1.9.3', '1.10.0', '2.0.0-rc.1']);
  });
});

describe('Argus JSON', () => {
  it('round-trips: export, import into an empty Argus, export again gives the same document', async () => {
    const first = await exportJson(a);
    expect(first.headers['content-type']).toContain('application/json');
    expect(first.headers['content-disposition']).toMatch(
      /^attachment; filename="argus-catalog-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    const doc = JSON.parse(first.body);
    expect(doc).toMatchObject({ format: 'argus', version: 1 });
    expect(first.body).not.toMatch(/"passwordHash"|"id":/);

    const res = await importJson(b, first.body);
    expect(res.statusCode, res.body).toBe(201);
    const counts = byModel(res.json());
    expect(counts.components).toEqual({
      read: doc.components.length,
      created: doc.components.length,
      updated: 0,
      skipped: 0,
    });
    expect(counts.people).toEqual({
      read: doc.people.length,
      created: doc.people.length - 1,
      updated: 1,
      skipped: 0,
    });
    expect(counts.requirement_statuses.created).toBe(doc.requirementStatuses.length);

    const second = await exportJson(b);
    expect(withoutTimestamp(second.body)).toEqual(withoutTimestamp(first.body));
  });

  it('imports the same document again as updates, changing nothing', async () => {
    const before = (await exportJson(b)).body;
    const res = await importJson(b, before);
    expect(res.statusCode, res.body).toBe(201);
    for (const m of res.json().models) expect(m.created, m.model).toBe(0);
    expect(withoutTimestamp((await exportJson(b)).body)).toEqual(withoutTimestamp(before));
    const history = await b.t.request(b.admin, { method: 'GET', url: '/api/history?limit=5' });
    expect(history.json().items.every((e: { action: string }) => e.action === 'create')).toBe(true);
  });

  it('restores into an existing instance: changed values are set back', async () => {
    const backup = (await exportJson(b)).body;
    const patched = await b.t.request(b.admin, {
      method: 'PATCH',
      url: '/api/components/default/checkout-service',
      payload: { description: 'changed after the backup', tags: ['changed'] },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const res = await importJson(b, backup);
    expect(res.statusCode).toBe(201);
    expect(byModel(res.json()).components.updated).toBeGreaterThan(0);
    expect(withoutTimestamp((await exportJson(b)).body)).toEqual(withoutTimestamp(backup));
  });

  it('refuses malformed JSON with its line and column', async () => {
    const res = await importJson(
      b,
      '{\n  "format": "argus",\n  "version": 1,\n  "components": [}\n',
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().problems[0].field).toMatch(/^line 4, column \d+$/);
  });

  it('refuses other formats and versions', async () => {
    const other = await importJson(b, JSON.stringify({ format: 'backstage', version: 1 }));
    expect(other.statusCode).toBe(400);
    expect(other.json().problems[0].field).toBe('format');
    const newer = await importJson(b, JSON.stringify({ format: 'argus', version: 2 }));
    expect(newer.json().problems[0]).toEqual({
      field: 'version',
      reason: expect.stringContaining('version 1'),
    });
  });

  it('names every bad field, and writes nothing', async () => {
    const doc = {
      format: 'argus',
      version: 1,
      exportedAt: 'now',
      teams: [{ name: 'new-team' }],
      components: [
        { name: 'fine-one', owner: 'new-team' },
        { name: 'bad', lifecycle: 'bogus' },
        { name: 'orphan', owner: 'no-such-team' },
      ],
      dependencies: [{ from: 'fine-one', to: 'missing', type: 'strong_rw' }],
    };
    const shape = await importJson(b, JSON.stringify(doc));
    expect(shape.statusCode).toBe(400);
    expect(shape.json().problems).toEqual([
      { field: 'components[1].lifecycle', reason: expect.any(String) },
    ]);

    doc.components[1]!.lifecycle = 'mature';
    const refs = await importJson(b, JSON.stringify(doc));
    expect(refs.statusCode).toBe(400);
    expect(refs.json().problems).toEqual([
      { field: 'components[2].owner', reason: 'no team "no-such-team"' },
      {
        field: 'dependencies[0].to',
        reason: expect.stringContaining('no component component:default/missing'),
      },
    ]);
    const after = JSON.parse((await exportJson(b)).body);
    expect(after.teams.map((t: { name: string }) => t.name)).not.toContain('new-team');
    expect(after.components.map((c: { name: string }) => c.name)).not.toContain('fine-one');
  });

  it('refuses a dependency cycle', async () => {
    const res = await importJson(
      b,
      JSON.stringify({
        format: 'argus',
        version: 1,
        exportedAt: '',
        dependencies: [{ from: 'orders-db', to: 'checkout-service', type: 'weak_ro' }],
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().problems[0]).toEqual({
      field: 'dependencies[0].to',
      reason: expect.stringMatching(
        /cycle: component:default\/orders-db -> .*component:default\/orders-db$/,
      ),
    });
  });

  it('lets any logged-in user export and only admins import', async () => {
    const member = await b.t.user('member');
    const exported = await b.client.request(member, { method: 'GET', url: '/api/export/argus' });
    expect(exported.statusCode).toBe(200);
    expect((await importJson(b, exported.body, member)).statusCode).toBe(403);
    expect(
      (await b.client.request(null, { method: 'GET', url: '/api/export/argus' })).statusCode,
    ).toBe(401);
  });
});
