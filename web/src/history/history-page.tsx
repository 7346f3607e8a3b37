import { Anchor, Button, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { type HistorySearch, useHistorySearch } from '../api/history.js';
import { usePeople } from '../api/people.js';
import type { HistoryEvent } from '../api/types.js';
import { HistoryTable } from '../components/history-table.js';
import { ErrorAlert } from '../components/query-state.js';
import { useSearchState } from '../components/use-search-params.js';
import { entityPath, fromLocalInput, toLocalInput } from './history-search.js';

/** Which entity each row is about: the history page mixes every kind. */
const entityOf = (event: HistoryEvent) => event.entityRef;

/**
 * Every change in the catalog, newest first, narrowed by who made it, what it is about (an
 * entity and its parts) and when (PRODUCT 1.2). The question lives in the URL, so a link to
 * "what did bob change last week" can be shared.
 */
export function HistoryPage() {
  const [search, setSearch] = useSearchState<HistorySearch>();
  const people = usePeople('', true);
  const [ref, setRef] = useState(search.ref ?? '');
  const [debouncedRef] = useDebouncedValue(ref, 300);
  useEffect(() => setRef(search.ref ?? ''), [search.ref]);
  useEffect(() => {
    if ((debouncedRef.trim() || undefined) !== search.ref)
      setSearch({ ref: debouncedRef.trim() || undefined });
  }, [debouncedRef, search.ref, setSearch]);

  const history = useHistorySearch(search);
  const events = history.data?.pages.flatMap((p) => p.items) ?? [];
  const subjects = [...new Set(events.map(entityOf))].slice(0, 8);
  const anyState = Boolean(search.actor || search.ref || search.since || search.until);

  return (
    <Stack gap="sm">
      <Group gap="sm" align="baseline">
        <Title order={3}>History</Title>
        <Text size="sm" c="dimmed">
          every change, field by field: who, when, old value → new value
        </Text>
      </Group>
      <Group align="flex-end" gap="sm">
        <Select
          label="Changed by"
          placeholder="anyone"
          searchable
          clearable
          w={240}
          data={(people.data?.items ?? []).map((p) => ({
            value: p.username,
            label: p.name && p.name !== p.username ? `${p.name} (${p.username})` : p.username,
          }))}
          value={search.actor ?? null}
          onChange={(actor) => setSearch({ actor: actor ?? undefined }, { push: true })}
          nothingFoundMessage="Nobody by that name"
        />
        <TextInput
          label="Entity"
          placeholder="component:default/checkout-service"
          description="an entity and its parts (versions, dependencies)"
          value={ref}
          onChange={(e) => setRef(e.currentTarget.value)}
          w={320}
        />
        <TextInput
          type="datetime-local"
          label="From"
          value={toLocalInput(search.since)}
          onChange={(e) => setSearch({ since: fromLocalInput(e.currentTarget.value) })}
          w={200}
        />
        <TextInput
          type="datetime-local"
          label="To"
          value={toLocalInput(search.until)}
          onChange={(e) => setSearch({ until: fromLocalInput(e.currentTarget.value) })}
          w={200}
        />
        {anyState && (
          <Button
            variant="subtle"
            size="xs"
            onClick={() =>
              setSearch(
                { actor: undefined, ref: undefined, since: undefined, until: undefined },
                { push: true },
              )
            }
          >
            Show all changes
          </Button>
        )}
      </Group>
      {history.error ? <ErrorAlert error={history.error} /> : null}
      {subjects.length > 0 && (
        <Group gap={6}>
          <Text size="xs" c="dimmed">
            About:
          </Text>
          {subjects.map((subject) => {
            const to = entityPath(subject);
            return to ? (
              <Anchor key={subject} component={Link} to={to} size="xs">
                {subject}
              </Anchor>
            ) : (
              <Text key={subject} size="xs">
                {subject}
              </Text>
            );
          })}
        </Group>
      )}
      <HistoryTable
        events={events}
        label={entityOf}
        loading={history.isLoading || history.isFetchingNextPage}
        hasMore={history.hasNextPage}
        onMore={() => void history.fetchNextPage()}
      />
    </Stack>
  );
}
