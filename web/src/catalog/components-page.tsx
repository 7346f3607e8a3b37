import { Alert, Box, Button, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useComponentList } from '../api/components.js';
import { keys } from '../api/keys.js';
import { plural } from '../components/format.js';
import { ErrorAlert } from '../components/query-state.js';
import { useSearchState } from '../components/use-search-params.js';
import { OwnedByMeToggle } from '../people/owned-by-me-toggle.js';
import { ComponentFormModal } from './component-form-modal.js';
import { type ComponentsSearch, FACET_FIELDS, selectedFacets } from './components-search.js';
import { ComponentsTable } from './components-table.js';
import { composeFilter } from './dsl-compose.js';
import { FacetPanel } from './facet-panel.js';
import { useFilterErrors } from './filter-errors.js';
import { FilterInput } from './filter-input.js';
import { useFacetCounts } from './use-facet-counts.js';

/**
 * The components dashboard: facets, the filter language, full-text search, sorting and cursor
 * pages. Everything that shapes the view lives in the URL.
 */
export function ComponentsPage() {
  const [search, setSearch] = useSearchState<ComponentsSearch>();
  const selected = selectedFacets(search);
  const sort = search.sort ?? 'name';
  const [text, setText] = useState(search.q ?? '');
  const [debouncedText] = useDebouncedValue(text, 250);
  const [creating, setCreating] = useState(false);

  useEffect(() => setText(search.q ?? ''), [search.q]);
  useEffect(() => {
    if ((debouncedText.trim() || undefined) !== search.q)
      setSearch({ q: debouncedText.trim() || undefined });
  }, [debouncedText, search.q, setSearch]);

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
  const anyState = Boolean(search.filter || search.q || Object.keys(selected).length);

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="nowrap">
        <Group gap="sm" align="baseline">
          <Title order={3}>Components</Title>
          <Text size="sm" c="dimmed" data-testid="result-count">
            {list.isFetching && !list.isFetchingNextPage ? <Loader size={10} mr={6} /> : null}
            {list.error ? '' : plural(total, 'component')}
          </Text>
          <OwnedByMeToggle
            owners={search.owner}
            onChange={(owner) => setSearch({ owner }, { push: true })}
          />
          {anyState && (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() =>
                setSearch({
                  filter: undefined,
                  q: undefined,
                  ...Object.fromEntries(FACET_FIELDS.map((f) => [f, undefined])),
                })
              }
            >
              Reset view
            </Button>
          )}
        </Group>
        <Button size="xs" onClick={() => setCreating(true)}>
          New component
        </Button>
      </Group>
      <Group align="flex-start" gap="sm" wrap="nowrap">
        <TextInput
          aria-label="Search text"
          placeholder="Search name, title, description"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          w={260}
          size="sm"
        />
        <Box style={{ flex: 1 }}>
          <FilterInput
            value={search.filter ?? ''}
            onApply={(f) => setSearch({ filter: f || undefined }, { push: true })}
            error={filterError}
          />
        </Box>
      </Group>
      <Group align="flex-start" gap="md" wrap="nowrap">
        <Box w={200} style={{ flexShrink: 0 }}>
          <FacetPanel
            counts={list.error ? lastCounts.current : counts}
            selected={selected}
            onChange={(field, values) => setSearch({ [field]: values }, { push: true })}
          />
        </Box>
        <Stack style={{ flex: 1, minWidth: 0 }} gap="xs">
          {otherError && <ErrorAlert error={otherError} />}
          {filterError && !otherError && (
            <Alert color="red" variant="light" p={6}>
              The filter has an error (see above); no components are shown.
            </Alert>
          )}
          <ComponentsTable
            items={items}
            maxHeight="calc(100dvh - 260px)"
            sort={sort}
            onSort={(s) => setSearch({ sort: s === 'name' ? undefined : s })}
          />
          {!list.isLoading && items.length === 0 && !list.error && (
            <Text size="sm" c="dimmed" ta="center" p="md">
              No components match.
            </Text>
          )}
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {items.length > 0 && `Showing ${items.length} of ${total}`}
            </Text>
            {list.hasNextPage && (
              <Button
                size="xs"
                variant="default"
                onClick={() => void list.fetchNextPage()}
                loading={list.isFetchingNextPage}
              >
                Load more
              </Button>
            )}
          </Group>
        </Stack>
      </Group>
      <ComponentFormModal opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}
