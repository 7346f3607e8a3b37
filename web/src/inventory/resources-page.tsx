import { Box, Group, Select, Stack, Text, Title } from '@mantine/core';
import { composeFilter } from '../catalog/dsl-compose.js';
import { FacetPanel } from '../catalog/facet-panel.js';
import { useFilterErrors } from '../catalog/filter-errors.js';
import { FilterInput } from '../catalog/filter-input.js';
import { useFacetCounts } from '../catalog/use-facet-counts.js';
import { plural } from '../components/format.js';
import { ListFooter } from '../components/list-footer.js';
import { ErrorAlert } from '../components/query-state.js';
import { useSearchState } from '../components/use-search-params.js';
import { inventoryKeys, useInventoryLiveUpdates, useResourceList } from './api.js';
import {
  RESOURCE_FACET_FIELDS,
  type ResourcesSearch,
  selectedResourceFacets,
} from './resources-search.js';
import { ResourcesTable } from './resources-table.js';

const SORTS = [
  { value: 'resource_id', label: 'Resource id' },
  { value: 'resource_site', label: 'Site' },
  { value: 'resource_class', label: 'Class' },
  { value: 'resource_type', label: 'Type' },
  { value: 'resource_endpoint', label: 'Endpoint' },
  { value: '-lastSeen', label: 'Last seen (newest first)' },
];

/**
 * The inventory's resources: the filter language, facets (a selection becomes `field IN (...)`
 * ANDed to the filter), a sort, and cursor pages. The view lives in the URL.
 */
export function ResourcesPage() {
  useInventoryLiveUpdates();
  const [search, setSearch] = useSearchState<ResourcesSearch>();
  const selected = selectedResourceFacets(search);
  const filter = composeFilter(search.filter, selected);
  const list = useResourceList({ filter, sort: search.sort });
  const { filterError, otherError } = useFilterErrors({
    error: list.error,
    sent: filter,
    userFilter: search.filter,
    path: '/resources',
    queryKey: inventoryKeys.all,
  });
  const first = list.data?.pages[0];
  // A facet with a selection is counted without its own clause, so its other values stay.
  const counts = useFacetCounts(search.filter, undefined, selected, first?.facets, {
    path: '/resources',
    key: inventoryKeys.all,
    fields: RESOURCE_FACET_FIELDS,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = first?.total ?? 0;
  return (
    <Stack gap="sm">
      <Group gap="sm" align="baseline">
        <Title order={3}>Resources</Title>
        <Text size="sm" c="dimmed" data-testid="result-count">
          {list.error ? '' : plural(total, 'resource')}
        </Text>
      </Group>
      <Group align="flex-start" gap="sm" wrap="nowrap">
        <Box style={{ flex: 1 }}>
          <FilterInput
            value={search.filter ?? ''}
            onApply={(f) => setSearch({ filter: f || undefined })}
            error={filterError}
          />
        </Box>
        <Select
          aria-label="Sort"
          size="sm"
          w={220}
          data={SORTS}
          value={search.sort ?? 'resource_id'}
          onChange={(sort) => setSearch({ sort: sort ?? undefined })}
        />
      </Group>
      <Group align="flex-start" gap="md" wrap="nowrap">
        <Box w={200} style={{ flexShrink: 0 }}>
          <FacetPanel
            fields={RESOURCE_FACET_FIELDS}
            counts={counts}
            selected={selected}
            onChange={(field, values) => setSearch({ [field]: values })}
          />
        </Box>
        <Stack style={{ flex: 1, minWidth: 0 }} gap="xs">
          {otherError && <ErrorAlert error={otherError} />}
          {items.length > 0 && <ResourcesTable items={items} />}
          {!list.isLoading && items.length === 0 && !list.error && (
            <Text size="sm" c="dimmed" ta="center" p="md">
              No resources match.
            </Text>
          )}
          <ListFooter shown={items.length} total={first?.total} query={list} />
        </Stack>
      </Group>
    </Stack>
  );
}
