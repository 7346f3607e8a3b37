import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HistoryQuery, historyQuery } from '../../src/platform/audit/service.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { type CatalogFixture, seedCatalog } from '../helpers/catalog-fixture.js';
import { type TransferClient, transferClient } from './transfer-helpers.js';

/** The history misses nothing: cascades and imports record every entity they change. */

let t: TestApp;
let f: CatalogFixture;
let transfer: TransferClient;

beforeAll(async () => {
  t = await startTestApp();
  f = await seedCatalog(t);
  transfer = await transferClient(t);
});
afterAll(async () => {
  await transfer.close();
  await t.close();
});

interface Event {
  id: number;
  entityType: string;
  entityId: string;
  entityRef: string;
  action: string;
  field: string | null;
  oldValue: unknown;
  newValue: unknown;
  reason: string | null;
}

async function history(query: string): Promise<Event[]> {
  const res = await t.request(f.admin, { method: 'GET', url: `/api/history?${query}&limit=1000` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}

async function page(ref: string) {
  const res = await t.request(f.admin, { method: 'GET', url: `/api/components/default/${ref}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('history of cascaded changes', () => {
  it('renaming a team records the new owner on each component it owns', async () => {
    await t.catalog.createComponent(t.system, {
      name: 'payments-worker',
      namespace: 'default',
      owner: 'payments',
    });
    const res = await t.request(f.admin, {
      method: 'PATCH',
      url: '/api/teams/payments',
      payload: { name: 'payments-team' },
    });
    expect(res.statusCode, res.body).toBe(200);
    for (const name of ['payments-api', 'payments-worker']) {
      const { component } = await page(name);
      expect(component.owner).toBe('payments-team');
      const events = await history(`entityType=component&entityId=${component.id}`);
      expect(events.filter((e) => e.field === 'owner' && e.action === 'update')).toMatchObject([
        {
          entityRef: `component:default/${name}`,
          oldValue: 'payments',
          newValue: 'payments-team',
          reason: 'team payments renamed to payments-team',
        },
      ]);
    }
    // A component the team does not own is left alone, in data and in history.
    const { component: other } = await page('storefront');
    const events = await history(`entityType=component&entityId=${other.id}`);
    expect(events.filter((e) => e.field === 'owner' && e.action === 'update')).toEqual([]);
  });

  it('renaming a list value records it on the components, versions and deployments using it', async () => {
    await t.catalog.createReference(t.system, 'environments', {
      name: 'prod',
      description: '',
      position: 0,
      parent: null,
      extra: {},
    });
    await t.catalog.addDeployment(t.system, 'payments-api', '1.0', {
      environment: 'prod',
      serviceName: 'payments',
    } as never);
    const rename = (list: string, item: string, name: string) =>
      t.request(f.admin, {
        method: 'PATCH',
        url: `/api/reference/${list}/${item}`,
        payload: { name },
      });
    for (const [list, item, name] of [
      ['categories', 'Backend', 'Back end'],
      ['languages', 'Go', 'Golang'],
      ['environments', 'prod', 'production'],
    ] as const) {
      const res = await rename(list, item, name);
      expect(res.statusCode, res.body).toBe(200);
    }
    const { component, versions } = await page('payments-api');
    expect(component.category).toBe('Back end');
    const componentEvents = await history(`entityType=component&entityId=${component.id}`);
    expect(
      componentEvents.filter((e) => e.field === 'category' && e.action === 'update'),
    ).toMatchObject([
      {
        oldValue: 'Backend',
        newValue: 'Back end',
        reason: 'categories value "Backend" renamed to "Back end"',
      },
    ]);
    const byVersion = new Map(versions.map((v: { version: string; id: string }) => [v.version, v]));
    const expected: Record<string, [string[], string[]]> = {
      '1.0': [['Go'], ['Golang']],
      '1.10': [
        ['Go', 'Python'],
        ['Golang', 'Python'],
      ],
    };
    for (const [version, [before, after]] of Object.entries(expected)) {
      const v = byVersion.get(version) as {
        id: string;
        languages: string[];
        deployments: { id: string; environment: string }[];
      };
      expect(v.languages).toEqual(after);
      const events = await history(`entityType=version&entityId=${v.id}`);
      expect(events.filter((e) => e.field === 'languages' && e.action === 'update')).toMatchObject([
        {
          entityRef: `component:default/payments-api@${version}`,
          oldValue: before,
          newValue: after,
        },
      ]);
    }
    const deployment = (
      byVersion.get('1.0') as { deployments: { id: string; environment: string }[] }
    ).deployments[0]!;
    expect(deployment.environment).toBe('production');
    const events = await history(`entityType=deployment&entityId=${deployment.id}`);
    expect(events.filter((e) => e.action === 'update')).toMatchObject([
      { field: 'environment', oldValue: 'prod', newValue: 'production' },
    ]);
    // The component page's history (by reference) shows them all.
    const shown = await history(`ref=${encodeURIComponent('component:default/payments-api')}`);
    const reasons = new Set(shown.map((e) => e.reason));
    expect(reasons).toContain('languages value "Go" renamed to "Golang"');
    expect(reasons).toContain('environments value "prod" renamed to "production"');
  });
});

describe('history of an import', () => {
  it('records versions, dependencies and deployments of a new component as entities of their own', async () => {
    const doc = {
      format: 'argus',
      version: 1,
      exportedAt: new Date().toISOString(),
      components: [{ name: 'imported-svc', owner: 'web' }],
      versions: [{ component: 'imported-svc', version: '2.0', languages: ['TypeScript'] }],
      dependencies: [{ from: 'imported-svc', to: 'ledger-db', type: 'strong_rw' }],
      deployments: [{ component: 'imported-svc', version: '2.0', serviceName: 'imported' }],
    };
    const res = await transfer.request(f.admin, {
      method: 'POST',
      url: '/api/import/argus',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(doc),
    });
    expect(res.statusCode, res.body).toBe(201);
    const view = await page('imported-svc');
    const [componentEvent] = await history(`entityType=component&entityId=${view.component.id}`);
    expect(componentEvent).toMatchObject({
      action: 'create',
      entityRef: 'component:default/imported-svc',
    });
    // The component's snapshot is the component: its parts have their own events.
    expect(Object.keys(componentEvent!.newValue as object)).not.toContain('versions');

    const version = view.versions[0];
    expect(await history(`entityType=version&entityId=${version.id}`)).toMatchObject([
      {
        action: 'create',
        entityRef: 'component:default/imported-svc@2.0',
        newValue: { version: '2.0', languages: ['TypeScript'] },
        reason: expect.stringMatching(/^imported from /),
      },
    ]);
    const dependency = view.dependsOn[0];
    expect(await history(`entityType=dependency&entityId=${dependency.id}`)).toMatchObject([
      {
        action: 'create',
        entityRef: 'component:default/imported-svc->component:default/ledger-db',
        newValue: { to: 'component:default/ledger-db', type: 'strong_rw' },
      },
    ]);
    const deployment = version.deployments[0];
    expect(await history(`entityType=deployment&entityId=${deployment.id}`)).toMatchObject([
      { action: 'create', newValue: { serviceName: 'imported' } },
    ]);
    // And the page of the component depended on shows the new dependency in its history.
    const ledger = await history(`ref=${encodeURIComponent('component:default/ledger-db')}`);
    expect(ledger.map((e) => e.entityId)).toContain(dependency.id);
  });
});

describe('history of an import that renames a team', () => {
  it('records the owner change of its components once, old -> new', async () => {
    const res = await transfer.request(f.admin, {
      method: 'POST',
      url: '/api/import/argus',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        format: 'argus',
        version: 1,
        exportedAt: new Date().toISOString(),
        // Teams match by name ignoring case: this renames "web" to "Web".
        teams: [{ name: 'Web' }],
        components: [{ name: 'storefront', owner: 'Web' }],
      }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const { component } = await page('storefront');
    expect(component.owner).toBe('Web');
    const events = await history(`entityType=component&entityId=${component.id}`);
    expect(events.filter((e) => e.field === 'owner' && e.action === 'update')).toMatchObject([
      { oldValue: 'web', newValue: 'Web' },
    ]);
  });
});

describe('history of an import that respells a list value', () => {
  it('renames the value where it is used, recording it once per entity', async () => {
    const res = await transfer.request(f.admin, {
      method: 'POST',
      url: '/api/import/argus',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        format: 'argus',
        version: 1,
        exportedAt: new Date().toISOString(),
        // Lists match ignoring case: "Data" becomes "DATA", "Python" becomes "python".
        referenceLists: { categories: [{ name: 'DATA' }], languages: [{ name: 'python' }] },
        components: [{ name: 'ledger-db', category: 'data' }],
      }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const ledger = await page('ledger-db');
    expect(ledger.component.category).toBe('DATA');
    const events = await history(`entityType=component&entityId=${ledger.component.id}`);
    expect(events.filter((e) => e.field === 'category' && e.action === 'update')).toMatchObject([
      { oldValue: 'Data', newValue: 'DATA' },
    ]);
    // A version not in the document follows the list too, and says so.
    const { versions } = await page('payments-api');
    const v110 = versions.find((v: { version: string }) => v.version === '1.10');
    expect(v110.languages).toContain('python');
    const versionEvents = await history(`entityType=version&entityId=${v110.id}`);
    expect(
      versionEvents.filter((e) => e.field === 'languages' && e.action === 'update').at(0),
    ).toMatchObject({ newValue: expect.arrayContaining(['python']) });
  });
});

describe('history at scale', () => {
  it('the history of one entity, and of a component with its parts, are read through indexes', async () => {
    const db = t.database.db;
    const client = (
      db as unknown as {
        $client: {
          query(text: string, params?: unknown[]): Promise<{ rows: Record<string, string>[] }>;
        };
      }
    ).$client;
    // 60,000 events over 601 components, their versions and dependencies between them.
    await client.query(`
      INSERT INTO audit_events (actor_name, request_id, entity_type, entity_id, entity_ref, action, field, new_value)
      SELECT 'bench', 'bench', kind, gen_random_uuid()::text,
        CASE kind
          WHEN 'component' THEN 'component:bench/c' || (n % 601)
          WHEN 'version' THEN 'component:bench/c' || (n % 601) || '@1.' || (n % 7)
          ELSE 'component:bench/c' || (n % 601) || '->component:bench/c' || ((n * 7) % 601)
        END,
        'update', 'title', to_jsonb(n)
      FROM generate_series(1, 60000) AS n,
        LATERAL (SELECT (ARRAY['component', 'version', 'dependency'])[1 + n % 3] AS kind) k`);
    await client.query('ANALYZE audit_events');
    const plan = async (query: HistoryQuery) => {
      const { sql, params } = historyQuery(db, query).toSQL();
      const explained = await client.query(`EXPLAIN ${sql}`, params);
      return explained.rows.map((r) => Object.values(r)[0]).join('\n');
    };
    // As the history route asks for the component page: one page more than shown.
    const ref = await plan({ ref: 'component:bench/c42', limit: 51 });
    expect(ref).toContain('audit_ref_idx');
    expect(ref).toContain('audit_dependency_to_idx');
    expect(ref).not.toMatch(/Seq Scan on audit_events/);
    const entity = await plan({ entityType: 'component', entityId: 'c42', limit: 51 });
    expect(entity).toContain('audit_entity_idx');
    expect(entity).not.toMatch(/Seq Scan on audit_events/);
  });
});
