// compileSql: AST -> a drizzle `sql` fragment for a WHERE clause, for PostgreSQL and PGlite.
//
// Every literal is a bound parameter. SQL's own three-valued logic does the rest, provided each
// comparison yields NULL exactly when the value is missing; the fragments below keep that so,
// and the property test in sql-agreement.test.ts holds them to compilePredicate's answers.
import { type SQL, sql } from 'drizzle-orm';
import type { Comparison, Expr } from './ast.js';
import type { FieldSet, FieldSpec } from './fields.js';
import { SQL_LIKE_ESCAPE, toSqlLikePattern } from './like.js';
import { type LeafPlan, planComparison, type ValueTest } from './plan.js';
import { MAX_NUMERIC_TEXT_LENGTH, NUMERIC_TEXT_SQL_PATTERN } from './values.js';

/**
 * A WHERE condition: a row is kept when the fragment is TRUE, so NULL and FALSE may stand in for
 * each other where no NOT is above (see `truthOnly`). Under a NOT, three-valued logic is exact.
 */
export function compileSql<R, X>(expr: Expr, fields: FieldSet<R, X>): SQL {
  return compileExpr(expr, fields, true);
}

/**
 * `truthOnly`: only whether the result is TRUE matters (the top of a WHERE, through AND and OR).
 * There a multi-valued equality may take a form an index answers (see indexableMembership).
 */
function compileExpr<R, X>(expr: Expr, fields: FieldSet<R, X>, truthOnly: boolean): SQL {
  switch (expr.kind) {
    case 'not':
      return sql`(NOT ${compileExpr(expr.arg, fields, false)})`;
    case 'and':
    case 'or': {
      if (expr.args.length === 0) return expr.kind === 'and' ? sql`TRUE` : sql`FALSE`;
      const parts = expr.args.map((arg) => compileExpr(arg, fields, truthOnly));
      return sql`(${sql.join(parts, expr.kind === 'and' ? sql` AND ` : sql` OR `)})`;
    }
    default: {
      const plan = planComparison(expr as Comparison, fields);
      return (truthOnly && indexableMembership(plan)) || compileLeaf(plan);
    }
  }
}

/**
 * `tags = "x"` and `tags IN ("x", "y")` as array containment and overlap, which a GIN index
 * answers; the EXISTS form of compileLeaf makes PostgreSQL scan every row. They are TRUE for
 * exactly the same rows, but FALSE where compileLeaf is NULL (a missing or empty array), so they
 * are used only where that difference cannot show.
 */
function indexableMembership<R, X>(plan: LeafPlan<R, X>): SQL | undefined {
  if (plan.kind !== 'test' || plan.negated) return undefined;
  const { spec, key } = plan.field;
  if (spec.shape !== 'multi' || spec.type !== 'text' || spec.sqlMembers) return undefined;
  const column = spec.sql(key);
  if (plan.test.kind === 'text-eq') return sql`(${column} @> ARRAY[${plan.test.text}]::text[])`;
  if (plan.test.kind === 'text-in') {
    const texts = sql.join(
      plan.test.texts.map((t) => sql`${t}`),
      sql`, `,
    );
    return sql`(${column} && ARRAY[${texts}]::text[])`;
  }
  return undefined;
}

// Our own constants, spliced as SQL text; user values never take this path.
const NUMERIC_PATTERN = sql.raw(`'${NUMERIC_TEXT_SQL_PATTERN}'`);
const LIKE_ESCAPE = sql.raw(`'${SQL_LIKE_ESCAPE}'`);
const ELEMENT = sql.raw('_dsl_element.v');

