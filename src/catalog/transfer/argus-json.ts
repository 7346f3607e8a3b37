import type { EventBus } from '../../platform/bus.js';
import type { RequestContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import type { FieldProblem } from '../../platform/errors.js';
import { importContent } from './apply.js';
import {
  ARGUS_FORMAT,
  ARGUS_FORMAT_VERSION,
  type ArgusDocument,
  CatalogContent,
} from './document.js';
import { invalidInput } from './errors.js';
import { checkSize, parseJson } from './input.js';
import { readCatalog } from './read.js';
import type { ImportOptions, ImportReport } from './report.js';

/**
 * Argus JSON: the complete, versioned backup of the catalog (reference lists, people without
 * password hashes, teams, components, versions, dependencies, deployments, requirements and
 * their statuses, the tech radar). History (audit events) is not part of it.
 */

export async function exportArgusJson(db: Db): Promise<string> {
  return `${JSON.stringify(await readCatalog(db), null, 2)}\n`;
}

/** Checks the document's shape; every problem names its JSON path (`components[3].lifecycle`). */
export function parseArgusDocument(input: unknown): CatalogContent {
  const problems: FieldProblem[] = [];
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw invalidInput([
      { field: '(document)', reason: 'expected a JSON object with "format": "argus"' },
    ]);
  }
  const head = input as Record<string, unknown>;
  if (head.format !== ARGUS_FORMAT) {
    problems.push({
      field: 'format',
      reason: `expected "${ARGUS_FORMAT}" (an Argus JSON export), got ${JSON.stringify(head.format ?? null)}`,
    });
  } else if (head.version !== ARGUS_FORMAT_VERSION) {
    problems.push({
      field: 'version',
      reason: `this Argus reads version ${ARGUS_FORMAT_VERSION} of the format, the file is version ${JSON.stringify(head.version ?? null)}`,
    });
  }
  if (problems.length > 0) throw invalidInput(problems);
  const parsed = CatalogContent.safeParse(input);
  if (!parsed.success) {
    throw invalidInput(
      parsed.error.issues.map((issue) => ({
        field: formatPath(issue.path),
        reason: issue.message,
      })),
    );
  }
  return parsed.data;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(document)';
}

export async function importArgusJson(
  db: Db,
  bus: EventBus,
  ctx: RequestContext,
  input: Buffer | string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const started = Date.now();
  checkSize(input, options.maxBytes);
  options.onProgress?.(0, 1, 'reading');
  const doc = parseArgusDocument(parseJson(input));
  const source = options.source ?? 'upload';
  const result = await importContent(db, bus, ctx, doc, { source, onProgress: options.onProgress });
  return {
    format: 'argus',
    source,
    models: result.counts,
    records: result.notes,
    warnings: result.warnings,
    durationMs: Date.now() - started,
  };
}

export type { ArgusDocument };
