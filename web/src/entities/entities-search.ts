import { list, text } from '../catalog/components-search.js';
import { ENTITY_FACET_FIELDS, type EntityFacet } from './kinds.js';

/** A kind's list view, all of it in the URL so a link reproduces the view. */
export type EntitiesSearch = {
  filter?: string;
  q?: string;
  sort?: string;
} & Partial<Record<EntityFacet, string[]>>;

export function validateEntitiesSearch(search: Record<string, unknown>): EntitiesSearch {
  const out: EntitiesSearch = {
    filter: text(search.filter),
    q: text(search.q),
    sort: text(search.sort),
  };
  for (const field of ENTITY_FACET_FIELDS) out[field] = list(search[field]);
  return out;
}

/** The facets of `fields` that have values selected. */
export function selectedEntityFacets(
  search: EntitiesSearch,
  fields: readonly EntityFacet[],
): Partial<Record<EntityFacet, string[]>> {
  const out: Partial<Record<EntityFacet, string[]>> = {};
  for (const field of fields) {
    const values = search[field];
    if (values && values.length > 0) out[field] = values;
  }
  return out;
}
