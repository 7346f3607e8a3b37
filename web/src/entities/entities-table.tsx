import { Anchor, Group, Table, Text, UnstyledButton } from '@mantine/core';
import { Link, useNavigate } from '@tanstack/react-router';
import type { Entity, EntityKind } from '../api/entities.js';
import { formatDateTime, formatRelative } from '../components/format.js';
import { LifecycleBadge } from '../components/lifecycle-badge.js';
import { TagList } from '../components/tag-list.js';
import { PARENT_FIELD } from './entity-form-model.js';
import { OwnerLink, RefLink } from './entity-links.js';
import { entityPath } from './kinds.js';

function SortHeader({
  label,
  field,
  sort,
  onSort,
}: {
  label: string;
  field: string;
  sort: string;
  onSort(sort: string): void;
}) {
  const active = sort === field || sort === `-${field}`;
  const descending = sort === `-${field}`;
  return (
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
  );
}

/**
 * A kind's table: name (with the title), type, lifecycle, owner, what it belongs to, tags and
 * the last change. Headers sort (click again to reverse); a row opens the entity.
 */
export function EntitiesTable({
  kind,
  items,
  sort,
  onSort,
}: {
  kind: EntityKind;
  items: Entity[];
  sort: string;
  onSort(sort: string): void;
}) {
  const navigate = useNavigate();
  const parent = PARENT_FIELD[kind];
  const header = (label: string, field: string) => (
    <SortHeader label={label} field={field} sort={sort} onSort={onSort} />
  );
  return (
    <Table.ScrollContainer minWidth={720} type="native">
      <Table
        striped
        highlightOnHover
        withTableBorder
        verticalSpacing={4}
        data-testid="entities-table"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{header('Name', 'name')}</Table.Th>
            <Table.Th>{header('Type', 'type')}</Table.Th>
            <Table.Th>{header('Lifecycle', 'lifecycle')}</Table.Th>
            <Table.Th>{header('Owner', 'owner')}</Table.Th>
            {parent && <Table.Th>{parent === 'system' ? 'System' : 'Domain'}</Table.Th>}
            <Table.Th>Tags</Table.Th>
            <Table.Th>{header('Updated', 'updated')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((e) => (
            <Table.Tr
              key={e.id}
              className="clickable-row"
              data-ref={e.ref}
              onClick={(event) => {
                if ((event.target as HTMLElement).closest('a')) return;
                const to = entityPath(e.ref);
                if (to) void navigate({ to });
              }}
            >
              <Table.Td miw={160}>
                <Anchor component={Link} to={entityPath(e.ref) ?? '/'} size="sm" fw={600}>
                  {e.name}
                </Anchor>
                {e.namespace !== 'default' && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    {e.namespace}
                  </Text>
                )}
                {e.title && e.title !== e.name && (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {e.title}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{e.type ?? ''}</Text>
              </Table.Td>
              <Table.Td miw={110}>
                <LifecycleBadge lifecycle={e.lifecycle} />
              </Table.Td>
              <Table.Td>
                <OwnerLink ownerRef={e.ownerRef} owner={e.owner} />
              </Table.Td>
              {parent && (
                <Table.Td>{e[parent] ? <RefLink entityRef={e[parent]} /> : null}</Table.Td>
              )}
              <Table.Td>
                <TagList values={e.tags} max={4} />
              </Table.Td>
              <Table.Td miw={90}>
                <Text size="xs" title={formatDateTime(e.updatedAt)}>
                  {formatRelative(e.updatedAt)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
