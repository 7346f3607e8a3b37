// The filter language's errors. Both carry a stable code (ARGUS_DSL_*) for the API's error
// catalogue and, when known, the line and column to point at in the filter text.

export class DslError extends Error {
  readonly code: string;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(code: string, message: string, line?: number, column?: number) {
    super(line === undefined ? message : `line ${line}, column ${column}: ${message}`);
    this.name = new.target.name;
    this.code = code;
    this.line = line;
    this.column = column;
  }
}

/** The filter text does not follow the grammar (or is empty, or too long). */
export class DslSyntaxError extends DslError {
  declare readonly line: number;
  declare readonly column: number;
  /** What the parser would have accepted at that point, e.g. `"("`, `field name`. */
  readonly expected: string[];
  /** The token found there (a word, number, quoted string or operator), or null at the end. */
  readonly found: string | null;
  /** The message without its position prefix. */
  readonly reason: string;

  constructor(
    reason: string,
    line: number,
    column: number,
    expected: string[],
    found: string | null,
  ) {
    super('ARGUS_DSL_SYNTAX', reason, line, column);
    this.reason = reason;
    this.expected = expected;
    this.found = found;
  }
}

/** A field the catalogue does not know, or a field used in a way its kind does not allow. */
export class DslFieldError extends DslError {
  /** The field as written in the filter (name and keys joined by dots). */
  readonly field: string;
  /** The field names the catalogue knows, sorted. */
  readonly known: string[];
  /** The message without its position prefix. */
  readonly reason: string;

  constructor(reason: string, field: string, known: string[], line?: number, column?: number) {
    super('ARGUS_DSL_FIELD', reason, line, column);
    this.reason = reason;
    this.field = field;
    this.known = known;
  }
}
