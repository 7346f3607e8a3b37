// formatFilter: AST -> filter text that parses back to the same AST. Used to show a filter in a
// canonical form and, in tests, to turn generated trees into text for the parser.
import type { Expr, FieldRef, Literal } from './ast.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEY = /^[A-Za-z0-9_-]+$/;
const RESERVED = new Set(['and', 'or', 'not', 'like', 'in', 'is', 'null', 'eq', 'ne']);

export function formatFilter(expr: Expr): string {
  switch (expr.kind) {
    case 'or':
      return expr.args
        .map((arg) => (arg.kind === 'or' ? `(${formatFilter(arg)})` : formatFilter(arg)))
        .join(' OR ');
    case 'and':
      return expr.args.map(formatOperand).join(' AND ');
    case 'not':
      return `NOT ${formatOperand(expr.arg)}`;
    case 'compare':
      return `${formatField(expr.field)} ${expr.op} ${formatLiteral(expr.value)}`;
    case 'like':
      return `${formatField(expr.field)} ${expr.negated ? 'NOT LIKE' : 'LIKE'} ${quote(expr.pattern)}`;
    case 'in':
      return `${formatField(expr.field)} ${expr.negated ? 'NOT IN' : 'IN'} (${expr.values.map(formatLiteral).join(', ')})`;
    case 'null':
      return `${formatField(expr.field)} ${expr.negated ? 'IS NOT NULL' : 'IS NULL'}`;
  }
}

/** An operand of AND or NOT: groups of AND and OR need parentheses there. */
function formatOperand(expr: Expr): string {
  return expr.kind === 'and' || expr.kind === 'or' ? `(${formatFilter(expr)})` : formatFilter(expr);
}

function formatField(field: FieldRef): string {
  if (!NAME.test(field.name) || RESERVED.has(field.name.toLowerCase())) {
    throw new Error(`cannot write field name ${JSON.stringify(field.name)} in the filter language`);
  }
  if (field.path.includes('')) throw new Error('cannot write an empty key in the filter language');
  return [field.name, ...field.path.map(formatKey)].join('.');
}

/** A key bare when the grammar reads it so, else quoted (`labels."app.kubernetes.io/name"`). */
export function formatKey(key: string): string {
  return KEY.test(key) ? key : quote(key);
}

function formatLiteral(value: Literal): string {
  return value.type === 'number' ? value.text : quote(value.value);
}

/** Double-quoted, escaping only what the grammar unescapes, so every backslash survives. */
function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
