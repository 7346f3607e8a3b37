// Test support: random filters over any field catalogue, so the property tests hold SQL and the
// predicate to the same answers on the real catalogues (components, resources, and any entity
// kind that declares one) and not only on a synthetic one. Everything comes from the FieldSet:
// its names, whether a field takes keys, and whether LIKE applies; the caller gives the values
// and keys its records hold, so comparisons meet real values often.
import fc from 'fast-check';
import type { CompareOp, Expr, FieldRef, Literal } from '../ast.js';
import type { FieldSet } from '../fields.js';

export interface FilterVocabulary {
  /** Texts the records hold (and near misses): string literals and LIKE patterns come from them. */
  texts: readonly string[];
  /** Keys of keyed fields: include ones that need quoting (`app.kubernetes.io/name`). */
  keys: readonly string[];
  /** Number literals, as written. */
  numbers?: readonly string[];
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * The ways one key can be written: as one (quoted when it must be) path element, and, when
 * every part between dots is a bare key, as dotted parts; both must read the same map key.
 */
function keyPaths(key: string): string[][] {
  const parts = key.split('.');
  return parts.length > 1 && parts.every((p) => BARE_KEY.test(p)) ? [[key], parts] : [[key]];
}

/** Random filters (every operator, NOT, AND, OR) over the fields of `fields`. */
export function randomFilters<R, X>(
  fields: FieldSet<R, X>,
  vocabulary: FilterVocabulary,
): fc.Arbitrary<Expr> {
  const names = Object.keys(fields).sort();
  const numbers = vocabulary.numbers ?? ['0', '1', '-1', '1.5', '10', '1532023147.34'];
  const text = fc.constantFrom(...vocabulary.texts);
  const literal: fc.Arbitrary<Literal> = fc.oneof(
    { weight: 4, arbitrary: text.map((value) => ({ type: 'string', value }) as const) },
    fc
      .constantFrom(...numbers)
      .map((t) => ({ type: 'number', value: Number(t), text: t }) as const),
  );
  // Patterns built from real values, so LIKE selects some records and not all or none.
  const likePattern = fc.oneof(
    text,
    text.map((t) => `${t.slice(0, 2)}%`),
    text.map((t) => `%${t.slice(-2)}`),
    text.map((t) => t.replace(/[a-z]/, '_')),
    fc.constantFrom('%', '_%', '%\\_%', '%.%', '%/%'),
  );

  const fieldRef: fc.Arbitrary<FieldRef> = fc.constantFrom(...names).chain((name) => {
    if (fields[name]?.shape !== 'keyed') return fc.constant({ name, path: [] });
    return fc
      .constantFrom(...vocabulary.keys)
      .chain((key) => fc.constantFrom(...keyPaths(key)))
      .map((path) => ({ name, path }));
  });

  const comparison: fc.Arbitrary<Expr> = fieldRef.chain((field) => {
    const options: fc.Arbitrary<Expr>[] = [
      fc
        .tuple(fc.constantFrom<CompareOp>('=', '=', '!=', '<', '<=', '>', '>='), literal)
        .map(([op, value]) => ({ kind: 'compare', field, op, value })),
      fc
        .tuple(fc.boolean(), fc.array(literal, { minLength: 1, maxLength: 3 }))
        .map(([negated, values]) => ({ kind: 'in', field, negated, values })),
      fc.boolean().map((negated) => ({ kind: 'null', field, negated })),
    ];
    // LIKE on a number field is refused when the filter compiles (tested elsewhere).
    if (fields[field.name]?.type === 'text') {
      options.push(
        fc
          .tuple(fc.boolean(), likePattern)
          .map(([negated, pattern]) => ({ kind: 'like', field, negated, pattern })),
      );
    }
    return fc.oneof(...options);
  });

  const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      comparison,
      tie('expr').map((arg) => ({ kind: 'not', arg }) as Expr),
      fc
        .array(tie('expr'), { minLength: 2, maxLength: 3 })
        .map((args) => ({ kind: 'and', args }) as Expr),
      fc
        .array(tie('expr'), { minLength: 2, maxLength: 3 })
        .map((args) => ({ kind: 'or', args }) as Expr),
    ),
  }));
  return expr;
}

/** The tree without source positions, to compare a parsed tree with a generated one. */
export function withoutPositions(value: Expr): unknown {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === 'position' ? undefined : v)));
}
