import { type Config, settings } from '../../platform/config.js';
import type { Invalid } from '../../platform/errors.js';
import { invalidInput } from './errors.js';
import { formatBytes } from './input.js';

/**
 * Limits on what an imported spreadsheet may grow into once read. The upload limit bounds the
 * bytes sent; these bound what they expand to: a 300 KB XLSX file can inflate to gigabytes, and
 * a short CSV line of commas is thousands of cells. Each refusal is a 400 naming where the limit
 * was crossed, before the rest of the file is read.
 */

export interface SheetLimits {
  /** Bytes the XLSX entries that are read may inflate to, counted while inflating. */
  maxInflatedBytes: number;
  /** Cells of all rows, counting blank cells between filled ones. */
  maxCells: number;
}

export function sheetLimits(
  config: Pick<Config, 'importMaxInflatedMb' | 'importMaxCells'>,
): SheetLimits {
  return {
    maxInflatedBytes: Math.floor(config.importMaxInflatedMb * 1024 * 1024),
    maxCells: config.importMaxCells,
  };
}

/** The settings' defaults, for callers given no configuration. */
export const DEFAULT_SHEET_LIMITS = sheetLimits({
  importMaxInflatedMb: settings.importMaxInflatedMb.default,
  importMaxCells: settings.importMaxCells.default,
});

export function tooMuchInflated(entry: string, limit: number): Invalid {
  return invalidInput([
    {
      field: entry,
      reason: `the XLSX file inflates to more than ${formatBytes(limit)}, the limit (setting ARGUS_IMPORT_MAX_INFLATED_MB); reading stopped there`,
    },
  ]);
}

/**
 * Counts cells, and the characters kept from them, across a whole sheet. Text is counted too
 * because an XLSX cell may name a shared string: one long string named by a million cells is
 * small on disk and in the inflated XML, and huge once every cell holds it.
 */
export class SheetBudget {
  private cells = 0;
  private chars = 0;

  constructor(private readonly limits: SheetLimits) {}

  /** Counts the cells of one row (row numbered as the spreadsheet shows it). */
  takeCells(count: number, row: number): void {
    this.cells += count;
    if (this.cells > this.limits.maxCells) {
      throw invalidInput([
        {
          field: `rows[${row}]`,
          reason: `the sheet has more than ${this.limits.maxCells.toLocaleString('en')} cells by this row (blank cells between filled ones count), the limit (setting ARGUS_IMPORT_MAX_CELLS)`,
        },
      ]);
    }
  }

  /** Counts the characters kept from the cells of one row. */
  takeText(length: number, row: number): void {
    this.chars += length;
    if (this.chars > this.limits.maxInflatedBytes) {
      throw invalidInput([
        {
          field: `rows[${row}]`,
          reason: `the cells hold more than ${formatBytes(this.limits.maxInflatedBytes)} of text by this row (a shared string repeated in many cells counts each time), the limit (setting ARGUS_IMPORT_MAX_INFLATED_MB)`,
        },
      ]);
    }
  }
}
