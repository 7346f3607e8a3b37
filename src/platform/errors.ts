/**
 * Typed errors. Services throw these; `server/errors.ts` maps each kind once to an HTTP status
 * and a problem+json body. `code` is a stable `ARGUS_<MODULE>_<WHAT>` identifier listed in
 * docs/errors.md.
 */
export interface FieldProblem {
  /** Dotted path of the offending field, row/column for imports (`rows[4].Owner`). */
  field: string;
  reason: string;
}

export abstract class ArgusError extends Error {
  abstract readonly status: number;
  constructor(
    readonly code: string,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class Invalid extends ArgusError {
  readonly status = 400;
  static field(code: string, field: string, reason: string): Invalid {
    return new Invalid(code, `${field}: ${reason}`, [{ field, reason }]);
  }
}

export class Unauthenticated extends ArgusError {
  readonly status = 401;
}

export class Forbidden extends ArgusError {
  readonly status = 403;
}

export class NotFound extends ArgusError {
  readonly status = 404;
}

export class Conflict extends ArgusError {
  readonly status = 409;
}

export class TooLarge extends ArgusError {
  readonly status = 413;
}
