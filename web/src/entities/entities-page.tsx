import { Text } from '@mantine/core';
import { useRef, useState } from 'react';
import { type EntityKind, entityKeys, useEntityList } from '../api/entities.js';
import { composeFilter } from '../catalog/dsl-compose.js';
import { FacetedList, useSearchText, viewReset } from '../catalog/faceted-list.js';
import { useFilterErrors } from '../catalog/filter-errors.js';
import { useFacetCounts } from '../catalog/use-facet-counts.js';
import { plural } from '../components/format.js';
import { useSearchState } from '../components/use-search-params.js';
import { type EntitiesSearch, selectedEntityFacets } from './entities-search.js';
import { EntitiesTable } from './entities-table.js';
import { EntityFormModal } from './entity-form-modal.js';
import { KINDS } from './kinds.js';

/**
 * A kind's list (systems, domains, APIs, resources): the components dashboard's pieces (the
 * filter language, full-text search, facets, sorting, cursor pages) on the kind's endpoint.
 * Everything that shapes the view lives in the URL.
 */
export function EntitiesPage({ kind }: { kind: EntityKind }) {
  const view = KINDS[kind];
  const [search, setSearch] = useSearchState<EntitiesSearch>();
  const selected = selectedEntityFacets(search, view.facets);
  const sort = search.sort ?? 'name';
  const [text, setText] = useSearchText(search.q, setSearch);
  const [creating, setCreating] = useState(false);

  const filter = composeFilter(search.filter, selected);
  const unselected = view.facets.filter((f) => !selected[f]);
  const list = useEntityList(kind, {
    filter,
    q: search.q,
    sort,
    facets: unselected.join(',') || undefined,
  });
  const counts = useFacetCounts(search.filter, search.q, selected, list.data?.pages[0]?.facets, {
    path: `/${view.path}`,
    key: entityKeys.kind(kind),
    fields: view.facets,
  });
  // While the filter is broken, keep showing the last counts rather than empty facets.
  const lastCounts = useRef(counts);
  if (!list.error) lastCounts.current = counts;
  const { filterError, otherError } = useFilterErrors({
    error: list.error,
    sent: filter,
    userFilter: search.filter,
    path: `/${view.path}`,
    queryKey: entityKeys.kind(kind),
  });

  const items = list.error ? [] : (list.data?.pages.flatMap((p) => p.items) ?? []);
  const total = list.data?.pages[0]?.total ?? 0;

  return (
    <FacetedList
      heading={view.heading}
      count={plural(total, view.one, view.many)}
      extras={
        <Text size="xs" c="dimmed">
          {view.about}
        </Text>
      }
      onReset={viewReset(search, selected, view.facets, setSearch)}
      newLabel={`New ${view.one}`}
      onNew={() => setCreating(true)}
      text={text}
      onText={setText}
      filter={search.filter ?? ''}
      onFilter={(f) => setSearch({ filter: f || undefined }, { push: true })}
      filterError={filterError}
      otherError={otherError}
      facets={{
        fields: view.facets,
        counts: list.error ? lastCounts.current : counts,
        selected,
        onChange: (field, values) => setSearch({ [field]: values }, { push: true }),
      }}
      list={list}
      shown={items.length}
      total={total}
      many={view.many}
      table={
        <EntitiesTable
          kind={kind}
          items={items}
          sort={sort}
          onSort={(s) => setSearch({ sort: s === 'name' ? undefined : s })}
        />
      }
      dialog={<EntityFormModal kind={kind} opened={creating} onClose={() => setCreating(false)} />}
    />
  );
}
