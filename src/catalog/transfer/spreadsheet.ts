import { PassThrough } from 'node:stream';
import type { EventBus } from '../../platform/bus.js';
import type { RequestContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { Invalid } from '../../platform/errors.js';
import { deploymentPorts } from '../bulk/names.js';
import { compareVersions } from '../semver.js';
import { importContent } from './apply.js';
import { writeCsv } from './csv.js';
import type { ArgusDocument, VersionDoc } from './document.js';
import { invalidInput } from './errors.js';
import { checkSize } from './input.js';
import { keys } from './keys.js';
import { readCatalog } from './read.js';
import {
  DEFAULT_MAX_ROWS,
  type ImportOptions,
  type ImportReport,
  ModelCounter,
  type RecordNote,
} from './report.js';
import { buildContent, checkRows, loadDirectory, toRowProblems } from './sheet-rows.js';
import {
  COLUMNS,
  type Column,
  neutraliseCell,
  readCsvTable,
  readXlsxTable,
  SEPARATOR,
} from './sheet-table.js';

export { COLUMNS, type Column, XLSX_CONTENT_TYPE } from './sheet-table.js';

/**
 * Spreadsheets (XLSX and CSV): one row per component version, in Panopticum's import columns
 * plus Lifecycle and Tags, with a Version column right after Name. A component without versions
 * is one row with an empty Version. Multi-valued cells are separated by ", ". Empty cells leave
 * values as they are. Every row is checked before anything is written; each problem names the
 * row (as numbered by the spreadsheet program: the header is row 1) and the column.
 */

export type SpreadsheetKind = 'xlsx' | 'csv';

/** XLSX when the bytes are a ZIP archive, else CSV. */
export function sniffSpreadsheet(input: Buffer): SpreadsheetKind {
  return input.length >= 4 && input.readUInt32LE(0) === 0x04034b50 ? 'xlsx' : 'csv';
}

export async function importSpreadsheet(
  db: Db,
  bus: EventBus,
  ctx: RequestContext,
  input: Buffer,
  options: ImportOptions & { kind?: SpreadsheetKind } = {},
): Promise<ImportReport> {
  const started = Date.now();
  checkSize(input, options.maxBytes);
  const kind = options.kind ?? sniffSpreadsheet(input);
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  options.onProgress?.(0, 1, 'reading');
  const table =
    kind === 'xlsx'
      ? await readXlsxTable(input, maxRows, options.limits)
      : readCsvTable(input, maxRows, options.limits);
  options.onProgress?.(0, table.rows.length, 'checking rows');
  const checked = checkRows(table.rows, await loadDirectory(db), options.skipInvalid === true);
  if (checked.problems.length > 0) throw invalidInput(checked.problems);
  options.onProgress?.(table.rows.length, table.rows.length, 'checking rows');
  const ports = await deploymentPorts(db, [
    ...new Set(checked.plans.filter((p) => p.ports).map((p) => p.componentKey)),
  ]);
  const { content, index } = buildContent(checked.plans, ports);
  const source = options.source ?? 'upload';
  let result: Awaited<ReturnType<typeof importContent>>;
  try {
    result = await importContent(db, bus, ctx, content, { source, onProgress: options.onProgress });
  } catch (error) {
    if (error instanceof Invalid) throw toRowProblems(error, index);
    throw error;
  }
  const counter = new ModelCounter();
  counter.get('rows');
  for (const p of checked.plans) {
    const key = p.version !== null ? keys.version(p.componentKey, p.version) : p.componentKey;
    counter.add('rows', 'read');
    counter.add('rows', result.outcomes.get(key) ?? 'updated');
  }
  counter.add('rows', 'read', checked.skippedRows.size);
  counter.add('rows', 'skipped', checked.skippedRows.size);
  for (const count of result.counts) {
    if (count.model.startsWith('reference:') && count.created === 0) continue;
    const row = counter.get(count.model);
    Object.assign(row, {
      read: count.read,
      created: count.created,
      updated: count.updated,
      skipped: count.skipped,
    });
  }
  const skipped = [...checked.skippedRows.entries()].sort(([a], [b]) => a - b);
  const records: RecordNote[] = skipped.map(([row, problems]) => ({
    model: 'rows',
    record: `row ${row}`,
    outcome: 'skipped',
    reason: problems.map((p) => `${p.field.replace(/^rows\[\d+\]\./, '')}: ${p.reason}`).join('; '),
  }));
  return {
    format: kind,
    source,
    models: counter.list(),
    records: [...records, ...result.notes],
    warnings: [...table.warnings, ...result.warnings],
    durationMs: Date.now() - started,
  };
}

/**
 * The catalog as rows: the header, then one row per version (versions in semantic order), each
 * cell neutralised so a spreadsheet program shows it as text (see `neutraliseCell`).
 */
export function toSheetRows(doc: ArgusDocument): string[][] {
  const rows: string[][] = [[...COLUMNS]];
  const name = (ref: string) => {
    const body = ref.replace(/^component:/, '');
    return body.startsWith('default/') ? body.slice('default/'.length) : body;
  };
  const versionsOf = new Map<string, VersionDoc[]>();
  for (const v of doc.versions)
    versionsOf.set(v.component, [...(versionsOf.get(v.component) ?? []), v]);
  const depsOf = new Map<string, string[]>();
  for (const d of doc.dependencies) {
    const key = `${d.from}@${d.fromVersion ?? ''}`;
    depsOf.set(key, [
      ...(depsOf.get(key) ?? []),
      `${name(d.to)}${d.type === 'strong_rw' ? '' : ` (${d.type})`}`,
    ]);
  }
  const portsOf = new Map<string, Set<number>>();
  for (const d of doc.deployments) {
    const key = `${d.component}@${d.version}`;
    const set = portsOf.get(key) ?? new Set<number>();
    for (const p of d.openPorts ?? []) set.add(p);
    portsOf.set(key, set);
  }
  const join = (values: readonly string[] | undefined) => (values ?? []).join(SEPARATOR);
  for (const c of doc.components) {
    const ref = `component:${c.namespace ?? 'default'}/${c.name}`;
    const versions = (versionsOf.get(ref) ?? []).sort((a, b) =>
      compareVersions(a.version, b.version),
    );
    const wide = depsOf.get(`${ref}@`) ?? [];
    for (const v of versions.length > 0 ? versions : [null]) {
      const deps = [
        ...new Set([...wide, ...(v ? (depsOf.get(`${ref}@${v.version}`) ?? []) : [])]),
      ].sort();
      const ports = v ? [...(portsOf.get(`${ref}@${v.version}`) ?? [])].sort((a, b) => a - b) : [];
      const cells: Record<Column, string> = {
        Name: name(ref),
        Version: v?.version ?? '',
        Category: c.category ?? '',
        'Sub-Category': c.subcategory ?? '',
        Vendor: c.vendor ?? '',
        Type: c.type ?? '',
        Description: c.description ?? '',
        Lifecycle: c.lifecycle ?? '',
        Owner: c.owner ?? '',
        Maintainer: join(v?.people?.maintainer),
        QA: join(v?.people?.qa_lead),
        PM: join(v?.people?.product_manager),
        Architect: join(v?.people?.architect),
        Language: join(v?.languages),
        Framework: join(v?.frameworks),
        DB: join(v?.databases),
        Logging: join(v?.loggers),
        Repo: v?.devLinks?.repository ?? '',
        Docs: v?.devLinks?.docs ?? '',
        'API spec': v?.devLinks?.api_spec ?? '',
        Dependency: join(deps),
        'Deployment Location': join(c.locationClasses),
        Ports: ports.join(SEPARATOR),
        Tags: join(c.tags),
      };
      rows.push(COLUMNS.map((column) => neutraliseCell(cells[column])));
    }
  }
  return rows;
}

export async function exportCsv(db: Db): Promise<string> {
  return writeCsv(toSheetRows(await readCatalog(db)));
}

const WIDTHS: Partial<Record<Column, number>> = {
  Name: 28,
  Description: 48,
  Dependency: 36,
  Repo: 36,
  Docs: 36,
  'API spec': 36,
};

/** Streams the workbook as it is built: a 100,000-row export takes seconds, not a minute. */
export async function exportXlsx(db: Db): Promise<Buffer> {
  const rows = toSheetRows(await readCatalog(db));
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  // Loaded on the first export, not at start: exceljs holds megabytes of heap that an idle
  // server, which may never export a workbook, should not carry (PERFORMANCE.md, memory).
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: true,
  });
  workbook.creator = 'Argus';
  const sheet = workbook.addWorksheet('Catalog', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({ key: c, width: WIDTHS[c] ?? Math.max(12, c.length + 2) }));
  const header = sheet.addRow(rows[0]!);
  header.font = { bold: true };
  header.commit();
  for (const row of rows.slice(1)) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
  await done;
  return Buffer.concat(chunks);
}
