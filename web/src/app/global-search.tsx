import { Badge, Group, Kbd, Text, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { createSpotlight, Spotlight, type SpotlightStore } from '@mantine/spotlight';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { componentPath } from '../api/components.js';
import { useSearch } from '../api/search.js';
import type { SearchHit } from '../api/types.js';
import { entityPath, isEntityKind, KIND_ORDER, KINDS } from '../entities/kinds.js';

const GROUPS: { kind: SearchHit['kind']; label: string }[] = [
  { kind: 'component', label: 'Components' },
  ...KIND_ORDER.map((kind) => ({ kind, label: KINDS[kind].heading })),
  { kind: 'person', label: 'People' },
  { kind: 'team', label: 'Teams' },
];

/** Where a search hit lives in the app. */
export function hitPath(hit: SearchHit): string {
  if (hit.kind === 'component') return componentPath(hit.ref);
  if (isEntityKind(hit.kind)) return entityPath(hit.ref) ?? '/';
  if (hit.kind === 'person')
    return `/people/${encodeURIComponent(hit.ref.replace(/^person:/, ''))}`;
  return `/teams/${encodeURIComponent(hit.ref.replace(/^group:/, ''))}`;
}

const [paletteStore, palette] = createSpotlight();

/**
 * Highlights the first hit. Mantine selects the first action when the query changes, but these
 * hits come from the server afterwards: nothing was highlighted, Enter did nothing, and the first
 * arrow key jumped to the second hit. The store and the attributes are Spotlight's own.
 */
function selectFirstHit(store: SpotlightStore): void {
  const { listId } = store.getState();
  const list = listId ? document.getElementById(listId) : null;
  if (!list) return;
  list.querySelector('[data-selected]')?.removeAttribute('data-selected');
  const first = list.querySelector('[data-action]');
  first?.setAttribute('data-selected', 'true');
  store.updateState((state) => ({ ...state, selected: first ? 0 : -1 }));
}

/** Ctrl+K: one box that finds components, people and teams on the server. */
export function GlobalSearch() {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 150);
  const { data, isFetching } = useSearch(debounced);
  const navigate = useNavigate();
  const hits = debounced.trim() ? (data?.items ?? []) : [];
  const shown = hits.map((h) => h.ref).join('\n');
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new list of hits is the trigger
  useEffect(() => selectFirstHit(paletteStore), [shown]);

  return (
    <>
      <UnstyledButton
        onClick={palette.open}
        aria-label="Search"
        px="sm"
        py={5}
        w={{ base: 160, sm: 360 }}
        style={{
          border: '1px solid var(--mantine-color-gray-3)',
          borderRadius: 6,
          background: 'var(--mantine-color-gray-0)',
        }}
      >
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm" c="dimmed" truncate>
            Search components, people, teams
          </Text>
          <Kbd size="xs" visibleFrom="sm">
            Ctrl + K
          </Kbd>
        </Group>
      </UnstyledButton>
      <Spotlight.Root
        store={paletteStore}
        query={query}
        onQueryChange={setQuery}
        shortcut={['mod + K']}
        scrollable
        maxHeight={480}
      >
        <Spotlight.Search placeholder="Search components, people, teams..." />
        <Spotlight.ActionsList>
          {GROUPS.map(({ kind, label }) => {
            const group = hits.filter((h) => h.kind === kind);
            if (group.length === 0) return null;
            return (
              <Spotlight.ActionsGroup key={kind} label={label}>
                {group.map((hit) => (
                  <Spotlight.Action
                    key={hit.ref}
                    onClick={() => void navigate({ to: hitPath(hit) })}
                    label={hit.title}
                    description={
                      hit.subtitle
                        ? `${hit.ref.replace(/^component:/, '')} · ${hit.subtitle}`
                        : hit.ref
                    }
                    rightSection={
                      <Badge size="xs" variant="light">
                        {kind}
                      </Badge>
                    }
                  />
                ))}
              </Spotlight.ActionsGroup>
            );
          })}
          {hits.length === 0 && (
            <Spotlight.Empty>
              {debounced.trim() === ''
                ? 'Type to search'
                : isFetching
                  ? 'Searching...'
                  : 'Nothing found'}
            </Spotlight.Empty>
          )}
        </Spotlight.ActionsList>
      </Spotlight.Root>
    </>
  );
}
