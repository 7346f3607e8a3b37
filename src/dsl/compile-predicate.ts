// compilePredicate: AST -> (record) => boolean, built once from closures.
//
// SQL's three-valued logic without a third value: every node compiles twice, to "is TRUE" and
// to "is FALSE". NOT swaps the two, AND is true when all args are true and false when any is
// false, OR the reverse, and a comparison on a missing value is neither. A record is selected
// when the filter is TRUE, exactly as a WHERE clause selects rows.
import type { Comparison, Expr } from './ast.js';
import type { FieldSet } from './fields.js';
import { compileLikeMatcher } from './like.js';
import { type LeafPlan, type OrderOp, planComparison, type ValueTest } from './plan.js';
import { compareText, isNumericText, toNumber, toText } from './values.js';

export type Predicate<R> = (record: R) => boolean;

/**
 * The evaluation context a field catalogue needs besides the records (the team tree for
 * `owner`, say): required when its fields need one, optional when they read records alone.
 */
export type PredicateContext<X> = undefined extends X ? [context?: X] : [context: X];

export function compilePredicate<R, X>(
  expr: Expr,
  fields: FieldSet<R, X>,
  ...[context]: PredicateContext<X>
): Predicate<R> {
  return compileNode(expr, fields, context as X, true);
}

function compileNode<R, X>(
  expr: Expr,
  fields: FieldSet<R, X>,
  context: X,
  wantTrue: boolean,
): Predicate<R> {
  switch (expr.kind) {
    case 'not':
      return compileNode(expr.arg, fields, context, !wantTrue);
    case 'and':
    case 'or': {
      const parts = expr.args.map((arg) => compileNode(arg, fields, context, wantTrue));
      // "a AND b" is TRUE when all are TRUE; it is FALSE when any is FALSE. OR is the dual.
      return (expr.kind === 'and') === wantTrue ? all(parts) : any(parts);
    }
    default:
      return compileLeaf(planComparison(expr as Comparison, fields), context, wantTrue);
  }
}

function all<R>(parts: Predicate<R>[]): Predicate<R> {
  const [a, b, c] = parts;
  if (parts.length === 0) return () => true;
  if (parts.length === 1 && a) return a;
  if (parts.length === 2 && a && b) return (r) => a(r) && b(r);
  if (parts.length === 3 && a && b && c) return (r) => a(r) && b(r) && c(r);
  return (r) => {
    for (const part of parts) if (!part(r)) return false;
    return true;
  };
}

function any<R>(parts: Predicate<R>[]): Predicate<R> {
  const [a, b, c] = parts;
  if (parts.length === 0) return () => false;
  if (parts.length === 1 && a) return a;
  if (parts.length === 2 && a && b) return (r) => a(r) || b(r);
  if (parts.length === 3 && a && b && c) return (r) => a(r) || b(r) || c(r);
  return (r) => {
    for (const part of parts) if (part(r)) return true;
    return false;
  };
}

function compileLeaf<R, X>(plan: LeafPlan<R, X>, context: X, wantTrue: boolean): Predicate<R> {
  const { spec, key } = plan.field;
  const getIn = spec.get;
  const get = (r: R, k: string | undefined) => getIn(r, k, context);
  const numeric = spec.type === 'number';

  if (spec.shape === 'multi') {
    const elements = (r: R): unknown[] | null => {
      const value = get(r, key);
      if (value === null || value === undefined) return null;
      return Array.isArray(value) ? value : [value];
    };
    if (plan.kind === 'missing') {
      // IS NULL holds for an absent or empty array.
      const wantMissing = plan.negated !== wantTrue;
      return (r) => {
        const list = elements(r);
        return (list === null || list.length === 0) === wantMissing;
      };
    }
    // TRUE when some element holds (or, negated, none does); FALSE in the other case.
    const wantSome = plan.negated !== wantTrue;
    return numeric
      ? anyElement(elements, toNumber, numberTest(plan.test), wantSome)
      : anyElement(elements, toText, textTest(plan.test), wantSome);
  }

  if (numeric) {
    const read = (r: R) => toNumber(get(r, key));
    if (plan.kind === 'missing') return missingTest(read, plan.negated !== wantTrue);
    return presentAnd(read, numberTest(plan.test), plan.negated !== wantTrue);
  }
  const read = (r: R): string | null => {
    const value = get(r, key);
    return typeof value === 'string' ? value : toText(value);
  };
  if (plan.kind === 'missing') return missingTest(read, plan.negated !== wantTrue);
  return textLeaf(get, key, textTest(plan.test), plan.negated !== wantTrue);
}

