/**
 * Typed errors. Services throw these; `server/errors.ts` maps each kind once to an HTTP status
 * and a problem+json body. `code` is a stable `ARGUS_<MODULE>_<WHAT>` identifier declared once,
 * with its status, in its module's catalogue (`defineErrors`) and listed in docs/errors.md.
 */
export interface FieldProblem {
  /** Dotted path of the offending field, row/column for imports (`rows[4].Owner`). */
  field: string;
  reason: string;
}

declare const httpStatus: unique symbol;

/**
 * A catalogued error code. The brand carries the one HTTP status the code is answered with, so
 * tsc refuses a code thrown by an error class of another status (`new Conflict(<a 400 code>)`),
 * and a bare string is no code at all: every code comes from a `defineErrors` catalogue.
 */
export type ErrorCode<S extends number = number> = string & { readonly [httpStatus]: S };

interface ErrorDeclaration {
  code: `ARGUS_${string}`;
  status: number;
}

const declared = new Map<string, number>();

/**
 * Declares a module's error codes, each with its HTTP status, once:
 * `export const CatalogErrors = defineErrors({ notFound: { code: 'ARGUS_CATALOG_NOT_FOUND', status: 404 } })`.
 * Declaring a code a second time (in this or another catalogue) fails when the module loads.
 */
export function defineErrors<const T extends Record<string, ErrorDeclaration>>(
  entries: T,
): { readonly [K in keyof T]: ErrorCode<T[K]['status']> } {
  const codes: Record<string, string> = {};
  for (const [name, { code, status }] of Object.entries(entries)) {
    if (declared.has(code)) throw new Error(`error code ${code} is declared twice`);
    declared.set(code, status);
    codes[name] = code;
  }
  return Object.freeze(codes) as never;
}

/** Every code declared so far (by the modules loaded) and its status; docs/errors.md lists them. */
export function declaredErrorCodes(): ReadonlyMap<string, number> {
  return declared;
}

export abstract class ArgusError<S extends number = number> extends Error {
  abstract readonly status: S;
  constructor(
    readonly code: ErrorCode<S>,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class Invalid extends ArgusError<400> {
  readonly status = 400;
  static field(code: ErrorCode<400>, field: string, reason: string): Invalid {
    return new Invalid(code, `${field}: ${reason}`, [{ field, reason }]);
  }
}

export class Unauthenticated extends ArgusError<401> {
  readonly status = 401;
}

export class Forbidden extends ArgusError<403> {
  readonly status = 403;
}

export class NotFound extends ArgusError<404> {
  readonly status = 404;
}

export class Conflict extends ArgusError<409> {
  readonly status = 409;
}

export class TooLarge extends ArgusError<413> {
  readonly status = 413;
}

/** A service Argus depends on (the directory, the database) cannot answer now; retrying may help. */
export class Unavailable extends ArgusError<503> {
  readonly status = 503;
}

/** Platform codes used by every module. */
export const PlatformErrors = defineErrors({
  badCursor: { code: 'ARGUS_PLATFORM_BAD_CURSOR', status: 400 },
});
