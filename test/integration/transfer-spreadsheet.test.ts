import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLUMNS } from '../../src/catalog/transfer/spreadsheet.js';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { byModel, type TransferClient, transferClient } from './transfer-helpers.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** People and teams: a spreadsheet names them but does not create them. */
const DIRECTORY = {
  people: [
    { username: 'alice', name: 'Alice', email: 'alice@example.com' },
    { username: 'bob' },
    { username: 'carol' },
  ],
  teams: [
    { name: 'payments', members: ['alice'] },
    { name: 'platform', members: ['bob'] },
  ],
};

/** A catalog holding only what the spreadsheet columns carry. */
const CATALOG = {
  format: 'argus',
  version: 1,
  exportedAt: '',
  ...DIRECTORY,
  components: [
    {
      name: 'billing',
      category: 'APIs',
      subcategory: 'Public',
      vendor: 'Acme, Inc.',
      type: 'service',
      description: 'Invoices, "credit notes"\nand payments',
      lifecycle: 'mature',
      owner: 'payments',
      locationClasses: ['Cloud', 'Edge'],
      tags: ['payments', 'tier-1'],
    },
    {
      name: 'billing-db',
      type: 'database',
      lifecycle: 'mature',
      owner: 'platform',
      category: 'Data Stores',
    },
    { name: 'docs-site', type: 'website', lifecycle: 'experimental', owner: 'platform' },
    {
      namespace: 'shop',
      name: 'storefront',
      type: 'website',
      lifecycle: 'new',
      owner: 'payments',
      tags: ['web'],
    },
  ],
  versions: [
    {
      component: 'billing',
      version: '1.9',
      languages: ['Kotlin'],
      frameworks: ['Ktor'],
      databases: ['PostgreSQL'],
      loggers: ['Logback'],
      devLinks: {
        repository: 'https://git.example.com/billing',
        docs: 'https://docs.example.com/billing',
        api_spec: 'https://git.example.com/billing/openapi.yaml',
      },
      people: {
        maintainer: ['alice'],
        qa_lead: ['bob'],
        product_manager: ['carol'],
        architect: ['alice', 'bob'],
      },
    },
    {
      component: 'billing',
      version: '1.10',
      languages: ['Kotlin', 'SQL'],
      people: { maintainer: ['alice'] },
    },
    { component: 'billing-db', version: '15.6', databases: ['PostgreSQL'] },
    { component: 'shop/storefront', version: '2.0.0-rc.1', languages: ['TypeScript'] },
  ],
  dependencies: [
    { from: 'billing', to: 'billing-db', type: 'strong_rw' },
    { from: 'billing', fromVersion: '1.10', to: 'docs-site', type: 'weak_ro' },
    { from: 'shop/storefront', to: 'billing', type: 'strong_ro' },
  ],
  deployments: [{ component: 'billing', version: '1.10', openPorts: [443, 8080] }],
};

interface Instance {
  t: TestApp;
  admin: TestUser;
  client: TransferClient;
}

async function instance(doc: object, overrides = {}): Promise<Instance> {
  const t = await startTestApp(overrides);
  const admin = await t.user('root', { admin: true });
  const client = await transferClient(t, (overrides as { maxUploadMb?: number }).maxUploadMb);
  const res = await client.request(admin, {
    method: 'POST',
    url: '/api/import/argus',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ format: 'argus', version: 1, exportedAt: '', ...doc }),
  });
  expect(res.statusCode, res.body).toBe(201);
  return { t, admin, client };
}

const exportAs = async (i: Instance, format: 'csv' | 'xlsx' | 'argus') => {
  const res = await i.client.request(i.admin, { method: 'GET', url: `/api/export/${format}` });
  expect(res.statusCode).toBe(200);
  return res;
};
const importSheet = (
  i: Instance,
  payload: string | Buffer,
  type: string,
  query = '',
  as: TestUser = i.admin,
) =>
  i.client.request(as, {
    method: 'POST',
    url: `/api/import/spreadsheet${query}`,
    headers: { 'content-type': type },
    payload,
  });

/** The parts of the catalog a spreadsheet carries. */
async function catalogOf(i: Instance) {
  const doc = (await exportAs(i, 'argus')).json();
  return {
    components: doc.components,
    versions: doc.versions,
    dependencies: doc.dependencies,
    deployments: doc.deployments,
  };
}

