import {
  Anchor,
  Badge,
  Button,
  Group,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useMe } from '../api/auth.js';
import { usePeople } from '../api/people.js';
import { plural } from '../components/format.js';
import { QueryState } from '../components/query-state.js';
import { TagList } from '../components/tag-list.js';
import { PersonFormModal } from './person-form-modal.js';

export function PeoplePage() {
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 200);
  const [withHidden, setWithHidden] = useState(false);
  const people = usePeople(debounced, withHidden);
  const isAdmin = useMe().data?.isAdmin ?? false;
  const [adding, setAdding] = useState(false);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Group gap="sm" align="baseline">
          <Title order={3}>People</Title>
          <Text size="sm" c="dimmed">
            {people.data ? plural(people.data.items.length, 'person', 'people') : ''}
          </Text>
        </Group>
        {isAdmin && (
          <Button size="xs" onClick={() => setAdding(true)}>
            Add person
          </Button>
        )}
      </Group>
      <Group gap="sm">
        <TextInput
          placeholder="Search username, name, email"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={300}
          aria-label="Search people"
        />
        {isAdmin && (
          <Switch
            label="Show hidden"
            checked={withHidden}
            onChange={(e) => setWithHidden(e.currentTarget.checked)}
            size="xs"
          />
        )}
      </Group>
      <QueryState query={people}>
        {(data) => (
          <Table
            striped
            highlightOnHover
            withTableBorder
            stickyHeader
            className="dense-table"
            data-testid="people-table"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Username</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Title</Table.Th>
                <Table.Th>Department</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Teams</Table.Th>
                <Table.Th>Role</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/people/${encodeURIComponent(p.username)}`}
                      size="sm"
                      fw={600}
                    >
                      {p.username}
                    </Anchor>
                    {p.hidden && (
                      <Badge size="xs" variant="outline" color="gray" ml={4}>
                        hidden
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{p.name}</Table.Td>
                  <Table.Td>{p.title}</Table.Td>
                  <Table.Td>{p.department}</Table.Td>
                  <Table.Td>{p.email}</Table.Td>
                  <Table.Td>
                    <TagList values={p.teams} max={3} />
                  </Table.Td>
                  <Table.Td>
                    {p.role === 'admin' ? <Badge size="xs">admin</Badge> : 'member'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
      <PersonFormModal opened={adding} onClose={() => setAdding(false)} />
    </Stack>
  );
}
