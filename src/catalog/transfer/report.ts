import { z } from 'zod';
import type { ProgressCallback } from '../../platform/progress.js';
import type { SheetLimits } from './limits.js';

/**
 * What every importer answers: per model (a source record kind, such as
 * `panopticum.componentmodel`, a Backstage kind, or an Argus entity kind), how many records
 * were read and what became of them. `created` and `updated` count records matched to Argus
 * entities by name (an import is idempotent: importing the same file again updates);
 * `skipped` counts records read on purpose without a write (derived data, rows skipped with
 * `skipInvalid`), each listed in `records` with its reason.
 */
export const ModelCount = z.object({
  model: z.string(),
  read: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
});
export type ModelCount = z.infer<typeof ModelCount>;

export const IMPORT_FORMATS = [
  'panopticum',
  'backstage',
  'spreadsheet',
  'xlsx',
  'csv',
  'argus',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const EXPORT_FORMATS = ['backstage', 'xlsx', 'csv', 'argus'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * One record the import did not take as it stood: skipped (nothing written for it) or changed
 * (written, with something left out or replaced), and why. A count of 6 skipped says nothing;
 * these say which six and why.
 */
export const RecordNote = z.object({
  model: z.string(),
  record: z
    .string()
    .describe('which record: its key in the file and its name ("#3 payments-api 1.0", "row 4")'),
  outcome: z.enum(['skipped', 'changed']),
  reason: z.string(),
});
export type RecordNote = z.infer<typeof RecordNote>;

export const ImportReport = z.object({
  format: z.enum(IMPORT_FORMATS),
  source: z.string().describe('file name or "upload"'),
  models: z.array(ModelCount),
  records: z.array(RecordNote).describe('every record skipped or changed, with the reason'),
  warnings: z.array(z.string()).describe('notes about the file as a whole'),
  durationMs: z.number(),
});
export type ImportReport = z.infer<typeof ImportReport>;

export interface ImportOptions {
  onProgress?: ProgressCallback;
  /** Skip invalid rows or records (reported as skipped with a warning) instead of refusing the file. */
  skipInvalid?: boolean;
  /** Shown in the report and in audit reasons: a file name, or "upload". */
  source?: string;
  /** Refuse inputs larger than this many bytes (the configured upload limit). */
  maxBytes?: number;
  /** Refuse spreadsheets with more data rows than this (default 200,000). */
  maxRows?: number;
  /** What a spreadsheet may inflate to and how many cells it may have (settings ARGUS_IMPORT_*). */
  limits?: SheetLimits;
}

export const DEFAULT_MAX_ROWS = 200_000;

/** A counter per model that keeps the order models were first seen in. */
export class ModelCounter {
  private readonly counts = new Map<string, ModelCount>();

  get(model: string): ModelCount {
    let count = this.counts.get(model);
    if (!count) {
      count = { model, read: 0, created: 0, updated: 0, skipped: 0 };
      this.counts.set(model, count);
    }
    return count;
  }

  add(model: string, field: 'read' | 'created' | 'updated' | 'skipped', n = 1): void {
    this.get(model)[field] += n;
  }

  list(): ModelCount[] {
    return [...this.counts.values()];
  }
}
