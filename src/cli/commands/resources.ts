// `argus resources filter`: evaluates a filter offline against a file of resources in Panoptes'
// JSON format, so users can try a filter before putting it in a plugin or a deployment
// (PRODUCT.md section 4). It needs no database and no server.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  compilePredicate,
  DslError,
  type PanoptesResource,
  parseFilter,
  resourceFields,
} from '../../dsl/index.js';

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
