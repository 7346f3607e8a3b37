import { readFile, stat, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { type BackstageFile, readBackstagePath } from '../../catalog/transfer/backstage.js';
import { TransferErrors } from '../../catalog/transfer/errors.js';
import { exportFile, importFile } from '../../catalog/transfer/formats.js';
import { formatBytes } from '../../catalog/transfer/input.js';
import { sheetLimits } from '../../catalog/transfer/limits.js';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  IMPORT_FORMATS,
  type ImportFormat,
  type ImportReport,
} from '../../catalog/transfer/report.js';
import { InProcessBus } from '../../platform/bus.js';
import { systemContext } from '../../platform/context.js';
import { ArgusError, TooLarge } from '../../platform/errors.js';
import type { ProgressCallback } from '../../platform/progress.js';
import { fail, withLocalDatabase } from '../local.js';

/**
 * `argus import FORMAT PATH` and `argus export FORMAT [-o FILE]`, working directly on the local
 * database (the one `argus serve` uses). A bad file prints each problem with its row and column
 * (or field) and exits non-zero; nothing is written.
 */

const MAX_PROBLEMS_SHOWN = 50;

/** A bar on a terminal; elsewhere (CI logs, pipes) a line per phase and every few seconds. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): {
  onProgress: ProgressCallback;
  stop(): void;
} {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: '{phase} [{bar}] {percentage}% {value}/{total}',
        hideCursor: true,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    let phase = '';
    return {
      onProgress(done, total, next) {
        if (!started) {
          bar.start(Math.max(total, 1), done, { phase: next.padEnd(22) });
          started = true;
        } else if (next !== phase) {
          bar.setTotal(Math.max(total, 1));
        }
        phase = next;
        bar.update(done, { phase: next.padEnd(22) });
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let last = 0;
  return {
    onProgress(done, total, phase) {
      const now = Date.now();
      if (now - last >= 2000) {
        stream.write(`argus: ${phase}${total > 1 ? ` ${done}/${total}` : ''}\n`);
        last = now;
      }
    },
    stop: () => {},
  };
}

export function formatReport(report: ImportReport): string {
  const width = Math.max(5, ...report.models.map((m) => m.model.length));
  const num = (n: number) => String(n).padStart(8);
  const lines = [
    `${'model'.padEnd(width)} ${'read'.padStart(8)} ${'created'.padStart(8)} ${'updated'.padStart(8)} ${'skipped'.padStart(8)}`,
  ];
  for (const m of report.models)
    lines.push(
      `${m.model.padEnd(width)} ${num(m.read)} ${num(m.created)} ${num(m.updated)} ${num(m.skipped)}`,
    );
  for (const outcome of ['skipped', 'changed'] as const) {
    const notes = report.records.filter((n) => n.outcome === outcome);
    if (notes.length === 0) continue;
    lines.push('', `${outcome}:`);
    for (const n of notes) lines.push(`  - ${n.model} ${n.record}: ${n.reason}`);
  }
  if (report.warnings.length > 0) {
    lines.push('', 'notes:');
    for (const w of report.warnings) lines.push(`  - ${w}`);
  }
  lines.push('', `imported ${report.source} (${report.format}): ${importSummary(report)}`);
  return `${lines.join('\n')}\n`;
}

/** The report in one sentence: "12 records created, 3 updated, 2 skipped, in 1.4 s". */
export function importSummary(report: ImportReport): string {
  const total = (field: 'created' | 'updated' | 'skipped') =>
    report.models.reduce((sum, m) => sum + m[field], 0);
  const changed = report.records.filter((n) => n.outcome === 'changed').length;
  const parts = [
    `${total('created')} created`,
    `${total('updated')} updated`,
    `${total('skipped')} skipped`,
    ...(changed > 0 ? [`${changed} changed on the way in`] : []),
  ];
  const read = report.models.reduce((sum, m) => sum + m.read, 0);
  const seconds = (report.durationMs / 1000).toFixed(1);
  return `${read} record${read === 1 ? '' : 's'} read: ${parts.join(', ')}, in ${seconds} s`;
}

