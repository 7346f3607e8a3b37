import type { FieldProblem } from '../api/problem.js';

/**
 * Reading the importer's answer (src/catalog/transfer/report.ts):
 * `{format, source, models: [{model, read, created, updated, skipped}], warnings, durationMs}`.
 */
export interface CountTable {
  columns: string[];
  rows: { model: string; values: Record<string, number> }[];
}

const numbersOf = (entry: Record<string, unknown>): Record<string, number> =>
  Object.fromEntries(
    Object.entries(entry).filter((e): e is [string, number] => typeof e[1] === 'number'),
  );

/** The counts per model; a plain `{model: n}` or `{model: {created: n}}` map is read too. */
export function countsOf(result: unknown): CountTable {
  const root = (typeof result === 'object' && result !== null ? result : {}) as Record<
    string,
    unknown
  >;
  const rows: CountTable['rows'] = [];
  if (Array.isArray(root.models)) {
    for (const entry of root.models as Record<string, unknown>[]) {
      if (entry && typeof entry.model === 'string')
        rows.push({ model: entry.model, values: numbersOf(entry) });
    }
  } else {
    const map = (
      typeof root.counts === 'object' && root.counts !== null ? root.counts : root
    ) as Record<string, unknown>;
    for (const [model, value] of Object.entries(map)) {
      if (typeof value === 'number' && model !== 'durationMs')
        rows.push({ model, values: { count: value } });
      else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        const values = numbersOf(value as Record<string, unknown>);
        if (Object.keys(values).length > 0) rows.push({ model, values });
      }
    }
  }
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.values)))];
  return { columns, rows };
}

/** The report's warnings (skipped rows, tolerated defects of the source). */
export function warningsOf(result: unknown): string[] {
  const warnings = (result as { warnings?: unknown } | null)?.warnings;
  return Array.isArray(warnings) ? warnings.filter((w): w is string => typeof w === 'string') : [];
}

export interface RowError {
  row: number | null;
  column: string | null;
  reason: string;
}

const ROW_FIELD = /^rows?\[(\d+)\](?:\.(.+))?$/;

/** `rows[4].Owner` -> row 4, column Owner; other fields (`file.yaml:12:3 spec.owner`) keep their text. */
export function rowErrorsOf(problems: FieldProblem[]): RowError[] {
  return problems.map((p) => {
    const m = ROW_FIELD.exec(p.field);
    if (m) return { row: Number(m[1]), column: m[2] ?? null, reason: p.reason };
    return { row: null, column: p.field || null, reason: p.reason };
  });
}
