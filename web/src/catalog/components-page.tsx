import { useRef, useState } from 'react';
import { useComponentList } from '../api/components.js';
import { keys } from '../api/keys.js';
import { plural } from '../components/format.js';
import { useSearchState } from '../components/use-search-params.js';
import { OwnedByMeToggle } from '../people/owned-by-me-toggle.js';
import { ComponentFormModal } from './component-form-modal.js';
import { type ComponentsSearch, FACET_FIELDS, selectedFacets } from './components-search.js';
import { ComponentsTable } from './components-table.js';
import { composeFilter } from './dsl-compose.js';
import { FacetedList, useSearchText, viewReset } from './faceted-list.js';
import { useFilterErrors } from './filter-errors.js';
import { useFacetCounts } from './use-facet-counts.js';

/**
 * The components dashboard: facets, the filter language, full-text search, sorting and cursor
 * pages. Everything that shapes the view lives in the URL.
 */
export function ComponentsPage() {
  const [search, setSearch] = useSearchState<ComponentsSearch>();
  const selected = selectedFacets(search);
  const sort = search.sort ?? 'name';
  const [text, setText] = useSearchText(search.q, setSearch);
  const [creating, setCreating] = useState(false);

  const filter = composeFilter(search.filter, selected);
  const unselected = FACET_FIELDS.filter((f) => !selected[f]);
  const list = useComponentList({
    filter,
    q: search.q,
    sort,
    facets: unselected.join(',') || undefined,
  });
  const counts = useFacetCounts(search.filter, search.q, selected, list.data?.pages[0]?.facets);
  // While the filter is broken, keep showing the last counts rather than empty facets.
  const lastCounts = useRef(counts);
  if (!list.error) lastCounts.current = counts;

  const { filterError, otherError } = useFilterErrors({
    error: list.error,
    sent: filter,
    userFilter: search.filter,
    path: '/components',
    queryKey: keys.components,
  });

  const items = list.error ? [] : (list.data?.pages.flatMap((p) => p.items) ?? []);
  const total = list.data?.pages[0]?.total ?? 0;

  return (
    <FacetedList
      heading="Components"
      count={plural(total, 'component')}
      extras={
        <OwnedByMeToggle
          owners={search.owner}
          onChange={(owner) => setSearch({ owner }, { push: true })}
        />
      }
      onReset={viewReset(search, selected, FACET_FIELDS, setSearch)}
      newLabel="New component"
      onNew={() => setCreating(true)}
      text={text}
      onText={setText}
      filter={search.filter ?? ''}
      onFilter={(f) => setSearch({ filter: f || undefined }, { push: true })}
      filterError={filterError}
      otherError={otherError}
      facets={{
        counts: list.error ? lastCounts.current : counts,
        selected,
        onChange: (field, values) => setSearch({ [field]: values }, { push: true }),
      }}
      list={list}
      shown={items.length}
      total={total}
      many="components"
      table={
        <ComponentsTable
          items={items}
          maxHeight="calc(100dvh - 260px)"
          sort={sort}
          onSort={(s) => setSearch({ sort: s === 'name' ? undefined : s })}
        />
      }
      dialog={<ComponentFormModal opened={creating} onClose={() => setCreating(false)} />}
    />
  );
}
