import { defineErrors, type FieldProblem, Invalid } from '../../platform/errors.js';

/** Error codes of import and export; each is documented in docs/errors.md. */
export const TransferErrors = defineErrors({
  /** The file has problems (listed with their row/column or field); nothing was written. */
  invalid: { code: 'ARGUS_TRANSFER_INVALID', status: 400 },
  /** The file is over the size or row limit. */
  tooLarge: { code: 'ARGUS_TRANSFER_TOO_LARGE', status: 413 },
});

const MAX_LISTED_PROBLEMS = 1000;

/** One error listing every problem of an input (the first 1000), each with its field or row/column. */
export function invalidInput(problems: FieldProblem[], what = 'the file'): Invalid {
  const shown = problems.slice(0, MAX_LISTED_PROBLEMS);
  const first = problems[0];
  const more =
    problems.length > 1
      ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})`
      : '';
  return new Invalid(
    TransferErrors.invalid,
    `${what} cannot be imported: ${first ? `${first.field}: ${first.reason}` : 'invalid'}${more}; nothing was written`,
    shown,
  );
}