/** Prints an import or export error: the message, then each problem on its own line. */
export function reportError(error: unknown): boolean {
  if (!(error instanceof ArgusError)) return false;
  const lines = [error.message];
  if (error.problems.length > 1) {
    for (const p of error.problems.slice(0, MAX_PROBLEMS_SHOWN))
      lines.push(`  ${p.field}: ${p.reason}`);
    if (error.problems.length > MAX_PROBLEMS_SHOWN)
      lines.push(`  ... and ${error.problems.length - MAX_PROBLEMS_SHOWN} more`);
  }
  fail(lines.join('\n'), 1);
  return true;
}

function assertFormat<T extends string>(value: string, formats: readonly T[], what: string): T {
  if (!(formats as readonly string[]).includes(value)) {
    throw new Error(`unknown ${what} format "${value}"; use one of ${formats.join(', ')}`);
  }
  return value as T;
}

async function readInput(
  format: ImportFormat,
  path: string,
  maxBytes: number,
): Promise<Buffer | BackstageFile[]> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new Error(`${path}: no such file or folder`);
  if (info.isDirectory()) {
    if (format !== 'backstage')
      throw new Error(`${path} is a folder; only backstage imports read folders (of *.yaml files)`);
    return readBackstagePath(path, maxBytes);
  }
  // A descriptor file may hold Locations: their targets are read too, relative to it.
  if (format === 'backstage') return readBackstagePath(path, maxBytes);
  if (info.size > maxBytes) {
    throw new TooLarge(
      TransferErrors.tooLarge,
      `${path} is ${formatBytes(info.size)}, more than the limit of ${formatBytes(maxBytes)} (setting ARGUS_MAX_UPLOAD_MB)`,
    );
  }
  return readFile(path);
}

export function registerImportCommand(program: Command): void {
  program
    .command('import <format> <path>')
    .description(
      `Import into the catalog: ${IMPORT_FORMATS.join(', ')}. ` +
        'panopticum: fixtures JSON; backstage: a catalog-info.yaml file or a folder of them; spreadsheet: XLSX or CSV; argus: an Argus JSON export',
    )
    .option(
      '--skip-invalid',
      'spreadsheets: skip bad rows (listed in the report) instead of refusing the file',
      false,
    )
    .action(async (formatText: string, path: string, opts: { skipInvalid: boolean }) => {
      let format = assertFormat(formatText, IMPORT_FORMATS, 'import');
      if (format === 'spreadsheet') {
        const ext = extname(path).toLowerCase();
        if (ext === '.csv') format = 'csv';
        else if (ext === '.xlsx') format = 'xlsx';
      }
      const progress = progressReporter();
      try {
        await withLocalDatabase(async (database, config) => {
          const maxBytes = config.maxUploadMb * 1024 * 1024;
          const input = await readInput(format, path, maxBytes);
          const report = await importFile(
            format,
            database.db,
            new InProcessBus(),
            systemContext('cli-import'),
            input,
            {
              skipInvalid: opts.skipInvalid,
              source: path,
              maxBytes,
              limits: sheetLimits(config),
              onProgress: progress.onProgress,
            },
          );
          progress.stop();
          process.stdout.write(formatReport(report));
        });
      } catch (error) {
        progress.stop();
        if (!reportError(error)) throw error;
      }
    });
}

export function registerExportCommand(program: Command): void {
  program
    .command('export <format>')
    .description(
      `Export the whole catalog: ${EXPORT_FORMATS.join(', ')} (text formats go to standard output unless -o)`,
    )
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .action(async (formatText: string, opts: { output?: string }) => {
      const format: ExportFormat = assertFormat(formatText, EXPORT_FORMATS, 'export');
      if (format === 'xlsx' && !opts.output && process.stdout.isTTY) {
        throw new Error(
          'an XLSX file is binary: write it with -o FILE (or redirect standard output)',
        );
      }
      try {
        const file = await withLocalDatabase((database) => exportFile(format, database.db));
        if (opts.output) {
          await writeFile(opts.output, file.body);
          process.stderr.write(
            `argus: wrote ${opts.output} (${formatBytes(Buffer.byteLength(file.body))})\n`,
          );
        } else {
          process.stdout.write(file.body);
        }
      } catch (error) {
        if (!reportError(error)) throw error;
      }
    });
}
