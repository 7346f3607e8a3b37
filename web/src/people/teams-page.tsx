import { Anchor, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useMe } from '../api/auth.js';
import { useTeams } from '../api/teams.js';
import { plural } from '../components/format.js';
import { QueryState } from '../components/query-state.js';
import { TeamFormModal } from './team-form-modal.js';

export function TeamsPage() {
  const teams = useTeams();
  const isAdmin = useMe().data?.isAdmin ?? false;
  const [adding, setAdding] = useState(false);
  const [q, setQ] = useState('');
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Group gap="sm" align="baseline">
          <Title order={3}>Teams</Title>
          <Text size="sm" c="dimmed">
            {teams.data ? plural(teams.data.items.length, 'team') : ''}
          </Text>
        </Group>
        {isAdmin && (
          <Button size="xs" onClick={() => setAdding(true)}>
            New team
          </Button>
        )}
      </Group>
      <TextInput
        placeholder="Filter by name"
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        w={300}
        aria-label="Filter teams"
      />
      <QueryState query={teams}>
        {(data) => {
          const needle = q.trim().toLowerCase();
          const rows = data.items.filter(
            (t) =>
              !needle ||
              t.name.toLowerCase().includes(needle) ||
              t.title.toLowerCase().includes(needle),
          );
          return (
            <Table
              striped
              highlightOnHover
              withTableBorder
              className="dense-table"
              data-testid="teams-table"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Title</Table.Th>
                  <Table.Th>Parent</Table.Th>
                  <Table.Th>Members</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Chat</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((t) => (
                  <Table.Tr key={t.id}>
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={`/teams/${encodeURIComponent(t.name)}`}
                        size="sm"
                        fw={600}
                      >
                        {t.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{t.title}</Table.Td>
                    <Table.Td>
                      {t.parent && (
                        <Anchor
                          component={Link}
                          to={`/teams/${encodeURIComponent(t.parent)}`}
                          size="sm"
                        >
                          {t.parent}
                        </Anchor>
                      )}
                    </Table.Td>
                    <Table.Td>{t.members.length}</Table.Td>
                    <Table.Td>{t.email}</Table.Td>
                    <Table.Td>{t.chatChannel}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          );
        }}
      </QueryState>
      <TeamFormModal opened={adding} onClose={() => setAdding(false)} />
    </Stack>
  );
}
