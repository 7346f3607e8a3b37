import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { decodeXml, readFirstSheet, XlsxFormatError, type XlsxRow } from './xlsx-read.js';

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
