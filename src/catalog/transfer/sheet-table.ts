import { type FieldProblem, TooLarge } from '../../platform/errors.js';
import { CsvSyntaxError, parseCsv } from './csv.js';
import { invalidInput, TransferErrors } from './errors.js';
import { asText } from './input.js';
import { DEFAULT_SHEET_LIMITS, SheetBudget, type SheetLimits, tooMuchInflated } from './limits.js';
import { DEFAULT_MAX_ROWS } from './report.js';
import { readFirstSheet, XlsxFormatError, XlsxInflationLimit } from './xlsx-read.js';

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

/**
 * Spreadsheet programs run a cell that starts with = + - @ (and, in some, tab or carriage
 * return) as a formula: exported text could then compute, fetch or launch something on the
 * reader's machine (OWASP "CSV injection"). Export puts a single quote before such a cell, and
 * before a cell that starts with a quote itself, so import can take exactly one leading quote
 * off and every string comes back as it was. docs/import-export.md states the rule.
 */
const FORMULA_START = /^[=+\-@\t\r']/;

/** The cell as exported: text a spreadsheet program shows as text, never runs. */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The text a cell holds once the export's neutralising quote is taken off. */
export function restoreCell(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

function toRow(
  row: number,
  columns: (Column | null)[],
  values: string[],
  budget: SheetBudget,
): SheetRow | null {
  const cells: Partial<Record<Column, string>> = {};
  let filled = false;
  let chars = 0;
  columns.forEach((column, i) => {
    // Trimmed before the quote comes off: a neutralised cell keeps a leading tab it stood for.
    const value = restoreCell((values[i] ?? '').trim());
    if (column && value !== '') {
      cells[column] = value;
      chars += value.length;
      filled = true;
    }
  });
  budget.takeText(chars, row);
  return filled ? { row, cells } : null;
}

export function readCsvTable(
  input: Buffer | string,
  maxRows = DEFAULT_MAX_ROWS,
  limits: SheetLimits = DEFAULT_SHEET_LIMITS,
): SheetTable {
  const budget = new SheetBudget(limits);
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(asText(input), { onField: (line) => budget.takeCells(1, line) });
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
    const row = toRow(record.line, columns, record.fields, budget);
    if (row) rows.push(row);
  }
  return { rows, warnings };
}

/** Reads the first worksheet row by row, within the limits; rows keep only Argus's columns. */
export async function readXlsxTable(
  input: Buffer,
  maxRows = DEFAULT_MAX_ROWS,
  limits: SheetLimits = DEFAULT_SHEET_LIMITS,
): Promise<SheetTable> {
  if (input.length < 4 || input.readUInt32LE(0) !== 0x04034b50) {
    throw invalidInput([
      {
        field: 'rows[1]',
        reason: 'not an XLSX file (an XLSX file is a ZIP archive; for CSV send text/csv)',
      },
    ]);
  }
  const budget = new SheetBudget(limits);
  let columns: (Column | null)[] | null = null;
  let warnings: string[] = [];
  const rows: SheetRow[] = [];
  let count = 0;
  try {
    readFirstSheet(
      input,
      ({ row, cells }) => {
        budget.takeCells(cells.length, row);
        if (!columns) {
          if (cells.every((v) => v.trim() === '')) return;
          ({ columns, warnings } = readHeader(cells));
          return;
        }
        if (++count > maxRows) throw tooManyRows(count, maxRows);
        const parsed = toRow(row, columns, cells, budget);
        if (parsed) rows.push(parsed);
      },
      limits.maxInflatedBytes,
    );
  } catch (error) {
    if (error instanceof XlsxInflationLimit) throw tooMuchInflated(error.entry, error.limit);
    if (error instanceof XlsxFormatError)
      throw invalidInput([
        { field: 'rows[1]', reason: `the XLSX file cannot be read: ${error.message}` },
      ]);
    throw error;
  }
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