const instances: Instance[] = [];
let source: Instance;
let sourceCsv: string;

beforeAll(async () => {
  source = await instance(CATALOG);
  instances.push(source);
  sourceCsv = (await exportAs(source, 'csv')).body;
});
afterAll(async () => {
  for (const i of instances) {
    await i.client.close();
    await i.t.close();
  }
});

describe('spreadsheet export', () => {
  it('writes one row per version, in the documented columns', async () => {
    const res = await exportAs(source, 'csv');
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = sourceCsv.split('\r\n');
    expect(lines[0]).toBe(COLUMNS.join(','));
    expect(COLUMNS.slice(0, 3)).toEqual(['Name', 'Version', 'Category']);
    expect(lines.filter((l) => l.startsWith('billing,'))).toHaveLength(2);
    expect(sourceCsv).toContain(
      'billing,1.9,APIs,Public,"Acme, Inc.",service,"Invoices, ""credit notes""\nand payments",mature,payments,alice,bob,carol,"alice, bob",Kotlin,Ktor,PostgreSQL,Logback,',
    );
    expect(sourceCsv).toContain('billing,1.10,');
    expect(sourceCsv).toContain('"billing-db, docs-site (weak_ro)",');
    expect(sourceCsv).toContain(',"443, 8080","payments, tier-1"');
    expect(sourceCsv).toContain('docs-site,,'); // a component without versions is one row
    expect(sourceCsv).toContain('shop/storefront,2.0.0-rc.1,');
  });
});

describe('spreadsheet round trip', () => {
  it('CSV: export, import into a fresh Argus, export again gives the same file and catalog', async () => {
    const target = await instance(DIRECTORY);
    instances.push(target);
    const res = await importSheet(target, sourceCsv, 'text/csv', '?filename=catalog.csv');
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json();
    expect(report).toMatchObject({ format: 'csv', source: 'catalog.csv' });
    const counts = byModel(report);
    expect(counts.rows).toEqual({ read: 5, created: 5, updated: 0, skipped: 0 });
    expect(counts.components).toMatchObject({ created: 4 });
    expect(counts.dependencies).toMatchObject({ created: 3 });
    expect(report.warnings.join('\n')).toContain('new value(s) to the categories list');
    expect((await exportAs(target, 'csv')).body).toBe(sourceCsv);
    expect(await catalogOf(target)).toEqual(await catalogOf(source));

    // Importing the same file again updates: nothing is duplicated.
    const again = await importSheet(target, sourceCsv, 'text/csv');
    expect(again.statusCode, again.body).toBe(201);
    expect(byModel(again.json()).rows).toEqual({ read: 5, created: 0, updated: 5, skipped: 0 });
    expect(await catalogOf(target)).toEqual(await catalogOf(source));
  });

  it('XLSX: export, import into a fresh Argus, export again gives the same catalog', async () => {
    const xlsx = await exportAs(source, 'xlsx');
    expect(xlsx.headers['content-type']).toBe(XLSX);
    expect(xlsx.headers['content-disposition']).toMatch(/filename="argus-catalog-.*\.xlsx"/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(1).values as string[]).slice(1)).toEqual([...COLUMNS]);
    expect(sheet.rowCount).toBe(6);

    const target = await instance(DIRECTORY);
    instances.push(target);
    const res = await importSheet(target, xlsx.rawPayload, XLSX);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().format).toBe('xlsx');
    expect((await exportAs(target, 'csv')).body).toBe(sourceCsv);
    expect(await catalogOf(target)).toEqual(await catalogOf(source));
    const again = await exportAs(target, 'xlsx');
    const reread = await importSheet(target, again.rawPayload, 'application/octet-stream');
    expect(byModel(reread.json()).rows).toEqual({ read: 5, created: 0, updated: 5, skipped: 0 });
  });
});

