import type { EventBus } from '../../platform/bus.js';
import type { RequestContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { exportArgusJson, importArgusJson } from './argus-json.js';
import { type BackstageFile, exportBackstage, importBackstage } from './backstage.js';
import { importPanopticum } from './panopticum.js';
import type { ExportFormat, ImportFormat, ImportOptions, ImportReport } from './report.js';
import { exportCsv, exportXlsx, importSpreadsheet, XLSX_CONTENT_TYPE } from './spreadsheet.js';

/** Every import and export format, by name: the one list the CLI and the HTTP routes share. */

export async function importFile(
  format: ImportFormat,
  db: Db,
  bus: EventBus,
  ctx: RequestContext,
  input: Buffer | BackstageFile[],
  options: ImportOptions = {},
): Promise<ImportReport> {
  if (Array.isArray(input)) return importBackstage(db, bus, ctx, input, options);
  switch (format) {
    case 'panopticum':
      return importPanopticum(db, bus, ctx, input, options);
    case 'backstage':
      return importBackstage(db, bus, ctx, input, options);
    case 'argus':
      return importArgusJson(db, bus, ctx, input, options);
    case 'spreadsheet':
      return importSpreadsheet(db, bus, ctx, input, options);
    case 'xlsx':
    case 'csv':
      return importSpreadsheet(db, bus, ctx, input, { ...options, kind: format });
  }
}

export interface ExportedFile {
  body: Buffer | string;
  contentType: string;
  extension: string;
}

export const EXPORT_TYPES: Record<ExportFormat, { contentType: string; extension: string }> = {
  backstage: { contentType: 'application/yaml; charset=utf-8', extension: 'yaml' },
  xlsx: { contentType: XLSX_CONTENT_TYPE, extension: 'xlsx' },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  argus: { contentType: 'application/json; charset=utf-8', extension: 'json' },
};

export async function exportFile(format: ExportFormat, db: Db): Promise<ExportedFile> {
  const body =
    format === 'backstage'
      ? await exportBackstage(db)
      : format === 'xlsx'
        ? await exportXlsx(db)
        : format === 'csv'
          ? await exportCsv(db)
          : await exportArgusJson(db);
  return { body, ...EXPORT_TYPES[format] };
}

/** `argus-catalog-2024-05-01.xlsx`: the name a download gets. */
export function exportFileName(format: ExportFormat, now = new Date()): string {
  return `argus-catalog-${now.toISOString().slice(0, 10)}.${EXPORT_TYPES[format].extension}`;
}
