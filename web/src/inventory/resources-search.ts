import { list, text } from '../catalog/components-search.js';

/** The resource list's facets: the DSL fields of the same names (src/inventory/contract.ts). */
export const RESOURCE_FACET_FIELDS = [
  'resource_site',
  'resource_class',
  'resource_subclass',
  'resource_type',
  'resource_plugin',
] as const;
export type ResourceFacet = (typeof RESOURCE_FACET_FIELDS)[number];

/** The list's state, all in the URL so a link reproduces the view. */
export type ResourcesSearch = { filter?: string; sort?: string } & Partial<
  Record<ResourceFacet, string[]>
>;

export function validateResourcesSearch(search: Record<string, unknown>): ResourcesSearch {
  const out: ResourcesSearch = { filter: text(search.filter), sort: text(search.sort) };
  for (const field of RESOURCE_FACET_FIELDS) out[field] = list(search[field]);
  return out;
}

export function selectedResourceFacets(
  search: ResourcesSearch,
): Partial<Record<ResourceFacet, string[]>> {
  return Object.fromEntries(
    RESOURCE_FACET_FIELDS.filter((f) => (search[f]?.length ?? 0) > 0).map((f) => [f, search[f]!]),
  );
}
