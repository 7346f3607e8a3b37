import { Anchor, Group, Table, Text, UnstyledButton } from '@mantine/core';
import { Link, useNavigate } from '@tanstack/react-router';
import { componentPath } from '../api/components.js';
import type { Component } from '../api/types.js';
import { formatDateTime, formatRelative } from '../components/format.js';
import { LifecycleBadge } from '../components/lifecycle-badge.js';
import { TagList } from '../components/tag-list.js';

type SortKey = 'name' | 'type' | 'lifecycle' | 'category' | 'owner' | 'updated';

function SortHeader({
  label,
  field,
  sort,
  onSort,
  w,
}: {
  label: string;
  field: SortKey;
  sort: string;
  onSort(sort: string): void;
  w?: number;
}) {
  const active = sort === field || sort === `-${field}`;
  const descending = sort === `-${field}`;
  return (
    <Table.Th w={w}>
      <UnstyledButton
        onClick={() => onSort(active && !descending ? `-${field}` : field)}
        aria-label={`Sort by ${label}`}
        data-sort={active ? (descending ? 'desc' : 'asc') : undefined}
      >
        <Group gap={3} wrap="nowrap">
          <Text size="sm" fw={700}>
            {label}
          </Text>
          <Text size="xs" c={active ? 'indigo' : 'gray.4'}>
            {active ? (descending ? '▼' : '▲') : '↕'}
          </Text>
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

/** The dense components table; headers sort (click again to reverse), rows open the component. */
export function ComponentsTable({
  items,
  sort,
  onSort,
}: {
  items: Component[];
  sort?: string;
  /** Without it the headers do not sort (the list is fixed, as on a team page). */
  onSort?(sort: string): void;
}) {
  const navigate = useNavigate();
  const header = (label: string, field: SortKey, w?: number) =>
    onSort ? (
      <SortHeader label={label} field={field} sort={sort ?? 'name'} onSort={onSort} w={w} />
    ) : (
      <Table.Th w={w}>{label}</Table.Th>
    );
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table
        striped
        highlightOnHover
        withTableBorder
        stickyHeader
        className="dense-table"
        data-testid="components-table"
      >
        <Table.Thead>
          <Table.Tr>
            {header('Name', 'name')}
            {header('Type', 'type')}
            {header('Lifecycle', 'lifecycle')}
            {header('Category', 'category')}
            {header('Owner', 'owner')}
            <Table.Th>Tags</Table.Th>
            <Table.Th>Languages</Table.Th>
            <Table.Th>Latest</Table.Th>
            {header('Updated', 'updated')}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr
              key={c.id}
              className="clickable-row"
              data-ref={c.ref}
              onClick={(e) => {
                if ((e.target as HTMLElement).closest('a')) return;
                void navigate({ to: componentPath(c.ref) });
              }}
            >
              <Table.Td maw={340}>
                <Anchor component={Link} to={componentPath(c.ref)} size="sm" fw={600}>
                  {c.name}
                </Anchor>
                {c.namespace !== 'default' && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    {c.namespace}
                  </Text>
                )}
                {c.title && c.title !== c.name && (
                  <Text span size="xs" c="dimmed">
                    {' · '}
                    {c.title}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{c.type ?? ''}</Table.Td>
              <Table.Td>
                <LifecycleBadge lifecycle={c.lifecycle} />
              </Table.Td>
              <Table.Td>
                {c.category ?? ''}
                {c.subcategory ? (
                  <Text span size="xs" c="dimmed">{` / ${c.subcategory}`}</Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                {c.owner ? (
                  <Anchor component={Link} to={`/teams/${encodeURIComponent(c.owner)}`} size="sm">
                    {c.owner}
                  </Anchor>
                ) : (
                  <Text span size="sm" c="dimmed">
                    unowned
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <TagList values={c.tags} max={3} />
              </Table.Td>
              <Table.Td>
                <TagList values={c.languages} max={3} color="indigo" />
              </Table.Td>
              <Table.Td className="mono">{c.latestVersion ?? ''}</Table.Td>
              <Table.Td title={formatDateTime(c.updatedAt)}>
                <Text size="xs">{formatRelative(c.updatedAt)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
