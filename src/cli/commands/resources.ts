// `argus resources filter`: evaluates a filter offline against a file of resources in Panoptes'
// JSON format, so users can try a filter before putting it in a plugin or a deployment
// (PRODUCT.md section 4). It needs no database and no server.
// `argus resources list|import|export`: the inventory of a running Argus through its API
// (ARGUS_URL, ARGUS_TOKEN), with the caller's rights.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  compilePredicate,
  DslError,
  type PanoptesResource,
  parseFilter,
  resourceFields,
} from '../../dsl/index.js';
import type { ImportReport, ResourcePage } from '../../inventory/contract.js';
import { ApiError, type ApiTarget, apiTarget, getJson } from './requirements.js';

/** Exit code for bad input (unreadable file, bad JSON, bad filter); commander uses 1 for usage. */
const EXIT_BAD_INPUT = 2;

interface FilterOptions {
  file: string;
  ids?: boolean;
}

export function registerResourcesCommand(program: Command): void {
  // Other inventory commands may already have created `resources`; add to it rather than clash.
  const resources =
    program.commands.find((command) => command.name() === 'resources') ??
    program.command('resources').description('Work with inventory resources');

  resources
    .command('filter')
    .description('Print the resources of a Panoptes JSON file that a filter selects (offline)')
    .requiredOption(
      '--file <resources.json>',
      'resources: a JSON array, or an object with a "resources" array',
    )
    .option('--ids', 'print only the resource ids, one per line')
    .argument(
      '<expr>',
      'the filter, e.g. \'resource_class = "network" AND resource_site IN ("dc1", "dc2")\'',
    )
    .action((expr: string, options: FilterOptions) => {
      try {
        process.stdout.write(filterResources(expr, options));
      } catch (error) {
        if (!(error instanceof BadInput)) throw error;
        process.stderr.write(`argus: ${error.message}\n`);
        process.exitCode = EXIT_BAD_INPUT;
      }
    });

  const urlOption = [
    '--url <url>',
    'the Argus server (default: ARGUS_URL, else http://127.0.0.1:7070)',
  ] as const;
  resources
    .command('list')
    .description(
      'Resources of a running Argus, all or those a filter selects (ARGUS_URL, ARGUS_TOKEN)',
    )
    .argument('[filter]', 'a DSL filter, e.g. \'resource_metadata.os_name = "Debian"\'')
    .option('--json', 'print the resources as JSON')
    .option(...urlOption)
    .action((filter: string | undefined, opts: { json?: boolean; url?: string }) =>
      reportApiErrors(async () => {
        const items = await listAll(apiTarget(process.env, opts.url), filter);
        return opts.json ? `${JSON.stringify(items, null, 2)}\n` : formatResources(items);
      }),
    );
  resources
    .command('import <file>')
    .description('Load a Panoptes resource file (a JSON array) into a running Argus (admins)')
    .option('--json', 'print the report as JSON')
    .option(...urlOption)
    .action((file: string, opts: { json?: boolean; url?: string }) =>
      reportApiErrors(async () => {
        let list: unknown;
        try {
          list = JSON.parse(readFileSync(file, 'utf8'));
        } catch (error) {
          throw new ApiError(
            `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        const report = await sendJson<ImportReport>(
          apiTarget(process.env, opts.url),
          '/resources/import',
          list,
        );
        // Refused records are the file's fault: say so in the exit code, after the report.
        if (report.problems.length > 0) process.exitCode = EXIT_BAD_INPUT;
        return opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report);
      }),
    );
  resources
    .command('export')
    .description("Print the resources of a running Argus as Panoptes' resource JSON")
    .option('--filter <filter>', 'only the resources this DSL filter selects')
    .option(...urlOption)
    .action((opts: { filter?: string; url?: string }) =>
      reportApiErrors(async () => {
        const query = opts.filter ? `?${new URLSearchParams({ filter: opts.filter })}` : '';
        const list = await getJson<unknown[]>(
          apiTarget(process.env, opts.url),
          `/resources/export${query}`,
        );
        return `${JSON.stringify(list, null, 2)}\n`;
      }),
    );
}

/** Runs an API command: its output on success, one line on standard error and exit 1 on failure. */
async function reportApiErrors(run: () => Promise<string>): Promise<void> {
  try {
    process.stdout.write(await run());
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    process.stderr.write(`argus: ${error.message}\n`);
    process.exitCode = 1;
  }
}

/** Every page of the list, followed by its cursor. */
export async function listAll(target: ApiTarget, filter: string | undefined) {
  const items: ResourcePage['items'] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '500' });
    if (filter !== undefined) query.set('filter', filter);
    if (cursor) query.set('cursor', cursor);
    const page: ResourcePage = await getJson<ResourcePage>(target, `/resources?${query}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/**
 * POSTs JSON to the API. getJson (requirements.ts) reads answers and problems for GETs; a POST
 * goes through the same reading by handing it a fetch of its own.
 */
async function sendJson<T>(target: ApiTarget, path: string, body: unknown): Promise<T> {
  return getJson<T>(target, path, { method: 'POST', body: JSON.stringify(body) });
}

/** The resources as a table: site, id, class/subclass/type, endpoint, and whether stale. */
export function formatResources(items: ResourcePage['items']): string {
  if (items.length === 0) return 'no resources\n';
  const rows = [
    ['SITE', 'ID', 'CLASS', 'ENDPOINT', 'PLUGIN', 'STATE'],
    ...items.map((r) => [
      r.resource_site,
      r.resource_id,
      `${r.resource_class}/${r.resource_subclass}/${r.resource_type}`,
      r.resource_endpoint,
      r.resource_plugin,
      r.staleSince ? `stale since ${r.staleSince}` : 'ok',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return `${rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

export function formatReport(report: ImportReport): string {
  const lines = [
    `created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}, refused ${new Set(report.problems.map((p) => p.index)).size}`,
    ...report.problems.map((p) => `  record ${p.index}: ${p.field}: ${p.reason}`),
  ];
  return `${lines.join('\n')}\n`;
}

class BadInput extends Error {}

/** The command's whole output, or BadInput; nothing is printed before everything has worked. */
function filterResources(expr: string, options: FilterOptions): string {
  let predicate: (resource: PanoptesResource) => boolean;
  try {
    predicate = compilePredicate(parseFilter(expr), resourceFields);
  } catch (error) {
    if (error instanceof DslError)
      throw new BadInput(`invalid filter: ${error.message}${pointAt(expr, error)}`);
    throw error;
  }
  const selected = readResources(options.file).filter(predicate);
  if (options.ids) return selected.map((r) => `${describeId(r.resource_id)}\n`).join('');
  return `${JSON.stringify(selected, null, 2)}\n`;
}

function readResources(file: string): PanoptesResource[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new BadInput(
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BadInput(
      `${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const list = Array.isArray(data)
    ? data
    : isObject(data) && Array.isArray(data.resources)
      ? data.resources
      : null;
  if (list === null) {
    throw new BadInput(
      `${file}: expected a JSON array of resources or an object with a "resources" array`,
    );
  }
  list.forEach((item, index) => {
    if (!isObject(item)) throw new BadInput(`${file}: resource ${index + 1} is not a JSON object`);
  });
  return list as PanoptesResource[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeId(id: unknown): string {
  return typeof id === 'string' ? id : JSON.stringify(id ?? null);
}

/** The filter's line with a caret under the error's column, or nothing without a position. */
function pointAt(expr: string, error: DslError): string {
  if (error.line === undefined || error.column === undefined) return '';
  const line = expr.split(/\r?\n/)[error.line - 1] ?? '';
  // Tabs stay tabs so the caret lines up; a character outside the BMP takes one column.
  const before = Array.from(line.slice(0, error.column - 1), (c) => (c === '\t' ? '\t' : ' ')).join(
    '',
  );
  return `\n  ${line}\n  ${before}^`;
}
