/** A DSL string literal: backslashes and double quotes escaped (PRODUCT 4). */
export function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * The clause of one facet: `owner IN ("a", "b")`; the empty string stands for "not set" and
 * becomes `IS NULL` (a facet's null bucket).
 */
export function facetClause(field: string, values: string[]): string | undefined {
  const set = values.filter((v) => v !== '');
  const parts: string[] = [];
  if (set.length > 0) parts.push(`${field} IN (${set.map(quote).join(', ')})`);
  if (values.includes('')) parts.push(`${field} IS NULL`);
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
}

/**
 * The expression sent to the server: the user's filter (in parentheses, so its ORs stay
 * inside) ANDed with one clause per facet that has a selection.
 */
export function composeFilter(
  userFilter: string | undefined,
  facets: Partial<Record<string, string[]>>,
  except?: string,
): string | undefined {
  const user = userFilter?.trim() ? userFilter : undefined;
  const clauses = Object.entries(facets)
    .filter(([field]) => field !== except)
    .map(([field, values]) => facetClause(field, values ?? []))
    .filter((c): c is string => c !== undefined);
  if (clauses.length === 0) return user;
  return [user ? `(${user})` : undefined, ...clauses].filter(Boolean).join(' AND ');
}
