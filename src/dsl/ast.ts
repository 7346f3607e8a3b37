// The filter language's syntax tree: the one contract between the parser and both compilers.
// It imports nothing so any module can build or inspect filters without pulling in the parser.

/** Where a node starts in the filter text; 1-based line and column, 0-based offset. */
export interface SourcePosition {
  offset: number;
  line: number;
  column: number;
}

/**
 * A literal as written. Numbers keep their source text because a number compared with a text
 * field compares as that text: `os_version = 15.10` must look for "15.10", not "15.1".
 */
export type Literal =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number; text: string };

export interface FieldRef {
  /** Built-in field name, lower-cased (field names are case-insensitive). */
  name: string;
  /** Keys after the dots, exactly as written (keys are case-sensitive). */
  path: string[];
  /** Set by the parser so field errors can point at the field; absent on hand-built trees. */
  position?: SourcePosition;
}

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Expr =
  | { kind: 'or' | 'and'; args: Expr[] }
  | { kind: 'not'; arg: Expr }
  | { kind: 'compare'; field: FieldRef; op: CompareOp; value: Literal }
  | { kind: 'like'; field: FieldRef; negated: boolean; pattern: string }
  | { kind: 'in'; field: FieldRef; negated: boolean; values: Literal[] }
  | { kind: 'null'; field: FieldRef; negated: boolean };

/** The comparisons: the leaves of a filter, each naming one field. */
export type Comparison = Extract<Expr, { field: FieldRef }>;
