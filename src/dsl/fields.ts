// The field catalogue both compilers take: what a filter may name and how to read it, as SQL for
// the database and as an accessor for records in memory. Each entity (resources, components,
// deploy targets) declares one FieldSet; the grammar itself knows no field names.
import type { SQL } from 'drizzle-orm';
import type { FieldRef } from './ast.js';
import { DslFieldError } from './errors.js';
import { formatKey } from './format.js';

export { DslFieldError } from './errors.js';

/**
 * `X` is what the in-memory accessor needs besides the record, given to compilePredicate: the
 * team tree for ownership, say. Fields that read the record alone leave it `unknown`.
 */
export interface FieldSpec<R, X = unknown> {
  /** How literals compare with the field's values. */
  type: 'text' | 'number';
  /**
   * scalar: one value; multi: an array, a comparison holds when any element holds;
   * keyed: a string map read as `name.key` (key case-sensitive).
   */
  shape: 'scalar' | 'multi' | 'keyed';
  /**
   * SQL expression of the column: text or numeric for scalar, an array (text[], or numeric
   * for number) for multi, and for keyed the map value as text (e.g. sql`${t.meta} ->> ${key}::text`).
   */
  sql: (key?: string) => SQL;
  /**
   * For a multi field whose array is costly to build per row (an owner's chain of parent teams
   * is a recursive query): how to ask it without building it. When given, the SQL compiler uses
   * these instead of `sql`.
   */
  sqlMembers?: MemberQueries;
  /** In-memory accessor: the scalar, the array or the map value; undefined or null = missing. */
  get: (record: R, key: string | undefined, context: X) => unknown;
}

export interface MemberQueries {
  /**
   * "Some element passes `test`" in SQL, for any comparison: NULL exactly when the field is
   * missing, else TRUE or FALSE. `test` renders the comparison for one element expression.
   */
  some: (test: (element: SQL) => SQL) => SQL;
  /** "The field is missing" (no element): never NULL. */
  missing: SQL;
}

/** Field specs by lower-case field name. */
export type FieldSet<R, X = unknown> = Record<string, FieldSpec<R, X>>;

export interface ResolvedField<R, X = unknown> {
  spec: FieldSpec<R, X>;
  /** The map key for keyed fields: the path after the name, joined by dots. */
  key: string | undefined;
  /** The field as written, for messages. */
  label: string;
}

/**
 * Looks a field reference up in the catalogue. Keys after the first dot are joined back with
 * dots, so a label key such as `app.kubernetes.io` can be written as it is.
 */
export function resolveField<R, X>(fields: FieldSet<R, X>, ref: FieldRef): ResolvedField<R, X> {
  const label = [ref.name, ...ref.path.map(formatKey)].join('.');
  const spec = Object.hasOwn(fields, ref.name) ? fields[ref.name] : undefined;
  if (spec === undefined) {
    throw fieldError(fields, ref, label, `unknown field "${ref.name}"`);
  }
  if (spec.shape === 'keyed') {
    if (ref.path.length === 0) {
      throw fieldError(fields, ref, label, `field "${ref.name}" needs a key: ${ref.name}.<key>`);
    }
    return { spec, key: ref.path.join('.'), label };
  }
  if (ref.path.length > 0) {
    throw fieldError(
      fields,
      ref,
      label,
      `field "${ref.name}" has no keys; remove ".${ref.path.map(formatKey).join('.')}"`,
    );
  }
  return { spec, key: undefined, label };
}

/** The known fields as a user would write them, keyed ones with `.<key>`. */
export function describeFields<R, X>(fields: FieldSet<R, X>): string[] {
  return Object.keys(fields)
    .sort()
    .map((name) => (fields[name]?.shape === 'keyed' ? `${name}.<key>` : name));
}

export function fieldError<R, X>(
  fields: FieldSet<R, X>,
  ref: FieldRef,
  label: string,
  reason: string,
  listKnown = true,
): DslFieldError {
  const known = describeFields(fields);
  return new DslFieldError(
    listKnown ? `${reason} (known fields: ${known.join(', ')})` : reason,
    label,
    known,
    ref.position?.line,
    ref.position?.column,
  );
}
