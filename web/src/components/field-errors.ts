import { ApiError } from '../api/problem.js';

/**
 * Splits a 400 problem into messages per form field and the rest. `fields` maps a form
 * field to the API field names it covers (`labels` covers `labels.team`).
 */
export function fieldErrors(
  error: unknown,
  fields: readonly string[],
): { byField: Record<string, string>; other: string[] } {
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
