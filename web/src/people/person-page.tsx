import { Anchor, Badge, Button, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useMe } from '../api/auth.js';
import {
  useDeletePerson,
  usePerson,
  usePersonNames,
  useResponsibilityPages,
} from '../api/people.js';
import { describeError } from '../api/problem.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { EntityHistory } from '../components/entity-history.js';
import { KeyValues } from '../components/key-values.js';
import { ErrorAlert, QueryState } from '../components/query-state.js';
import { Section } from '../components/section.js';
import { OwnedEntities } from './owned-entities.js';
import { PasswordModal } from './password-modal.js';
import { PersonFormModal } from './person-form-modal.js';
import { ResponsibilitiesTable } from './responsibilities-table.js';

export function PersonPage() {
  const { username } = useParams({ strict: false }) as { username: string };
  const person = usePerson(username);
  const responsibilities = useResponsibilityPages(username);
  const firstPage = responsibilities.data?.pages[0];
  const components = responsibilities.data?.pages.flatMap((page) => page.components) ?? [];
  const nameOf = usePersonNames();
  const me = useMe().data;
  const remove = useDeletePerson();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);
  return (
    <QueryState query={person}>
      {(p) => {
        const canEdit = me?.isAdmin || me?.username === p.username;
        return (
          <Stack gap="sm">
            <Group justify="space-between" align="flex-start">
              <div>
                <Anchor component={Link} to="/people" size="sm">
                  People
                </Anchor>
                <Group gap="xs">
                  <Title order={3}>{p.name || p.username}</Title>
                  {p.role === 'admin' && <Badge size="sm">admin</Badge>}
                  {p.hidden && (
                    <Badge size="sm" variant="outline" color="gray">
                      hidden
                    </Badge>
                  )}
                </Group>
                <Text size="sm" c="dimmed">
                  {p.username}
                  {p.title ? ` · ${p.title}` : ''}
                </Text>
              </div>
              <Group gap={6}>
                {canEdit && (
                  <Button size="xs" onClick={() => setEditing(true)}>
                    Edit
                  </Button>
                )}
                {canEdit && (
                  <Button size="xs" variant="light" onClick={() => setChangingPassword(true)}>
                    {me?.username === p.username ? 'Change password' : 'Reset password'}
                  </Button>
                )}
                {me?.isAdmin && (
                  <ConfirmButton
                    label="Delete"
                    size="xs"
                    variant="light"
                    confirm={`Remove ${p.username}? Their roles on versions and team memberships go with them.`}
                    onConfirm={() =>
                      remove.mutate(p.username, {
                        onSuccess: () => void navigate({ to: '/people' }),
                        onError: (e) =>
                          notifications.show({
                            color: 'red',
                            title: 'Not removed',
                            message: describeError(e),
                          }),
                      })
                    }
                  />
                )}
              </Group>
            </Group>
            <Grid gap="sm">
              <Grid.Col span={{ base: 12, md: 7 }}>
                <Section title="Details">
                  <KeyValues
                    rows={[
                      [
                        'Email',
                        p.email ? (
                          <Anchor key="e" href={`mailto:${p.email}`} size="sm">
                            {p.email}
                          </Anchor>
                        ) : (
                          ''
                        ),
                      ],
                      ['Organization', p.organization],
                      ['Department', p.department],
                      [
                        'Manager',
                        p.manager ? (
                          <Anchor
                            key="m"
                            component={Link}
                            to={`/people/${encodeURIComponent(p.manager)}`}
                            size="sm"
                          >
                            {nameOf(p.manager)}
                          </Anchor>
                        ) : (
                          ''
                        ),
                      ],
                      ['Office phone', p.officePhone],
                      ['Mobile phone', p.mobilePhone],
                      ['Employee number', p.employeeNumber],
                      ['Directory DN', p.directoryDn ?? ''],
                    ]}
                  />
                </Section>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 5 }}>
                <Section title={`Teams (${p.teams.length})`}>
                  {p.teams.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      Not in a team.
                    </Text>
                  ) : (
                    <Stack gap={2}>
                      {(
                        firstPage?.teams ?? p.teams.map((name) => ({ name, title: '', via: null }))
                      ).map((t) => (
                        <Text key={t.name} size="sm">
                          <Anchor
                            component={Link}
                            to={`/teams/${encodeURIComponent(t.name)}`}
                            size="sm"
                          >
                            {t.title || t.name}
                          </Anchor>
                          {t.via && (
                            <Text span size="xs" c="dimmed">
                              {' '}
                              through {t.via}
                            </Text>
                          )}
                        </Text>
                      ))}
                    </Stack>
                  )}
                </Section>
              </Grid.Col>
            </Grid>
            <Section
              title={`Components and roles (${firstPage?.total ?? '…'})`}
              testId="person-responsibilities"
            >
              {responsibilities.error ? (
                <ErrorAlert error={responsibilities.error} />
              ) : (
                <ResponsibilitiesTable
                  username={p.username}
                  components={components}
                  empty={
                    responsibilities.isLoading
                      ? 'Loading...'
                      : 'No component: owns none, not in an owner team, no role on a version.'
                  }
                />
              )}
              {responsibilities.hasNextPage && (
                <Button
                  size="compact-sm"
                  variant="subtle"
                  mt={4}
                  loading={responsibilities.isFetchingNextPage}
                  onClick={() => void responsibilities.fetchNextPage()}
                >
                  Show more ({components.length} of {firstPage?.total})
                </Button>
              )}
              <OwnedEntities entities={firstPage?.entities ?? []} />
            </Section>
            <Section
              title="History"
              actions={
                <Anchor
                  component={Link}
                  to="/history"
                  search={{ actor: p.username } as never}
                  size="sm"
                >
                  All changes by {p.name || p.username}
                </Anchor>
              }
            >
              <EntityHistory entityType="person" entityId={p.id} />
            </Section>
            <PersonFormModal person={p} opened={editing} onClose={() => setEditing(false)} />
            <PasswordModal
              username={p.username}
              opened={changingPassword}
              onClose={() => setChangingPassword(false)}
            />
          </Stack>
        );
      }}
    </QueryState>
  );
}
