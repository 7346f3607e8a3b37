import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { importBackstage, readBackstagePath } from '../../src/catalog/transfer/backstage.js';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { byModel, type TransferClient, transferClient } from './transfer-helpers.js';

const FILES: Record<string, string> = {
  'org/groups.yaml': `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: engineering
  description: Everyone who builds things
spec:
  type: department
  profile:
    displayName: Engineering
  children: [payments]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: payments
spec:
  type: team
  profile:
    displayName: Payments
    email: payments@example.com
  members: [alice]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: web
spec:
  type: team
  parent: group:default/engineering
  children: []
`,
  'org/users/people.yml': `apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: alice
spec:
  profile:
    displayName: Alice Example
    email: alice@example.com
  memberOf: [payments]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: bob
spec:
  profile:
    displayName: Bob Example
  memberOf: [group:default/web]
`,
  'services/billing/catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: billing
  title: Billing
  description: Invoices and payments
  tags: [payments, java]
  labels:
    tier: "1"
  annotations:
    github.com/project-slug: example/billing
  links:
    - url: https://dashboards.example.com/billing
      title: Dashboard
      icon: dashboard
      type: dashboard
spec:
  type: service
  lifecycle: production
  owner: group:payments
  system: payments-system
  dependsOn:
    - component:billing-db
    - resource:invoices-bucket
  providesApis: [billing-api]
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: billing-api
spec:
  type: openapi
  lifecycle: production
  owner: payments
  definition: "openapi: 3.0.0"
`,
  'services/billing-db/catalog-info.yml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: billing-db
spec:
  type: postgres-cluster
  lifecycle: experimental
  owner: payments
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: invoices-bucket
spec:
  type: s3-bucket
  owner: payments
`,
  'services/web/deep/catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: storefront
  namespace: shop
spec:
  type: website
  lifecycle: beta
  owner: web
  dependsOn: [component:default/billing]
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata:
  name: payments-system
spec:
  owner: payments
---
apiVersion: backstage.io/v1alpha1
kind: Domain
metadata:
  name: commerce
spec:
  owner: engineering
`,
  'services/web/README.md': '# not a descriptor\n',
};

let dir: string;
let a: TestApp;
let b: TestApp;
let adminA: TestUser;
let adminB: TestUser;
let clientA: TransferClient;
let clientB: TransferClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'argus-backstage-'));
  for (const [path, text] of Object.entries(FILES)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  [a, b] = await Promise.all([startTestApp(), startTestApp()]);
  adminA = await a.user('root', { admin: true });
  adminB = await b.user('root', { admin: true });
  clientA = await transferClient(a);
  clientB = await transferClient(b);
});
afterAll(async () => {
  await clientA.close();
  await clientB.close();
  await a.close();
  await b.close();
  await rm(dir, { recursive: true, force: true });
});

const exportYaml = async (client: TransferClient, as: TestUser) => {
  const res = await client.request(as, { method: 'GET', url: '/api/export/backstage' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('application/yaml');
  expect(res.headers['content-disposition']).toMatch(/filename="argus-catalog-.*\.yaml"/);
  return res.body;
};
const importYaml = (client: TransferClient, as: TestUser, payload: string) =>
  client.request(as, {
    method: 'POST',
    url: '/api/import/backstage',
    headers: { 'content-type': 'application/yaml' },
    payload,
  });

describe('Backstage import from a folder', () => {
  it('reads every *.yaml and *.yml below the folder, and maps every kind', async () => {
    const files = await readBackstagePath(dir);
    expect(files.map((f) => f.path)).toEqual([
      'org/groups.yaml',
      'org/users/people.yml',
      'services/billing-db/catalog-info.yml',
      'services/billing/catalog-info.yaml',
      'services/web/deep/catalog-info.yaml',
    ]);
    const report = await importBackstage(a.database.db, a.bus, a.system, files, { source: dir });
    const counts = byModel(report);
    expect(counts.Group).toEqual({ read: 3, created: 3, updated: 0, skipped: 0 });
    expect(counts.User).toEqual({ read: 2, created: 2, updated: 0, skipped: 0 });
    expect(counts.Component).toEqual({ read: 3, created: 3, updated: 0, skipped: 0 });
    for (const kind of ['System', 'Domain', 'API', 'Resource'])
      expect(counts[kind]).toEqual({ read: 1, created: 1, updated: 0, skipped: 0 });
    // Two components and a resource (the tree in backstage-tree.test.ts checks every kind).
    expect(counts.dependsOn).toEqual({ read: 3, created: 3, updated: 0, skipped: 0 });
    expect(counts.providesApis).toEqual({ read: 1, created: 1, updated: 0, skipped: 0 });
    expect(counts['reference:component_types']!.created).toBe(3);
    const warnings = report.warnings.join('\n');
    expect(warnings).toContain('lifecycle "beta" is not an Argus lifecycle; imported as "unknown"');
  });

  it('stores what the descriptors say', async () => {
    const page = (
      await a.request(adminA, { method: 'GET', url: '/api/components/default/billing' })
    ).json();
    expect(page.component).toMatchObject({
      title: 'Billing',
      description: 'Invoices and payments',
      type: 'service',
      lifecycle: 'mature',
      owner: 'payments',
      system: 'payments-system',
      tags: ['payments', 'java'],
      labels: { tier: '1' },
      annotations: { 'github.com/project-slug': 'example/billing' },
      links: [
        { url: 'https://dashboards.example.com/billing', title: 'Dashboard', type: 'dashboard' },
      ],
    });
    expect(page.dependsOn.map((d: { to: string }) => d.to)).toEqual([
      'component:default/billing-db',
    ]);
    expect(page.dependents.map((d: { from: string }) => d.from)).toEqual([
      'component:shop/storefront',
    ]);
    const storefront = (
      await a.request(adminA, { method: 'GET', url: '/api/components/shop/storefront' })
    ).json();
    expect(storefront.component).toMatchObject({ lifecycle: 'unknown', owner: 'web' });
    const teams = (await a.request(adminA, { method: 'GET', url: '/api/teams' })).json();
    const list = Array.isArray(teams) ? teams : teams.items;
    const byName = Object.fromEntries(list.map((t: { name: string }) => [t.name, t]));
    expect(byName.payments).toMatchObject({
      parent: 'engineering',
      title: 'Payments',
      members: ['alice'],
    });
    expect(byName.web).toMatchObject({ parent: 'engineering', members: ['bob'] });
  });

  it('imports the folder again as updates', async () => {
    const report = await importBackstage(
      a.database.db,
      a.bus,
      a.system,
      await readBackstagePath(dir),
    );
    const counts = byModel(report);
    expect(counts.Component).toEqual({ read: 3, created: 0, updated: 3, skipped: 0 });
    expect(counts.Group).toEqual({ read: 3, created: 0, updated: 3, skipped: 0 });
    expect(counts.dependsOn).toEqual({ read: 3, created: 0, updated: 3, skipped: 0 });
  });
});

describe('Backstage export', () => {
  it('round-trips: export, import into an empty Argus, export again gives the same YAML', async () => {
    const first = await exportYaml(clientA, adminA);
    const docs = parseAllDocuments(first).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual([
      ...Array(3).fill('Group'),
      ...Array(3).fill('User'),
      'Domain',
      'System',
      ...Array(3).fill('Component'),
      'API',
      'Resource',
    ]);
    const billing = docs.find((d) => d.kind === 'Component' && d.metadata.name === 'billing');
    expect(billing.spec).toEqual({
      type: 'service',
      lifecycle: 'production',
      owner: 'group:payments',
      system: 'payments-system',
      dependsOn: ['component:billing-db', 'resource:invoices-bucket'],
      providesApis: ['api:billing-api'],
    });
    const storefront = docs.find((d) => d.metadata.name === 'storefront');
    expect(storefront.metadata.namespace).toBe('shop');
    expect(storefront.spec.dependsOn).toEqual(['component:default/billing']);

    const res = await importYaml(clientB, adminB, first);
    expect(res.statusCode, res.body).toBe(201);
    expect(byModel(res.json()).Component).toEqual({ read: 3, created: 3, updated: 0, skipped: 0 });
    const second = await exportYaml(clientB, adminB);
    expect(second).toBe(first);
  });

  it('refuses malformed YAML, naming the line, and writes nothing', async () => {
    const res = await importYaml(
      clientB,
      adminB,
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: [broken\nspec: {}\n',
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().problems[0]).toEqual({
      field: expect.stringMatching(/^upload:\d+:\d+$/),
      reason: expect.stringContaining('not valid YAML'),
    });
  });

  it('refuses an unknown owner, naming the document, and writes nothing', async () => {
    const yaml = `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: orphan\nspec:\n  type: service\n  lifecycle: production\n  owner: group:nobody\n`;
    const res = await importYaml(
      clientB,
      adminB,
      `apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: newcomers\nspec:\n  type: team\n  children: []\n---\n${yaml}`,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().problems).toEqual([
      { field: 'upload:16 spec.owner', reason: 'no group "nobody" in the files or in Argus' },
    ]);
    expect(
      (await b.request(adminB, { method: 'GET', url: '/api/teams/newcomers' })).statusCode,
    ).toBe(404);
  });
});
