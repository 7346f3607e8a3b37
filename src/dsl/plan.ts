// The meaning of each comparison, decided once for both compilers: which literal form applies
// to the field's type and whether the result is negated. compile-sql and compile-predicate only
// render a plan, so they cannot drift apart on how a literal meets a field.
import type { Comparison, Literal } from './ast.js';
import { type FieldSet, fieldError, type ResolvedField, resolveField } from './fields.js';
import { type LikeToken, parseLikePattern } from './like.js';
import { isNumericText } from './values.js';

export type OrderOp = '<' | '<=' | '>' | '>=';

/** A test of one present value (for multi fields: of one element). */
export type ValueTest =
  | { kind: 'text-eq'; text: string }
  | { kind: 'text-in'; texts: string[] }
  | { kind: 'text-order'; op: OrderOp; text: string }
  /** A text field against a number literal: numerically when the value is numeric text. */
  | { kind: 'text-order-numeric'; op: OrderOp; text: string; number: number }
  | { kind: 'number-eq'; number: number }
  | { kind: 'number-in'; numbers: number[] }
  | { kind: 'number-order'; op: OrderOp; number: number }
  /** A number field against text that is not a number: never equal, never ordered. */
  | { kind: 'never' }
  | { kind: 'like'; tokens: LikeToken[] };

export type LeafPlan<R, X = unknown> =
  /** Unknown when the value is missing; otherwise the test, or its negation when `negated`. */
  | { kind: 'test'; field: ResolvedField<R, X>; test: ValueTest; negated: boolean }
  /** IS NULL (or IS NOT NULL when `negated`): never unknown. */
  | { kind: 'missing'; field: ResolvedField<R, X>; negated: boolean };

export function planComparison<R, X>(leaf: Comparison, fields: FieldSet<R, X>): LeafPlan<R, X> {
  const field = resolveField(fields, leaf.field);
  const numeric = field.spec.type === 'number';
  switch (leaf.kind) {
    case 'null':
      return { kind: 'missing', field, negated: leaf.negated };
    case 'like':
      if (numeric) {
        throw fieldError(
          fields,
          leaf.field,
          field.label,
          `LIKE compares text, but "${field.label}" is a number field`,
          false,
        );
      }
      return {
        kind: 'test',
        field,
        test: { kind: 'like', tokens: parseLikePattern(leaf.pattern) },
        negated: leaf.negated,
      };
    case 'in':
      return { kind: 'test', field, test: planIn(numeric, leaf.values), negated: leaf.negated };
    case 'compare': {
      const { op, value } = leaf;
      if (op === '=' || op === '!=') {
        return { kind: 'test', field, test: planEquals(numeric, value), negated: op === '!=' };
      }
      return { kind: 'test', field, test: planOrder(numeric, op, value), negated: false };
    }
  }
}

/** The literal as a number for a number field, or null when it is text that is not numeric. */
function numberOf(value: Literal): number | null {
  if (value.type === 'number') return value.value;
  return isNumericText(value.value) ? Number(value.value) : null;
}

/** The literal as text for a text field: a number literal as written. */
function textOf(value: Literal): string {
  return value.type === 'number' ? value.text : value.value;
}

function planEquals(numeric: boolean, value: Literal): ValueTest {
  if (!numeric) return { kind: 'text-eq', text: textOf(value) };
  const number = numberOf(value);
  return number === null ? { kind: 'never' } : { kind: 'number-eq', number };
}

function planIn(numeric: boolean, values: Literal[]): ValueTest {
  if (!numeric) return { kind: 'text-in', texts: [...new Set(values.map(textOf))] };
  const numbers = values.map(numberOf).filter((n): n is number => n !== null);
  return numbers.length === 0
    ? { kind: 'never' }
    : { kind: 'number-in', numbers: [...new Set(numbers)] };
}

function planOrder(numeric: boolean, op: OrderOp, value: Literal): ValueTest {
  if (numeric) {
    const number = numberOf(value);
    return number === null ? { kind: 'never' } : { kind: 'number-order', op, number };
  }
  if (value.type === 'number') {
    return { kind: 'text-order-numeric', op, text: value.text, number: value.value };
  }
  return { kind: 'text-order', op, text: value.value };
}