/** presentAnd for text, with the read inlined: text fields are the hot path of most filters. */
function textLeaf<R>(
  get: (r: R, key?: string) => unknown,
  key: string | undefined,
  test: (v: string) => boolean,
  expected: boolean,
): Predicate<R> {
  if (expected) {
    return (r) => {
      const value = get(r, key);
      if (typeof value === 'string') return test(value);
      const text = toText(value);
      return text !== null && test(text);
    };
  }
  return (r) => {
    const value = get(r, key);
    if (typeof value === 'string') return !test(value);
    const text = toText(value);
    return text !== null && !test(text);
  };
}

/** Returns `wantSome` when an element passes the test, its opposite when none does. */
function anyElement<R, V>(
  elements: (r: R) => unknown[] | null,
  normalize: (element: unknown) => V | null,
  test: (v: V) => boolean,
  wantSome: boolean,
): Predicate<R> {
  return (r) => {
    const list = elements(r);
    if (list === null || list.length === 0) return false;
    for (const element of list) {
      const v = normalize(element);
      if (v !== null && test(v)) return wantSome;
    }
    return !wantSome;
  };
}

function missingTest<R, V>(read: (r: R) => V | null, wantMissing: boolean): Predicate<R> {
  return wantMissing ? (r) => read(r) === null : (r) => read(r) !== null;
}

/** The value is present and the test gives `expected`; a missing value satisfies neither. */
function presentAnd<R, V>(
  read: (r: R) => V | null,
  test: (v: V) => boolean,
  expected: boolean,
): Predicate<R> {
  if (!expected) {
    return (r) => {
      const v = read(r);
      return v !== null && !test(v);
    };
  }
  return (r) => {
    const v = read(r);
    return v !== null && test(v);
  };
}

function textTest(test: ValueTest): (v: string) => boolean {
  switch (test.kind) {
    case 'text-eq': {
      const text = test.text;
      return (v) => v === text;
    }
    case 'text-in': {
      const texts = new Set(test.texts);
      return (v) => texts.has(v);
    }
    case 'text-order': {
      const holds = ordering(test.op);
      const text = test.text;
      return (v) => holds(compareText(v, text));
    }
    case 'text-order-numeric': {
      const holds = ordering(test.op);
      const { text, number } = test;
      return (v) =>
        holds(isNumericText(v) ? compareNumbers(Number(v), number) : compareText(v, text));
    }
    case 'like':
      return compileLikeMatcher(test.tokens);
    default:
      throw new Error(`internal: ${test.kind} on a text field`);
  }
}

function numberTest(test: ValueTest): (v: number) => boolean {
  switch (test.kind) {
    case 'number-eq': {
      const number = test.number;
      return (v) => v === number;
    }
    case 'number-in': {
      const numbers = new Set(test.numbers);
      return (v) => numbers.has(v);
    }
    case 'number-order': {
      const holds = ordering(test.op);
      const number = test.number;
      return (v) => holds(compareNumbers(v, number));
    }
    case 'never':
      return () => false;
    default:
      throw new Error(`internal: ${test.kind} on a number field`);
  }
}

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function ordering(op: OrderOp): (comparison: number) => boolean {
  switch (op) {
    case '<':
      return (c) => c < 0;
    case '<=':
      return (c) => c <= 0;
    case '>':
      return (c) => c > 0;
    case '>=':
      return (c) => c >= 0;
  }
}
