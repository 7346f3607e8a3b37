import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InProcessBus } from '../../platform/bus.js';
import { systemContext } from '../../platform/context.js';
import { RADAR_FORMATS, type RadarFormat } from '../../radar/contract.js';
import { RadarService } from '../../radar/service.js';
import { withLocalDatabase } from '../local.js';
import { reportError } from './transfer.js';

/**
 * `argus radar export --format zalando|backstage [--out FILE]` and `argus radar import FILE`,
 * on the local database as `argus import` does. A file with problems prints each (entry and
 * field) and exits non-zero; nothing is written.
 */

function formatOf(value: string): RadarFormat {
  if (!(RADAR_FORMATS as readonly string[]).includes(value))
    throw new Error(`unknown radar format "${value}"; use one of ${RADAR_FORMATS.join(', ')}`);
  return value as RadarFormat;
}

/** Backstage entries carry a `timeline`; Zalando's point at rings by index. */
export function detectRadarFormat(file: unknown): RadarFormat | null {
  const first = (file as { entries?: unknown[] } | null)?.entries?.[0] as
    | Record<string, unknown>
    | undefined;
  if (!first) return null;
  if (Array.isArray(first.timeline)) return 'backstage';
  if (typeof first.ring === 'number') return 'zalando';
  return null;
}

export function registerRadarCommand(program: Command): void {
  const radar = program.command('radar').description('The tech radar: export and import files');
  radar
    .command('export')
    .description("Write the radar as Zalando's config.json or Backstage's tech radar JSON")
    .requiredOption('--format <format>', RADAR_FORMATS.join(' or '))
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (opts: { format: string; out?: string }) => {
      const format = formatOf(opts.format);
      const file = await withLocalDatabase((database) =>
        new RadarService(database.db, new InProcessBus()).export(format),
      );
      const text = `${JSON.stringify(file, null, 2)}\n`;
      if (opts.out) {
        await writeFile(opts.out, text);
        process.stderr.write(`argus: wrote ${opts.out} (${file.entries.length} entries)\n`);
      } else process.stdout.write(text);
    });
  radar
    .command('import <file>')
    .description('Import a Zalando config.json or a Backstage tech radar JSON (format detected)')
    .option('--format <format>', `${RADAR_FORMATS.join(' or ')}, when it cannot be told`)
    .action(async (path: string, opts: { format?: string }) => {
      const body = JSON.parse(await readFile(path, 'utf8')) as unknown;
      const format = opts.format ? formatOf(opts.format) : detectRadarFormat(body);
      if (!format)
        throw new Error(`${path}: cannot tell the format; say --format ${RADAR_FORMATS.join('|')}`);
      try {
        const report = await withLocalDatabase((database) =>
          new RadarService(database.db, new InProcessBus()).import(
            systemContext('cli-radar-import'),
            format,
            body,
          ),
        );
        for (const c of report.counts)
          process.stdout.write(
            `${c.model.padEnd(16)} read ${c.read}, created ${c.created}, updated ${c.updated}\n`,
          );
        process.stdout.write(`imported ${path} (${format})\n`);
      } catch (error) {
        if (!reportError(error)) throw error;
      }
    });
}
