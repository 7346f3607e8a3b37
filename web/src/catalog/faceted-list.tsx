import { Alert, Box, Button, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type ReactNode, useEffect, useState } from 'react';
import type { FacetValue } from '../api/types.js';
import { ListFooter, type PagedQuery } from '../components/list-footer.js';
import { ErrorAlert } from '../components/query-state.js';
import { FacetPanel } from './facet-panel.js';
import { FilterInput } from './filter-input.js';

/**
 * The free-text search box's text, which follows the URL's `q` and writes it back a moment after
 * the typing stops (the URL keeps what shapes the view).
 */
export function useSearchText(
  q: string | undefined,
  setSearch: (patch: { q: string | undefined }) => void,
): [string, (text: string) => void] {
  const [text, setText] = useState(q ?? '');
  const [debouncedText] = useDebouncedValue(text, 250);
  useEffect(() => setText(q ?? ''), [q]);
  useEffect(() => {
    if ((debouncedText.trim() || undefined) !== q)
      setSearch({ q: debouncedText.trim() || undefined });
  }, [debouncedText, q, setSearch]);
  return [text, setText];
}

/** Clears the view (the filter, the text, the facets' selections); nothing while it is clear. */
export function viewReset(
  search: { filter?: string; q?: string },
  selected: object,
  facets: readonly string[],
  setSearch: (patch: Record<string, undefined>) => void,
): (() => void) | undefined {
  if (!(search.filter || search.q || Object.keys(selected).length)) return undefined;
  return () =>
    setSearch({
      filter: undefined,
      q: undefined,
      ...Object.fromEntries(facets.map((f) => [f, undefined])),
    });
}

/**
 * The layout of a filtered list (the components dashboard, a kind's list): a heading with the
 * count, a reset and a New button; the search box and the filter; facets left of the table, and
 * below it whether anything matched, how much is shown and a Load more.
 */
export function FacetedList<F extends string>({
  heading,
  count,
  extras,
  onReset,
  newLabel,
  onNew,
  text,
  onText,
  filter,
  onFilter,
  filterError,
  otherError,
  facets,
  list,
  shown,
  total,
  many,
  table,
  dialog,
}: {
  heading: ReactNode;
  /** The number of matches, in words. */
  count: string;
  /** Beside the count. */
  extras?: ReactNode;
  /** Clears the view; absent when there is nothing to clear. */
  onReset?: () => void;
  newLabel: ReactNode;
  onNew(): void;
  text: string;
  onText(text: string): void;
  filter: string;
  onFilter(filter: string): void;
  filterError: Error | null;
  otherError: Error | null | undefined;
  facets: {
    fields?: readonly F[];
    counts: Partial<Record<F, FacetValue[]>>;
    selected: Partial<Record<F, string[]>>;
    onChange(field: F, values: string[]): void;
  };
  list: PagedQuery & { isFetching: boolean; isLoading: boolean; error: unknown };
  shown: number;
  total: number;
  /** What the list holds, plural ("components"). */
  many: string;
  table: ReactNode;
  /** The creation dialog. */
  dialog: ReactNode;
}) {
  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="nowrap">
        <Group gap="sm" align="baseline">
          <Title order={3}>{heading}</Title>
          <Text size="sm" c="dimmed" data-testid="result-count">
            {list.isFetching && !list.isFetchingNextPage ? <Loader size={10} mr={6} /> : null}
            {list.error ? '' : count}
          </Text>
          {extras}
          {onReset && (
            <Button size="compact-xs" variant="subtle" onClick={onReset}>
              Reset view
            </Button>
          )}
        </Group>
        <Button size="xs" onClick={onNew}>
          {newLabel}
        </Button>
      </Group>
      <Group align="flex-start" gap="sm" wrap="nowrap">
        <TextInput
          aria-label="Search text"
          placeholder="Search name, title, description"
          value={text}
          onChange={(e) => onText(e.currentTarget.value)}
          w={260}
          size="sm"
        />
        <Box style={{ flex: 1 }}>
          <FilterInput value={filter} onApply={onFilter} error={filterError} />
        </Box>
      </Group>
      <Group align="flex-start" gap="md" wrap="nowrap">
        <Box w={200} style={{ flexShrink: 0 }}>
          <FacetPanel {...facets} />
        </Box>
        <Stack style={{ flex: 1, minWidth: 0 }} gap="xs">
          {otherError && <ErrorAlert error={otherError} />}
          {filterError && !otherError && (
            <Alert color="red" variant="light" p={6}>
              The filter has an error (see above); no {many} are shown.
            </Alert>
          )}
          {table}
          {!list.isLoading && shown === 0 && !list.error && (
            <Text size="sm" c="dimmed" ta="center" p="md">
              No {many} match.
            </Text>
          )}
          <ListFooter shown={shown} total={total} query={list} />
        </Stack>
      </Group>
      {dialog}
    </Stack>
  );
}
