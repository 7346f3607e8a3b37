import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { importBackstage, readBackstagePath } from '../../src/catalog/transfer/backstage.js';
import type { ImportReport } from '../../src/catalog/transfer/report.js';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { byModel, type TransferClient, transferClient } from './transfer-helpers.js';

// A Backstage catalog tree of every kind (test/fixtures/backstage-tree): a root Location whose
// targets are relative to it, and a Location in a service's file relative to that file. It is
// imported into an empty Argus, checked through the API, exported, imported into another empty
// Argus, and the two exports are the same.
const ROOT = join(import.meta.dirname, '../fixtures/backstage-tree/catalog-info.yaml');

let a: TestApp;
let b: TestApp;
let adminA: TestUser;
let adminB: TestUser;
let clientA: TransferClient;
let clientB: TransferClient;
let report: ImportReport;

// Two embedded databases start side by side: on a busy machine that takes longer than the default.
beforeAll(async () => {
  [a, b] = await Promise.all([startTestApp(), startTestApp()]);
  adminA = await a.user('root', { admin: true });
  adminB = await b.user('root', { admin: true });
  clientA = await transferClient(a);
  clientB = await transferClient(b);
}, 180_000);
afterAll(async () => {
  await clientA?.close();
  await clientB?.close();
  await a?.close();
  await b?.close();
});

const getA = async (url: string) => {
  const res = await a.request(adminA, { method: 'GET', url });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json();
};
const exportYaml = async (client: TransferClient, as: TestUser) => {
  const res = await client.request(as, { method: 'GET', url: '/api/export/backstage' });
  expect(res.statusCode).toBe(200);
  return res.body;
};