function compileLeaf<R, X>(plan: LeafPlan<R, X>): SQL {
  const { spec, key } = plan.field;
  if (spec.shape === 'multi' && spec.sqlMembers) {
    const { some, missing } = spec.sqlMembers;
    if (plan.kind === 'missing') return plan.negated ? sql`(NOT ${missing})` : missing;
    const test = plan.test;
    // NULL when missing, so NOT keeps it unknown: "no element holds" needs no form of its own.
    const holds = some((element) => testSql(test, normalizedValue(spec, element, false)));
    return plan.negated ? sql`(NOT ${holds})` : holds;
  }
  const column = spec.sql(key);

  if (spec.shape === 'multi') {
    const empty = sql`(${column} IS NULL OR cardinality(${column}) = 0)`;
    if (plan.kind === 'missing') return plan.negated ? sql`(NOT ${empty})` : empty;
    // EXISTS is never NULL: elements that are NULL simply do not hold. The CASE makes a missing
    // or empty array unknown, as a missing scalar is.
    const element = normalizedValue(spec, ELEMENT, false);
    const some = sql`EXISTS (SELECT 1 FROM unnest(${column}) AS _dsl_element(v) WHERE ${testSql(plan.test, element)})`;
    return sql`(CASE WHEN ${empty} THEN NULL ELSE ${plan.negated ? sql`NOT ${some}` : some} END)`;
  }

  const value = normalizedValue(spec, column, spec.shape === 'keyed');
  if (plan.kind === 'missing')
    return plan.negated ? sql`(${value} IS NOT NULL)` : sql`(${value} IS NULL)`;
  const test = testSql(plan.test, value);
  return plan.negated ? sql`(NOT ${test})` : test;
}

/**
 * The value as compilePredicate sees it: text as text, numbers as double precision (JavaScript's
 * numbers). A keyed map holds text, so its numbers are read only from numeric text, and other
 * text is missing, as toNumber has it.
 */
function normalizedValue<R, X>(spec: FieldSpec<R, X>, expr: SQL, fromText: boolean): SQL {
  if (spec.type === 'text') return sql`(${expr})::text`;
  if (!fromText) return sql`(${expr})::double precision`;
  return sql`(CASE WHEN ${isNumeric(expr)} THEN (${expr})::double precision END)`;
}

function isNumeric(text: SQL): SQL {
  return sql`(length(${text}) <= ${sql.raw(String(MAX_NUMERIC_TEXT_LENGTH))} AND ${text} ~ ${NUMERIC_PATTERN})`;
}

/** Binds a number as double precision (text form, so Infinity survives every driver). */
function float8(n: number): SQL {
  return sql`${String(n)}::double precision`;
}

/** NULL when the value is NULL, else the test; the positive form (negation wraps it in NOT). */
function testSql(test: ValueTest, value: SQL): SQL {
  switch (test.kind) {
    case 'text-eq':
      return sql`(${value} = ${test.text})`;
    case 'text-in':
      return sql`(${value} IN (${sql.join(
        test.texts.map((t) => sql`${t}`),
        sql`, `,
      )}))`;
    case 'text-order':
      return sql`((${value} COLLATE "C") ${sql.raw(test.op)} ${test.text})`;
    case 'text-order-numeric': {
      const op = sql.raw(test.op);
      // CASE, not OR: only numeric text may reach the cast, which would fail on anything else.
      return sql`(CASE WHEN ${isNumeric(value)} THEN (${value})::double precision ${op} ${float8(test.number)} ELSE (${value} COLLATE "C") ${op} ${test.text} END)`;
    }
    case 'like':
      return sql`((${value} COLLATE "C") ILIKE ${toSqlLikePattern(test.tokens)} ESCAPE ${LIKE_ESCAPE})`;
    case 'number-eq':
      return sql`(${value} = ${float8(test.number)})`;
    case 'number-in':
      return sql`(${value} IN (${sql.join(test.numbers.map(float8), sql`, `)}))`;
    case 'number-order':
      return sql`(${value} ${sql.raw(test.op)} ${float8(test.number)})`;
    case 'never':
      return sql`(CASE WHEN ${value} IS NULL THEN NULL ELSE FALSE END)`;
  }
}
