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
  sets: readonly ApplicableSet[],
): Promise<Set<string>> {
  const applying = await applyingSetsByComponent(db, sets, [componentId]);
  return applying.get(componentId) ?? new Set();
}

export interface ApplicableSet {
  id: string;
  applicability: string | null;
}

/**
 * For each of these components, the ids of the sets that apply to it: one query however many
 * sets and components (one boolean column per set with a filter), for the read views.
 */
export async function applyingSetsByComponent(
  db: Db,
  sets: readonly ApplicableSet[],
  componentIds: readonly string[],
): Promise<Map<string, Set<string>>> {
  const result = new Map(componentIds.map((id) => [id, new Set<string>()]));
  if (componentIds.length === 0) return result;
  const filtered = sets.filter((s) => {
    if (normalizeApplicability(s.applicability) !== null) return true;
    for (const applies of result.values()) applies.add(s.id);
    return false;
  });
  if (filtered.length === 0) return result;
  const tests = filtered.map(
    (s, i) =>
      sql`(${applicabilityCondition(s.applicability)}) IS TRUE AS ${sql.identifier(`s${i}`)}`,
  );
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT ${components.id} AS id, ${sql.join(tests, sql`, `)} FROM ${components}
        WHERE ${components.id} = ANY(${sql.param([...componentIds])}::uuid[])`,
  );
  for (const row of rows) {
    const applies = result.get(row.id as string);
    filtered.forEach((s, i) => {
      if (row[`s${i}`] === true) applies?.add(s.id);
    });
  }
  return result;
}
