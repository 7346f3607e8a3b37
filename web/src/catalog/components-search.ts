/** The dashboard's state, all of it in the URL so a link reproduces the view. */
export const FACET_FIELDS = [
  'category',
  'type',
  'lifecycle',
  'owner',
  'tags',
  'languages',
] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

export interface ComponentsSearch {
  /** The user's DSL expression. */
  filter?: string;
  /** Full-text query. */
  q?: string;
  /** `name`, `-updated`, ... */
  sort?: string;
  /** Selected facet values; the empty string stands for "not set". */
  category?: string[];
  type?: string[];
  lifecycle?: string[];
  owner?: string[];
  tags?: string[];
  languages?: string[];
}

/** A search param as one text (the other kinds' lists read theirs the same way). */
export const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined;
/** A search param as a list of values (a facet's selection). */
export const list = (v: unknown): string[] | undefined => {
  const values = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  const clean = values.filter((x): x is string => typeof x === 'string');
  return clean.length > 0 ? clean : undefined;
};

export function validateComponentsSearch(search: Record<string, unknown>): ComponentsSearch {
  const out: ComponentsSearch = {
    filter: text(search.filter),
    q: text(search.q),
    sort: text(search.sort),
  };
  for (const field of FACET_FIELDS) out[field] = list(search[field]);
  return out;
}

export function selectedFacets(search: ComponentsSearch): Partial<Record<FacetField, string[]>> {
  const out: Partial<Record<FacetField, string[]>> = {};
  for (const field of FACET_FIELDS) {
    const values = search[field];
    if (values && values.length > 0) out[field] = values;
  }
  return out;
}
