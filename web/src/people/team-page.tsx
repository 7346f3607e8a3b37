import { Anchor, Button, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useComponentList } from '../api/components.js';
import { describeError } from '../api/problem.js';
import { useDeleteTeam, useTeam, useTeams } from '../api/teams.js';
import { ComponentsTable } from '../catalog/components-table.js';
import { quote } from '../catalog/dsl-compose.js';
import { PersonLinks } from '../catalog/person-links.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { EntityHistory } from '../components/entity-history.js';
import { KeyValues } from '../components/key-values.js';
import { Markdown } from '../components/markdown.js';
import { QueryState } from '../components/query-state.js';
import { Section } from '../components/section.js';
import { TeamFormModal } from './team-form-modal.js';
import { TeamLink } from './team-link.js';

function OwnedComponents({ team }: { team: string }) {
  const filter = `owner = ${quote(team)}`;
  const list = useComponentList({ filter, sort: 'name' });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = list.data?.pages[0]?.total ?? 0;
  return (
    <Section
      title={`Owned components (${total})`}
      actions={
        <Button
          size="compact-xs"
          variant="subtle"
          component={Link}
          to="/components"
          search={{ owner: [team] } as never}
        >
          Open in dashboard
        </Button>
      }
    >
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {list.isLoading ? 'Loading...' : 'This team owns no components.'}
        </Text>
      ) : (
        <ComponentsTable items={items} />
      )}
      {list.hasNextPage && (
        <Button
          size="compact-xs"
          variant="default"
          mt={4}
          onClick={() => void list.fetchNextPage()}
        >
          Load more
        </Button>
      )}
    </Section>
  );
}

export function TeamPage() {
  const { team: name } = useParams({ strict: false }) as { team: string };
  const team = useTeam(name);
  const all = useTeams().data?.items ?? [];
  const remove = useDeleteTeam();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  return (
    <QueryState query={team}>
      {(t) => {
        const children = all.filter((x) => x.parent === t.name);
        return (
          <Stack gap="sm">
            <Group justify="space-between" align="flex-start">
              <div>
                <Anchor component={Link} to="/teams" size="sm">
                  Teams
                </Anchor>
                <Title order={3}>{t.title || t.name}</Title>
                <Text size="sm" c="dimmed">
                  group:{t.name}
                </Text>
              </div>
              <Group gap={6}>
                {t.may.edit && (
                  <Button size="xs" onClick={() => setEditing(true)}>
                    Edit
                  </Button>
                )}
                {t.may.delete && (
                  <ConfirmButton
                    label="Delete"
                    size="xs"
                    variant="light"
                    confirm={`Delete team ${t.name}? Its components become unowned; sub-teams move up.`}
                    onConfirm={() =>
                      remove.mutate(t.name, {
                        onSuccess: () => void navigate({ to: '/teams' }),
                        onError: (e) =>
                          notifications.show({
                            color: 'red',
                            title: 'Not deleted',
                            message: describeError(e),
                          }),
                      })
                    }
                  />
                )}
              </Group>
            </Group>
            <Grid gap="sm">
              <Grid.Col span={{ base: 12, md: 6 }}>
                <Section title="Details">
                  {t.description && <Markdown mb={4}>{t.description}</Markdown>}
                  <KeyValues
                    rows={[
                      ['Parent team', t.parent ? <TeamLink key="p" name={t.parent} /> : ''],
                      [
                        'Sub-teams',
                        children.length ? (
                          <Group key="c" gap={8}>
                            {children.map((c) => (
                              <TeamLink key={c.name} name={c.name} />
                            ))}
                          </Group>
                        ) : (
                          ''
                        ),
                      ],
                      ['Email', t.email],
                      ['Chat channel', t.chatChannel],
                    ]}
                  />
                </Section>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 6 }}>
                <Section title={`Members (${t.members.length})`}>
                  {t.members.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      No members.
                    </Text>
                  ) : (
                    <PersonLinks usernames={t.members} />
                  )}
                </Section>
              </Grid.Col>
            </Grid>
            <OwnedComponents team={t.name} />
            <Section title="History">
              <EntityHistory entityType="team" entityId={t.id} />
            </Section>
            <TeamFormModal team={t} opened={editing} onClose={() => setEditing(false)} />
          </Stack>
        );
      }}
    </QueryState>
  );
}