describe('spreadsheet validation', () => {
  let target: Instance;
  const BAD = [
    'Name,Version,Owner,Maintainer,Lifecycle,Dependency,Ports,Category,Tags',
    'good-one,1.0,payments,alice@example.com,mature,,443,APIs,ok', // 2: valid (a person by email)
    'bad name,1.0,,,,,,,', // 3
    'x-two,1.0,nobody,,,,,,', // 4
    'x-three,1.0,payments,zed,,,,,', // 5
    'x-four,1.0,,,sideways,,,,', // 6
    'x-five,1.0,,,,ghost,,,', // 7
    'x-six,1.0,,,,,99999,,', // 8
    'good-one,1.0,,,,,,,', // 9
    'good-one,2.0,,,,,,Other,', // 10
    'x-seven,,,alice,,,,,', // 11
    'x-eight,1.0,,,,x-five (sometimes),,,Bad Tag!', // 12
  ].join('\n');

  it('reports every bad row with its number, column and reason, and writes nothing', async () => {
    target = await instance(DIRECTORY);
    instances.push(target);
    const before = await exportAs(target, 'argus');
    const res = await importSheet(target, BAD, 'text/csv');
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('ARGUS_TRANSFER_INVALID');
    expect(body.problems.map((p: { field: string }) => p.field)).toEqual([
      'rows[3].Name',
      'rows[4].Owner',
      'rows[5].Maintainer',
      'rows[6].Lifecycle',
      'rows[7].Dependency',
      'rows[8].Ports',
      'rows[9].Version',
      'rows[10].Category',
      'rows[11].Maintainer',
      'rows[12].Dependency',
      'rows[12].Tags',
    ]);
    const reasons = Object.fromEntries(
      body.problems.map((p: { field: string; reason: string }) => [p.field, p.reason]),
    );
    expect(reasons['rows[4].Owner']).toBe('no team "nobody" in Argus (create the team first)');
    expect(reasons['rows[5].Maintainer']).toContain('no person "zed"');
    expect(reasons['rows[7].Dependency']).toBe('no component "ghost" in the file or in Argus');
    expect(reasons['rows[9].Version']).toContain('row 2 already has version "1.0"');
    expect(reasons['rows[10].Category']).toContain('differs from row 2');
    expect(reasons['rows[12].Dependency']).toContain('"sometimes"');
    const after = await exportAs(target, 'argus');
    const { exportedAt: _a, ...a } = before.json();
    const { exportedAt: _b, ...b } = after.json();
    expect(b).toEqual(a);
  });

  it('skips bad rows with skipInvalid=true and imports the rest', async () => {
    const res = await importSheet(target, BAD, 'text/csv', '?skipInvalid=true');
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json();
    expect(byModel(report).rows).toEqual({ read: 11, created: 1, updated: 0, skipped: 10 });
    expect(report.records).toContainEqual({
      model: 'rows',
      record: 'row 4',
      outcome: 'skipped',
      reason: 'Owner: no team "nobody" in Argus (create the team first)',
    });
    expect(report.records.filter((r: { outcome: string }) => r.outcome === 'skipped')).toHaveLength(
      10,
    );
    const doc = (await exportAs(target, 'argus')).json();
    expect(doc.components.map((c: { name: string }) => c.name)).toEqual(['good-one']);
    expect(doc.versions[0].people).toEqual({ maintainer: ['alice'] });
  });

  it('refuses a file with no Name column, and CSV that does not parse', async () => {
    const noName = await importSheet(source, 'Title,Owner\nx,payments\n', 'text/csv');
    expect(noName.statusCode).toBe(400);
    expect(noName.json().problems[0].field).toBe('rows[1].Name');
    const broken = await importSheet(source, 'Name,Description\nx,"never closed\n', 'text/csv');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().problems[0]).toEqual({
      field: 'rows[2]',
      reason: expect.stringContaining('not closed'),
    });
  });

  it('refuses more than 200,000 rows, and files over the upload limit', async () => {
    const rows = ['Name', ...Array.from({ length: 200_001 }, (_, i) => `c${i}`)].join('\n');
    const many = await importSheet(source, rows, 'text/csv');
    expect(many.statusCode).toBe(413);
    expect(many.json().detail).toContain('more than 200,000 rows');

    const small = await instance({}, { maxUploadMb: 1 / 64 });
    instances.push(small);
    const big = await importSheet(small, `Name\n${'x\n'.repeat(10_000)}`, 'text/csv');
    expect(big.statusCode).toBe(413);
    expect(big.headers['content-type']).toContain('application/problem+json');
    expect(big.json().code).toBe('ARGUS_REQUEST_TOO_LARGE');
  });

  it('lets only admins import', async () => {
    const member = await source.t.user('viewer');
    expect((await importSheet(source, sourceCsv, 'text/csv', '', member)).statusCode).toBe(403);
    expect(
      (await source.client.request(member, { method: 'GET', url: '/api/export/csv' })).statusCode,
    ).toBe(200);
  });
});
