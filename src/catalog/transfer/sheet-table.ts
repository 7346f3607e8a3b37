import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { type FieldProblem, Invalid, TooLarge } from '../../platform/errors.js';
import { CsvSyntaxError, parseCsv } from './csv.js';
import { invalidInput, TransferErrors } from './errors.js';
import { asText } from './input.js';
import { DEFAULT_MAX_ROWS } from './report.js';
import { readFirstSheet, XlsxFormatError } from './xlsx-read.js';

/**
 * Reading spreadsheets into rows of named cells: the columns, the header row, CSV and XLSX.
 * Rows keep the number the spreadsheet program shows (the header is row 1).
 */

export const COLUMNS = [
  'Name',
  'Version',
  'Category',
  'Sub-Category',
  'Vendor',
  'Type',
  'Description',
  'Lifecycle',
  'Owner',
  'Maintainer',
  'QA',
  'PM',
  'Architect',
  'Language',
  'Framework',
  'DB',
  'Logging',
  'Repo',
  'Docs',
  'API spec',
  'Dependency',
  'Deployment Location',
  'Ports',
  'Tags',
] as const;
export type Column = (typeof COLUMNS)[number];
export const XLSX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Between the values of a multi-valued cell. */
export const SEPARATOR = ', ';
const normalise = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
const HEADERS = new Map<string, Column>(COLUMNS.map((c) => [normalise(c), c]));
for (const [alias, column] of [
  ['subcategory', 'Sub-Category'],
  ['dependencies', 'Dependency'],
  ['dependson', 'Dependency'],
  ['languages', 'Language'],
  ['frameworks', 'Framework'],
  ['database', 'DB'],
  ['databases', 'DB'],
  ['logger', 'Logging'],
  ['repository', 'Repo'],
  ['documentation', 'Docs'],
  ['apispecification', 'API spec'],
  ['port', 'Ports'],
  ['tag', 'Tags'],
  ['location', 'Deployment Location'],
  ['locations', 'Deployment Location'],
] as const) {
  HEADERS.set(alias, column);
}

export interface SheetRow {
  /** Row number as the spreadsheet program shows it (the header is row 1). */
  row: number;
  cells: Partial<Record<Column, string>>;
}

export interface SheetTable {
  rows: SheetRow[];
  warnings: string[];
}

function tooManyRows(count: number, maxRows: number): TooLarge {
  return new TooLarge(
    TransferErrors.tooLarge,
    `the spreadsheet has more than ${maxRows.toLocaleString('en')} rows (${count.toLocaleString('en')} read); split it into several files`,
  );
}

/** Maps header cells to columns; the Name column is required. */
function readHeader(cells: string[]): { columns: (Column | null)[]; warnings: string[] } {
  const warnings: string[] = [];
  const problems: FieldProblem[] = [];
  const seen = new Set<Column>();
  const columns = cells.map((cell, i) => {
    if (cell.trim() === '') return null;
    const column = HEADERS.get(normalise(cell)) ?? null;
    if (!column) warnings.push(`column "${cell}" is not one Argus reads; ignored`);
    else if (seen.has(column))
      problems.push({
        field: `rows[1].${column}`,
        reason: `the column ${column} appears twice (cell ${i + 1} of the header)`,
      });
    if (column) seen.add(column);
    return column;
  });
  if (!seen.has('Name'))
    problems.push({
      field: 'rows[1].Name',
      reason: `the header row (row 1) has no Name column; the columns are ${COLUMNS.join(', ')}`,
    });
  if (problems.length > 0) throw invalidInput(problems);
  return { columns, warnings };
}

function toRow(row: number, columns: (Column | null)[], values: string[]): SheetRow | null {
  const cells: Partial<Record<Column, string>> = {};
  let filled = false;
  columns.forEach((column, i) => {
    const value = (values[i] ?? '').trim();
    if (column && value !== '') {
      cells[column] = value;
      filled = true;
    }
  });
  return filled ? { row, cells } : null;
}

export function readCsvTable(input: Buffer | string, maxRows = DEFAULT_MAX_ROWS): SheetTable {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(asText(input));
  } catch (error) {
    if (error instanceof CsvSyntaxError)
      throw invalidInput([
        {
          field: `rows[${error.line}]`,
          reason: `not valid CSV: ${error.message.replace(/^line \d+: /, '')}`,
        },
      ]);
    throw error;
  }
  if (records.length === 0)
    throw invalidInput([
      {
        field: 'rows[1]',
        reason: 'the file is empty: expected a header row and one row per component version',
      },
    ]);
  if (records.length - 1 > maxRows) throw tooManyRows(records.length - 1, maxRows);
  const { columns, warnings } = readHeader(records[0]!.fields);
  const rows: SheetRow[] = [];
  for (const record of records.slice(1)) {
    const row = toRow(record.line, columns, record.fields);
    if (row) rows.push(row);
  }
  return { rows, warnings };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().replace(/T00:00:00\.000Z$/, '');
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText))
      return value.richText.map((r) => r.text).join('');
    if ('text' in value && value.text !== undefined)
      return cellText(value.text as ExcelJS.CellValue);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

/** Reads the first worksheet as a stream: a 100,000-row file never sits in memory as cells. */
function readWithFastReader(input: Buffer, maxRows: number): SheetTable {
  let columns: (Column | null)[] | null = null;
  let warnings: string[] = [];
  const rows: SheetRow[] = [];
  let count = 0;
  readFirstSheet(input, ({ row, cells }) => {
    if (!columns) {
      if (cells.every((v) => v.trim() === '')) return;
      ({ columns, warnings } = readHeader(cells));
      return;
    }
    if (++count > maxRows) throw tooManyRows(count, maxRows);
    const parsed = toRow(row, columns, cells);
    if (parsed) rows.push(parsed);
  });
  if (!columns) {
    throw invalidInput([
      {
        field: 'rows[1]',
        reason:
          'the first worksheet is empty: expected a header row and one row per component version',
      },
    ]);
  }
  return { rows, warnings };
}

export async function readXlsxTable(
  input: Buffer,
  maxRows = DEFAULT_MAX_ROWS,
): Promise<SheetTable> {
  if (input.length < 4 || input.readUInt32LE(0) !== 0x04034b50) {
    throw invalidInput([
      {
        field: 'rows[1]',
        reason: 'not an XLSX file (an XLSX file is a ZIP archive; for CSV send text/csv)',
      },
    ]);
  }
  // The fast reader handles what Excel, LibreOffice and exceljs write; anything else goes to exceljs.
  try {
    return readWithFastReader(input, maxRows);
  } catch (error) {
    if (!(error instanceof XlsxFormatError)) throw error;
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(input), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let columns: (Column | null)[] | null = null;
  let warnings: string[] = [];
  const rows: SheetRow[] = [];
  let count = 0;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
        if (!columns) {
          if (values.every((v) => v.trim() === '')) continue;
          ({ columns, warnings } = readHeader(values));
          continue;
        }
        if (++count > maxRows) throw tooManyRows(count, maxRows);
        const parsed = toRow(row.number, columns, values);
        if (parsed) rows.push(parsed);
      }
      break;
    }
  } catch (error) {
    if (error instanceof Invalid || error instanceof TooLarge) throw error;
    throw invalidInput([
      {
        field: 'rows[1]',
        reason: `the XLSX file cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      },
    ]);
  }
  if (!columns)
    throw invalidInput([
      {
        field: 'rows[1]',
        reason:
          'the first worksheet is empty: expected a header row and one row per component version',
      },
    ]);
  return { rows, warnings };
}
