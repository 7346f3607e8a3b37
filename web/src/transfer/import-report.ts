import type { FieldProblem } from '../api/problem.js';
import { plural } from '../components/format.js';

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

export interface RecordNote {
  model: string;
  record: string;
  outcome: 'skipped' | 'changed';
  reason: string;
}

/** Every record the import skipped or changed, with its reason. */
export function recordsOf(result: unknown): RecordNote[] {
  const records = (result as { records?: unknown } | null)?.records;
  if (!Array.isArray(records)) return [];
  return records.filter(
    (r): r is RecordNote =>
      typeof r === 'object' &&
      r !== null &&
      typeof r.model === 'string' &&
      typeof r.record === 'string' &&
      (r.outcome === 'skipped' || r.outcome === 'changed') &&
      typeof r.reason === 'string',
  );
}

export interface RecordGroup {
  model: string;
  outcome: RecordNote['outcome'];
  reason: string;
  records: string[];
}

/**
 * Notes with one reason for many records (every derived status of a file) as one group that
 * still names each record; notes with their own reason stay alone. First-seen order is kept.
 */
export function groupRecords(notes: RecordNote[]): RecordGroup[] {
  const groups = new Map<string, RecordGroup>();
  for (const n of notes) {
    const key = JSON.stringify([n.model, n.outcome, n.reason]);
    const group = groups.get(key);
    if (group) group.records.push(n.record);
    else
      groups.set(key, {
        model: n.model,
        outcome: n.outcome,
        reason: n.reason,
        records: [n.record],
      });
  }
  return [...groups.values()];
}

/**
 * What happened, in words: "Read 120 records: 80 created, 30 updated, 10 skipped (each listed
 * below with its reason); 2 changed on the way in."
 */
export function summaryOf(result: unknown): string {
  const { rows } = countsOf(result);
  const total = (field: string) => rows.reduce((sum, r) => sum + (r.values[field] ?? 0), 0);
  const records = recordsOf(result);
  const changed = records.filter((r) => r.outcome === 'changed').length;
  const skipped = total('skipped');
  const parts = [`${total('created')} created`, `${total('updated')} updated`];
  if (skipped > 0)
    parts.push(
      `${skipped} skipped${records.length > 0 ? ' (each listed below with its reason)' : ''}`,
    );
  const tail = changed > 0 ? `; ${plural(changed, 'record')} changed on the way in` : '';
  return `Read ${plural(total('read'), 'record')}: ${parts.join(', ')}${tail}.`;
}

/** The report's notes about the file as a whole (placeholders, columns ignored, values added). */
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
