import { Alert, Button, Group, NavLink, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useMe } from '../api/auth.js';
import { describeError } from '../api/problem.js';
import { useDeleteReferenceItem, useReferenceList } from '../api/reference.js';
import type { ReferenceItem, ReferenceList } from '../api/types.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { humanize } from '../components/format.js';
import { QueryState } from '../components/query-state.js';
import { useSearchState } from '../components/use-search-params.js';
import { ReferenceItemModal } from './reference-item-modal.js';

const LISTS: ReferenceList[] = [
  'categories',
  'subcategories',
  'component_types',
  'privacy_classes',
  'location_classes',
  'vendors',
  'languages',
  'frameworks',
  'databases',
  'orms',
  'loggers',
  'runtimes',
  'environments',
  'product_families',
  'product_versions',
  'tcp_ports',
];
const PARENTS: Partial<Record<ReferenceList, ReferenceList>> = {
  subcategories: 'categories',
  frameworks: 'languages',
  product_versions: 'product_families',
};

/** The managed lists behind the catalog's fields; admins add, rename and delete items. */
export function ReferencePage() {
  const [search, setSearch] = useSearchState<{ list?: string }>();
  const list = (
    LISTS.includes(search.list as ReferenceList) ? search.list : 'categories'
  ) as ReferenceList;
  const items = useReferenceList(list);
  const remove = useDeleteReferenceItem(list);
  const isAdmin = useMe().data?.isAdmin ?? false;
  const [editing, setEditing] = useState<ReferenceItem | 'new' | null>(null);
  const parentList = PARENTS[list];

  return (
    <Stack gap="sm">
      <Title order={3}>Reference lists</Title>
      <Group align="flex-start" gap="md" wrap="nowrap">
        <Paper withBorder w={200} p={4} style={{ flexShrink: 0 }}>
          {LISTS.map((l) => (
            <NavLink
              key={l}
              label={humanize(l)}
              active={l === list}
              onClick={() => setSearch({ list: l }, { push: true })}
              py={4}
            />
          ))}
        </Paper>
        <Stack style={{ flex: 1, minWidth: 0 }} gap="xs">
          <Group justify="space-between">
            <Title order={4}>{humanize(list)}</Title>
            {isAdmin && (
              <Button size="xs" onClick={() => setEditing('new')}>
                Add item
              </Button>
            )}
          </Group>
          {remove.error && (
            <Alert
              color={(remove.error as { status?: number }).status === 409 ? 'orange' : 'red'}
              title="Not deleted"
              withCloseButton
              onClose={() => remove.reset()}
              p="xs"
            >
              {describeError(remove.error)}
            </Alert>
          )}
          <QueryState query={items}>
            {(data) => (
              <Table withTableBorder striped className="dense-table" data-testid="reference-items">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={60}>Order</Table.Th>
                    <Table.Th>Name</Table.Th>
                    {parentList && <Table.Th>Parent</Table.Th>}
                    <Table.Th>Description</Table.Th>
                    {isAdmin && <Table.Th w={140} />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={5}>
                        <Text size="sm" c="dimmed">
                          The list is empty.
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  )}
                  {data.items.map((item) => (
                    <Table.Tr key={item.id}>
                      <Table.Td>{item.position}</Table.Td>
                      <Table.Td fw={500}>{item.name}</Table.Td>
                      {parentList && <Table.Td>{item.parent ?? ''}</Table.Td>}
                      <Table.Td title={item.description}>{item.description}</Table.Td>
                      {isAdmin && (
                        <Table.Td ta="right">
                          <Group gap={2} justify="flex-end" wrap="nowrap">
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              onClick={() => setEditing(item)}
                            >
                              Edit
                            </Button>
                            <ConfirmButton
                              label="Delete"
                              confirm={`Delete "${item.name}"? Refused while something uses it.`}
                              onConfirm={() => remove.mutate(item.name)}
                            />
                          </Group>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </QueryState>
        </Stack>
      </Group>
      <ReferenceItemModal
        list={list}
        parentList={parentList}
        item={editing && editing !== 'new' ? editing : undefined}
        opened={editing !== null}
        onClose={() => setEditing(null)}
      />
    </Stack>
  );
}
