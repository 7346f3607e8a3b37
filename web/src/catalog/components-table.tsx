import { Group, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { componentPath } from '../api/components.js';
import type { Component } from '../api/types.js';
import { ColumnChooser, type ComponentColumn, useComponentColumns } from './components-columns.js';
import classes from './components-table.module.css';

function SortHeader({
  column,
  sort,
  onSort,
}: {
  column: ComponentColumn & { sort: string };
  sort: string;
  onSort(sort: string): void;
}) {
  const field = column.sort;
  const active = sort === field || sort === `-${field}`;
  const descending = sort === `-${field}`;
  return (
    <UnstyledButton
      onClick={() => onSort(active && !descending ? `-${field}` : field)}
      aria-label={`Sort by ${column.label}`}
      data-sort={active ? (descending ? 'desc' : 'asc') : undefined}
    >
      <Group gap={3} wrap="nowrap">
        <Text size="sm" fw={700}>
          {column.label}
        </Text>
        <Text size="xs" c={active ? 'indigo' : 'gray.4'}>
          {active ? (descending ? '▼' : '▲') : '↕'}
        </Text>
      </Group>
    </UnstyledButton>
  );
}

/**
 * The components table: the columns a person chose (kept in this browser), cells that wrap
 * instead of cutting, and a header that stays in view while the rows scroll under it. Headers
 * sort (click again to reverse); a row opens its component.
 */
export function ComponentsTable({
  items,
  sort,
  onSort,
  maxHeight,
}: {
  items: Component[];
  sort?: string;
  /** Without it the headers do not sort (the list is fixed, as on a team page). */
  onSort?(sort: string): void;
  /** Rows scroll inside this height, under the header (the dashboard: the rest of the screen). */
  maxHeight?: string;
}) {
  const navigate = useNavigate();
  const { columns, chosen, setIds } = useComponentColumns();
  return (
    <Stack gap={4}>
      <Group justify="flex-end">
        <ColumnChooser chosen={chosen} onChange={setIds} />
      </Group>
      <Table.ScrollContainer
        minWidth={720}
        maxHeight={maxHeight}
        type="native"
        data-testid="components-scroll"
      >
        <Table
          striped
          highlightOnHover
          withTableBorder
          stickyHeader
          verticalSpacing={4}
          horizontalSpacing={6}
          className={classes.table}
          data-testid="components-table"
        >
          <Table.Thead>
            <Table.Tr>
              {columns.map((column) => (
                <Table.Th key={column.id} miw={column.minWidth} data-column={column.id}>
                  {onSort && column.sort ? (
                    <SortHeader
                      column={column as ComponentColumn & { sort: string }}
                      sort={sort ?? 'name'}
                      onSort={onSort}
                    />
                  ) : (
                    column.label
                  )}
                </Table.Th>
              ))}
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
                {columns.map((column) => (
                  <Table.Td key={column.id} miw={column.minWidth} data-column={column.id}>
                    {column.cell(c)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
