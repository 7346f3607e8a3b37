import { type SQL, sql } from 'drizzle-orm';
import { filterCondition } from '../catalog/list.js';
import { components } from '../catalog/schema.js';
import { DslError } from '../dsl/index.js';
import { type Db, queryRows } from '../platform/db.js';

/**
 * A requirement set's applicability: a filter in the DSL over the catalog's component fields
 * (PRODUCT 4), compiled exactly as the component list compiles `filter=`, so a set applies to
 * the components that list would show. No filter (null or blank) applies the set to every
 * component.
 */

/** Why `text` cannot be an applicability filter (the parser's or the field set's words), or null. */
export function applicabilityProblem(text: string): string | null {
  try {
    filterCondition(text);
    return null;
  } catch (error) {
    if (error instanceof DslError) return error.message;
    throw error;
  }
}

/** A stored filter as written, or null for "every component". */
export function normalizeApplicability(text: string | null | undefined): string | null {
  const trimmed = text?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** The condition over `components` rows the set's filter makes. */
export function applicabilityCondition(applicability: string | null): SQL {
  const text = normalizeApplicability(applicability);
  return text === null ? sql`TRUE` : filterCondition(text)!;
}

/** Which of these sets apply to the component: one query however many sets. */
export async function setsApplyingTo(
  db: Db,
  componentId: string,
  sets: readonly { id: string; applicability: string | null }[],
): Promise<Set<string>> {
  const applies = new Set<string>();
  const filtered = sets.filter((s) => {
    if (normalizeApplicability(s.applicability) !== null) return true;
    applies.add(s.id);
    return false;
  });
  if (filtered.length === 0) return applies;
  const tests = filtered.map(
    (s, i) =>
      sql`(${applicabilityCondition(s.applicability)}) IS TRUE AS ${sql.identifier(`s${i}`)}`,
  );
  const [row] = await queryRows<Record<string, boolean>>(
    db,
    sql`SELECT ${sql.join(tests, sql`, `)} FROM ${components} WHERE ${components.id} = ${componentId}`,
  );
  filtered.forEach((s, i) => {
    if (row?.[`s${i}`]) applies.add(s.id);
  });
  return applies;
}
