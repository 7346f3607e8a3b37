import { useQueries } from '@tanstack/react-query';
import { get } from '../api/client.js';
import { keys } from '../api/keys.js';
import type { Component, FacetValue, Page } from '../api/types.js';
import { FACET_FIELDS, type FacetField } from './components-search.js';
import { composeFilter } from './dsl-compose.js';

/**
 * Counts per facet. A facet without a selection is counted over the current result (the list
 * query asks for those); a facet with a selection is counted without its own clause, so the
 * other values stay visible and can be added (disjunctive facets).
 */
export function useFacetCounts(
  userFilter: string | undefined,
  q: string | undefined,
  selected: Partial<Record<FacetField, string[]>>,
  fromList: Record<string, FacetValue[]> | undefined,
): Partial<Record<FacetField, FacetValue[]>> {
  const selectedFields = FACET_FIELDS.filter((f) => (selected[f]?.length ?? 0) > 0);
  const results = useQueries({
    queries: selectedFields.map((field) => {
      const filter = composeFilter(userFilter, selected, field);
      return {
        queryKey: [...keys.components, 'facet', field, filter ?? '', q ?? ''],
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          get<Page<Component>>('/components', { filter, q, facets: field, limit: 1 }, signal),
        retry: false,
        staleTime: 15_000,
      };
    }),
  });
  const out: Partial<Record<FacetField, FacetValue[]>> = {};
  for (const field of FACET_FIELDS) {
    const i = selectedFields.indexOf(field);
    out[field] = i >= 0 ? results[i]?.data?.facets?.[field] : fromList?.[field];
  }
  return out;
}
