// parseFilter: filter text -> AST, with errors that name the line, the column and what was
// expected. The grammar lives in grammar.peggy; this file adds the limits the grammar cannot
// express and turns Peggy's errors into DslSyntaxError.
import type { Expr, SourcePosition } from './ast.js';
import { DslSyntaxError } from './errors.js';
import {
  type PeggyExpectation,
  SyntaxError as PeggySyntaxError,
  parse,
} from './parser.generated.js';
import { describeToken, tokenAt } from './token.js';

export { DslSyntaxError } from './errors.js';

/** Longest filter accepted: filters arrive in URLs and plugin configs, not as documents. */
export const MAX_FILTER_LENGTH = 10_000;
/** Deepest AND/OR/NOT nesting accepted; keeps both compilers and PostgreSQL off their stack limits. */
export const MAX_FILTER_DEPTH = 200;

export function parseFilter(text: string): Expr {
  if (text.length > MAX_FILTER_LENGTH) {
    const at = positionOf(text, MAX_FILTER_LENGTH);
    throw new DslSyntaxError(
      `filter is too long (${text.length} characters, at most ${MAX_FILTER_LENGTH})`,
      at.line,
      at.column,
      [],
      text.charAt(MAX_FILTER_LENGTH),
    );
  }
  if (text.trim() === '') {
    throw new DslSyntaxError('filter is empty', 1, 1, [], null);
  }
  // PostgreSQL cannot bind text containing NUL, so a filter holding one could never run there.
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const at = positionOf(text, nul);
    throw new DslSyntaxError('the NUL character is not allowed', at.line, at.column, [], '\0');
  }

  let expr: Expr;
  try {
    expr = parse(text);
  } catch (error) {
    throw toDslError(error, text);
  }
  checkDepth(expr);
  return expr;
}

function toDslError(error: unknown, text: string): unknown {
  if (error instanceof PeggySyntaxError) {
    const { line, column, offset } = error.location.start;
    const found = tokenAt(text, offset);
    if (error.expected === null) {
      // Raised by the grammar itself with its own wording ("unterminated string").
      return new DslSyntaxError(error.message, line, column, [], found);
    }
    const expected = describeExpected(error.expected);
    const reason = `expected ${joinAlternatives(expected)} but found ${describeToken(found)}`;
    return new DslSyntaxError(reason, line, column, expected, found);
  }
  if (error instanceof RangeError) {
    // The parser recurses once per parenthesis; only absurd nesting reaches the stack limit.
    return new DslSyntaxError('filter is nested too deeply', 1, 1, [], text.charAt(0));
  }
  return error;
}

function describeExpected(expected: PeggyExpectation[]): string[] {
  return [...new Set(expected.map(describeExpectation))].sort();
}

function describeExpectation(e: PeggyExpectation): string {
  switch (e.type) {
    case 'literal':
      return JSON.stringify(e.text);
    case 'class': {
      const parts = e.parts.map((p) => (Array.isArray(p) ? p.join('-') : p)).join('');
      return `[${e.inverted ? '^' : ''}${parts}]`;
    }
    case 'any':
      return 'any character';
    case 'end':
      return 'end of input';
    default:
      return e.description;
  }
}

function joinAlternatives(items: string[]): string {
  if (items.length <= 1) return items[0] ?? 'nothing';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function positionOf(text: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}

function checkDepth(root: Expr): void {
  const stack: { expr: Expr; depth: number }[] = [{ expr: root, depth: 1 }];
  while (stack.length > 0) {
    const { expr, depth } = stack.pop() as { expr: Expr; depth: number };
    if (depth > MAX_FILTER_DEPTH) {
      const at = firstPosition(expr) ?? { line: 1, column: 1 };
      throw new DslSyntaxError(
        `filter is nested too deeply (more than ${MAX_FILTER_DEPTH} levels of AND, OR and NOT)`,
        at.line,
        at.column,
        [],
        null,
      );
    }
    if (expr.kind === 'and' || expr.kind === 'or') {
      for (const arg of expr.args) stack.push({ expr: arg, depth: depth + 1 });
    } else if (expr.kind === 'not') {
      stack.push({ expr: expr.arg, depth: depth + 1 });
    }
  }
}

function firstPosition(expr: Expr): SourcePosition | undefined {
  switch (expr.kind) {
    case 'not':
      return firstPosition(expr.arg);
    case 'and':
    case 'or':
      return expr.args[0] === undefined ? undefined : firstPosition(expr.args[0]);
    default:
      return expr.field.position;
  }
}
