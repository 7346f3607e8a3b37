import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { part, repeatedPart, sheetXml, xlsxBomb, zipArchive } from '../../../test/helpers/zip.js';
import {
  decodeXml,
  readFirstSheet,
  XlsxFormatError,
  XlsxInflationLimit,
  type XlsxRow,
} from './xlsx-read.js';

const ROWS = [
  ['Name', 'Version', 'Description', 'Ports'],
  ['billing', '1.10', 'Invoices & <payments> "quoted"\nsecond line', '443, 8080'],
  ['café-ünïcode', '', '', ''],
  ['', '2.0', ' padded ', '8080'],
];

function read(buffer: Buffer): XlsxRow[] {
  const rows: XlsxRow[] = [];
  readFirstSheet(buffer, (row) => rows.push(row));
  return rows;
}

async function inMemoryWorkbook(): Promise<Buffer> {
  // Shared strings, a number, a boolean, rich text and a second sheet that must be ignored.
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Catalog');
  for (const row of ROWS) sheet.addRow(row);
  sheet.addRow([
    'numbers',
    42,
    true,
    { richText: [{ text: 'rich ' }, { text: 'text', font: { bold: true } }] },
  ]);
  book.addWorksheet('Other').addRow(['not', 'read']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function streamedWorkbook(): Promise<Buffer> {
  // Inline strings, as Argus writes them.
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: true,
  });
  const sheet = book.addWorksheet('Catalog');
  for (const row of ROWS) sheet.addRow(row).commit();
  sheet.commit();
  await book.commit();
  return Buffer.concat(chunks);
}

describe('readFirstSheet', () => {
  it('reads a workbook with shared strings, numbers, booleans and rich text', async () => {
    const rows = read(await inMemoryWorkbook());
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5]);
    expect(
      rows.slice(0, 4).map((r) => r.cells.slice(0, 4).concat(Array(4).fill('')).slice(0, 4)),
    ).toEqual(ROWS);
    expect(rows[4]!.cells).toEqual(['numbers', '42', 'TRUE', 'rich text']);
  });

  it('reads a streamed workbook with inline strings, and keeps empty cells in place', async () => {
    const rows = read(await streamedWorkbook());
    expect(rows[3]!.cells.slice(0, 4)).toEqual(['', '2.0', ' padded ', '8080']);
    expect(rows[1]!.cells[2]).toBe('Invoices & <payments> "quoted"\nsecond line');
  });

  it('refuses what is not a ZIP archive', () => {
    expect(() => read(Buffer.from('Name,Version\n'))).toThrow(XlsxFormatError);
  });

  it('decodes XML entities', () => {
    expect(decodeXml('a &amp; b &lt;c&gt; &quot;d&quot; &#233; &#x1F600;')).toBe(
      'a & b <c> "d" é 😀',
    );
  });
});

describe('readFirstSheet on hostile archives', () => {
  it('reads a ZIP64 archive', () => {
    const sheet = part('xl/worksheets/sheet1.xml', sheetXml([['Name'], ['billing']]));
    expect(read(zipArchive([sheet], { zip64: true })).map((r) => r.cells)).toEqual([
      ['Name'],
      ['billing'],
    ]);
  });

  it('stops inflating at the limit, whatever size the archive declares', async () => {
    const bomb = await xlsxBomb(64);
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(() => readFirstSheet(bomb, () => {}, 1024 * 1024)).toThrow(XlsxInflationLimit);
    // The same sheet declaring a tiny size is refused the same way: declared sizes are not trusted.
    const lying = zipArchive([
      {
        ...(await repeatedPart(
          'xl/worksheets/sheet1.xml',
          '<worksheet><sheetData>',
          ' '.repeat(65_536),
          64,
          '</sheetData></worksheet>',
        )),
        size: 10,
      },
    ]);
    expect(() => readFirstSheet(lying, () => {}, 1024 * 1024)).toThrow(XlsxInflationLimit);
    // Under the limit the same reader reads it.
    expect(read(zipArchive([part('xl/worksheets/sheet1.xml', sheetXml([['Name']]))]))).toHaveLength(
      1,
    );
  });

  it('counts every part it inflates against one limit', () => {
    const strings = `<sst>${'<si><t>x</t></si>'.repeat(600)}</sst>`;
    const sheet = sheetXml([['Name'], ...Array.from({ length: 300 }, () => ['x'])]);
    const book = zipArchive([
      part('xl/sharedStrings.xml', strings),
      part('xl/worksheets/sheet1.xml', sheet),
    ]);
    // Each part alone is under 20,000 bytes; both together are not.
    expect([strings.length, sheet.length].every((n) => n < 20_000)).toBe(true);
    expect(strings.length + sheet.length).toBeGreaterThan(20_000);
    expect(() => readFirstSheet(book, () => {}, 20_000)).toThrow(XlsxInflationLimit);
    expect(() => readFirstSheet(book, () => {}, 30_000)).not.toThrow();
  });

  it('reads a sheet of a million unclosed tags in one pass', () => {
    // A regex with a lazy body retried at each unclosed <row> takes hours on this (quadratic);
    // the reader's scan is linear and finishes at once (the test's timeout is the bound).
    const xml = sheetXml([['Name'], ['billing']]).replace(
      '</sheetData>',
      `<row r="3">${'<c t="inlineStr"><is><t>'.repeat(200_000)}</row>${'<row>'.repeat(1_000_000)}</sheetData>`,
    );
    expect(read(zipArchive([part('xl/worksheets/sheet1.xml', xml)])).map((r) => r.cells)).toEqual([
      ['Name'],
      ['billing'],
      [],
    ]);
  }, 30_000);

  it('keeps a character reference past U+10FFFF as written', () => {
    expect(decodeXml('&#99999999; &#x110000; &#65;')).toBe('&#99999999; &#x110000; A');
  });

  it('refuses a cell beyond column XFD and a truncated archive as format errors', async () => {
    const wide = zipArchive([
      part(
        'xl/worksheets/sheet1.xml',
        '<worksheet><sheetData><row r="1"><c r="ZZZZ1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>',
      ),
    ]);
    expect(() => read(wide)).toThrow(/beyond column XFD/);
    const whole = await streamedWorkbook();
    // The directory survives, the entries it points at do not.
    const cut = Buffer.concat([whole.subarray(0, 40), whole.subarray(whole.length - 2000)]);
    expect(() => read(cut)).toThrow(XlsxFormatError);
  });
});
