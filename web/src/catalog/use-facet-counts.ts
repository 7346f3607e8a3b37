import { useQueries } from '@tanstack/react-query';
import { get } from '../api/client.js';
import { keys } from '../api/keys.js';
import type { FacetValue, Page } from '../api/types.js';
import { FACET_FIELDS, type FacetField } from './components-search.js';
import { composeFilter } from './dsl-compose.js';

/**
 * Counts per facet. A facet without a selection is counted over the current result (the list
 * query asks for those); a facet with a selection is counted without its own clause, so the
 * other values stay visible and can be added (disjunctive facets).
 */
export function useFacetCounts<F extends string = FacetField>(
  userFilter: string | undefined,
  q: string | undefined,
  selected: Partial<Record<F, string[]>>,
  fromList: Record<string, FacetValue[]> | undefined,
  /** Another list than the components': its API path, query key and facets. */
  list: { path: string; key: readonly unknown[]; fields: readonly F[] } = {
    path: '/components',
    key: keys.components,
    fields: FACET_FIELDS as unknown as readonly F[],
  },
): Partial<Record<F, FacetValue[]>> {
  const selectedFields = list.fields.filter((f) => (selected[f]?.length ?? 0) > 0);
  const results = useQueries({
    queries: selectedFields.map((field) => {
      const filter = composeFilter(userFilter, selected, field);
      return {
        queryKey: [...list.key, 'facet', field, filter ?? '', q ?? ''],
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          get<Page<unknown>>(list.path, { filter, q, facets: field, limit: 1 }, signal),
        retry: false,
        staleTime: 15_000,
      };
    }),
  });
  const out: Partial<Record<F, FacetValue[]>> = {};
  for (const field of list.fields) {
    const i = selectedFields.indexOf(field);
    out[field] = i >= 0 ? results[i]?.data?.facets?.[field] : fromList?.[field];
  }
  return out;
}