describe('a Backstage tree of every kind', () => {
  it('follows Location targets relative to the file that holds each Location', async () => {
    const files = await readBackstagePath(ROOT);
    expect(files.map((f) => f.path)).toEqual([
      'catalog-info.yaml',
      'org/groups.yaml',
      'org/users.yaml',
      'systems/commerce.yaml',
      'services/checkout/catalog-info.yaml',
      'services/payments/catalog-info.yaml',
    ]);
    report = await importBackstage(a.database.db, a.bus, a.system, files, { source: 'tree' });
    const counts = byModel(report);
    const created = (n: number) => ({ read: n, created: n, updated: 0, skipped: 0 });
    expect(counts.Group).toEqual(created(3));
    expect(counts.User).toEqual(created(3));
    expect(counts.Domain).toEqual(created(1));
    expect(counts.System).toEqual(created(2));
    expect(counts.Component).toEqual(created(3));
    expect(counts.API).toEqual(created(2));
    expect(counts.Resource).toEqual(created(2));
    expect(counts.providesApis).toEqual(created(2));
    expect(counts.consumesApis).toEqual(created(1));
    expect(counts.dependsOn).toEqual(created(3));
    expect(counts.Location).toEqual({ read: 2, created: 0, updated: 0, skipped: 2 });
    // What is not kept is named, per entity, with the reason: here only the Locations.
    expect(report.records.map((r) => `${r.model} ${r.outcome}`)).toEqual([
      'Location skipped',
      'Location skipped',
    ]);
    expect(report.records[0]!.record).toContain('kestrel-root');
    expect(report.records[0]!.reason).toContain('not stored');
  });

  it('keeps every entity, owner, system, domain, lifecycle, type and tag', async () => {
    const teams = (await getA('/api/teams')).items;
    const team = Object.fromEntries(teams.map((t: { name: string }) => [t.name, t]));
    expect(team.engineering).toMatchObject({
      type: 'business-unit',
      parent: null,
      members: ['carol'],
    });
    expect(team.payments).toMatchObject({
      type: 'team',
      parent: 'engineering',
      members: ['alice'],
    });
    expect(team.storefront).toMatchObject({
      type: 'product-area',
      parent: 'engineering',
      members: ['bob'],
    });

    // Each imported entity with its fields, then what it links to, by reference.
    const entities: [string, object][] = [
      [
        '/api/domains/default/commerce',
        {
          title: 'Commerce',
          description: 'Selling and **getting paid**',
          ownerRef: 'group:engineering',
        },
      ],
      [
        '/api/systems/default/payments',
        { ownerRef: 'group:payments', domain: 'domain:default/commerce', tags: ['pci'] },
      ],
      [
        '/api/systems/default/shop',
        { ownerRef: 'group:storefront', domain: 'domain:default/commerce' },
      ],
      [
        '/api/apis/default/payments-api',
        {
          type: 'openapi',
          lifecycle: 'mature',
          ownerRef: 'user:alice',
          system: 'system:default/payments',
          hasDefinition: true,
        },
      ],
      [
        '/api/apis/default/checkout-api',
        { type: 'graphql', lifecycle: 'experimental', ownerRef: 'group:storefront' },
      ],
      [
        '/api/catalog-resources/default/orders-db',
        { type: 'database', ownerRef: 'user:bob', system: 'system:default/shop' },
      ],
    ];
    for (const [url, expected] of entities)
      expect((await getA(url)).entity, url).toMatchObject(expected);
    const links: [string, string, string[]][] = [
      [
        '/api/systems/default/payments',
        'components',
        ['component:default/payments-reconciler', 'component:default/payments-service'],
      ],
      ['/api/systems/default/payments', 'apis', ['api:default/payments-api']],
      ['/api/systems/default/payments', 'resources', ['resource:default/payments-queue']],
      ['/api/apis/default/payments-api', 'providers', ['component:default/payments-service']],
      ['/api/apis/default/payments-api', 'consumers', ['component:default/checkout']],
      ['/api/catalog-resources/default/orders-db', 'dependents', ['component:default/checkout']],
    ];
    for (const [url, field, refs] of links)
      expect(
        ((await getA(url))[field] as { ref: string }[]).map((c) => c.ref),
        `${url} ${field}`,
      ).toEqual(refs);
    expect((await getA('/api/apis/default/payments-api/definition')).definition).toContain(
      '/payments:',
    );

    // `user:default/carol` owns a component: the person, not a team.
    expect((await getA('/api/components/default/payments-reconciler')).component).toMatchObject({
      owner: 'carol',
      ownerRef: 'user:carol',
      system: 'payments',
      lifecycle: 'experimental',
    });
    const checkout = await getA('/api/components/default/checkout');
    expect(checkout.component).toMatchObject({
      type: 'website',
      lifecycle: 'mature',
      owner: 'storefront',
      ownerRef: 'group:storefront',
      system: 'shop',
      tags: ['web', 'typescript'],
      annotations: { 'backstage.io/techdocs-ref': 'dir:.' },
    });
    expect(checkout.systemRef).toBe('system:default/shop');
    expect(checkout.providesApis.map((r: { entity: string }) => r.entity)).toEqual([
      'api:default/checkout-api',
    ]);
    expect(checkout.consumesApis.map((r: { entity: string }) => r.entity)).toEqual([
      'api:default/payments-api',
    ]);
    expect(checkout.dependsOnResources.map((r: { entity: string }) => r.entity)).toEqual([
      'resource:default/orders-db',
    ]);
    expect(checkout.dependsOn.map((d: { to: string }) => d.to)).toEqual([
      'component:default/payments-service',
    ]);
  });

  it('exports every kind, and an empty Argus importing the export exports the same', async () => {
    const first = await exportYaml(clientA, adminA);
    const docs = parseAllDocuments(first).map((d) => d.toJS());
    const kinds = docs.map((d) => d.kind);
    // Users: the tree's three and the admin who imported it.
    for (const [kind, n] of Object.entries({
      Group: 3,
      User: 4,
      Domain: 1,
      System: 2,
      Component: 3,
      API: 2,
      Resource: 2,
    }))
      expect(kinds.filter((k) => k === kind).length, kind).toBe(n);
    const checkout = docs.find((d) => d.kind === 'Component' && d.metadata.name === 'checkout');
    expect(checkout.spec).toEqual({
      type: 'website',
      lifecycle: 'production',
      owner: 'group:storefront',
      system: 'shop',
      dependsOn: ['component:payments-service', 'resource:orders-db'],
      providesApis: ['api:checkout-api'],
      consumesApis: ['api:payments-api'],
    });
    const reconciler = docs.find(
      (d) => d.kind === 'Component' && d.metadata.name === 'payments-reconciler',
    );
    expect(reconciler.spec).toEqual({
      type: 'service',
      lifecycle: 'experimental',
      owner: 'user:carol',
      system: 'payments',
    });
    const api = docs.find((d) => d.kind === 'API' && d.metadata.name === 'payments-api');
    expect(api.spec).toMatchObject({
      type: 'openapi',
      lifecycle: 'production',
      owner: 'user:alice',
      system: 'payments',
    });
    const group = docs.find((d) => d.kind === 'Group' && d.metadata.name === 'storefront');
    expect(group.spec).toMatchObject({ type: 'product-area', parent: 'engineering' });

    const res = await clientB.request(adminB, {
      method: 'POST',
      url: '/api/import/backstage',
      headers: { 'content-type': 'application/yaml' },
      payload: first,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().records).toEqual([]);
    const second = await exportYaml(clientB, adminB);
    expect(second).toBe(first);
  });

  it('imports the tree again as updates, changing nothing', async () => {
    const before = await exportYaml(clientA, adminA);
    const again = await importBackstage(
      a.database.db,
      a.bus,
      a.system,
      await readBackstagePath(ROOT),
      { source: 'tree' },
    );
    const counts = byModel(again);
    expect(counts.API).toEqual({ read: 2, created: 0, updated: 2, skipped: 0 });
    expect(counts.providesApis).toEqual({ read: 2, created: 0, updated: 2, skipped: 0 });
    expect(await exportYaml(clientA, adminA)).toBe(before);
  });
});
