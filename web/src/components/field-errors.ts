import { ApiError } from '../api/problem.js';

/** A refusal split for a form: reasons per form field, and the problems no field shows. */
export type FieldProblems = { byField: Record<string, string>; other: string[] };

/**
 * Splits a 400 problem into messages per form field and the rest. `fields` maps a form
 * field to the API field names it covers (`labels` covers `labels.team`).
 */
export function fieldErrors(error: unknown, fields: readonly string[]): FieldProblems {
  const byField: Record<string, string> = {};
  const other: string[] = [];
  if (!(error instanceof ApiError) || error.status !== 400) return { byField, other };
  for (const problem of error.problems) {
    const field = fields.find(
      (f) =>
        problem.field === f ||
        problem.field.startsWith(`${f}.`) ||
        problem.field.startsWith(`${f}[`),
    );
    if (field)
      byField[field] = byField[field] ? `${byField[field]}; ${problem.reason}` : problem.reason;
    else other.push(`${problem.field}: ${problem.reason}`);
  }
  if (error.problems.length === 0) other.push(error.detail);
  return { byField, other };
}
