import {
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useMe } from '../api/auth.js';
import { useComponentList } from '../api/components.js';
import { useHistorySearch } from '../api/history.js';
import { useResponsibilities } from '../api/people.js';
import type { FacetValue } from '../api/types.js';
import { LIFECYCLE_COLORS } from '../app/theme.js';
import { plural } from '../components/format.js';
import { HistoryTable, historyRows } from '../components/history-table.js';
import { ErrorAlert } from '../components/query-state.js';
import { Section } from '../components/section.js';
import { OwnedEntities } from '../people/owned-entities.js';
import { ResponsibilitiesTable } from '../people/responsibilities-table.js';
import { useTeamTitles } from '../people/team-link.js';

/** Lifecycles in their own order (young to retired), not by count. */
const LIFECYCLE_ORDER = Object.keys(LIFECYCLE_COLORS);
const MY_COMPONENTS_SHOWN = 8;
const OWNERS_SHOWN = 8;
/** Rows, not events: a create is one row of all its fields. */
const RECENT_CHANGES = 8;

/** Where a new user starts: the main things to do, each one click away. */
const START: { to: string; label: string; what: string }[] = [
  {
    to: '/components',
    label: 'Browse components',
    what: 'every service, library and database, filtered by facets or the filter language',
  },
  { to: '/graph', label: 'Dependency graph', what: 'what depends on what, around one component' },
  { to: '/teams', label: 'Teams and people', what: 'who owns what, and who to call' },
  { to: '/history', label: 'History', what: 'every change, by person, entity and time' },
];

function CountTable({
  rows,
  label,
  link,
}: {
  rows: FacetValue[];
  label: (value: string | null) => ReactNode;
  link: (value: string | null) => Record<string, string[]>;
}) {
  return (
    <Table>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.value ?? ''}>
            <Table.Td>{label(row.value)}</Table.Td>
            <Table.Td ta="right">
              <Anchor component={Link} to="/components" search={link(row.value) as never} size="sm">
                {row.count}
              </Anchor>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The catalog in numbers: how many components, at which lifecycle, owned by whom. */
function CatalogCounts() {
  const list = useComponentList({ facets: 'lifecycle,owner', limit: 1 });
  const titleOf = useTeamTitles();
  const first = list.data?.pages[0];
  const byLifecycle = [...(first?.facets?.lifecycle ?? [])].sort(
    (a, b) => LIFECYCLE_ORDER.indexOf(a.value ?? '') - LIFECYCLE_ORDER.indexOf(b.value ?? ''),
  );
  const byOwner = [...(first?.facets?.owner ?? [])].sort((a, b) => b.count - a.count);
  if (list.error) return <ErrorAlert error={list.error} />;
  return (
    <Section
      title={first ? plural(first.total, 'component') : 'Components'}
      testId="home-counts"
      actions={
        <Anchor component={Link} to="/components" size="sm">
          All components
        </Anchor>
      }
    >
      {first && first.total === 0 ? (
        <Text size="sm" c="dimmed">
          The catalog is empty: add a component or import one from Panopticum, Backstage or a
          spreadsheet (Import / Export).
        </Text>
      ) : (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Text size="xs" fw={700} c="dimmed" tt="uppercase">
              By lifecycle
            </Text>
            <CountTable
              rows={byLifecycle}
              label={(v) => (
                <Badge size="sm" variant="light" color={LIFECYCLE_COLORS[v ?? ''] ?? 'gray'}>
                  {v}
                </Badge>
              )}
              link={(v) => ({ lifecycle: [v ?? ''] })}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Text size="xs" fw={700} c="dimmed" tt="uppercase">
              By owner
            </Text>
            <CountTable
              rows={byOwner.slice(0, OWNERS_SHOWN)}
              label={(v) =>
                v ? (
                  <Text size="sm">{titleOf(v)}</Text>
                ) : (
                  <Text size="sm" c="dimmed">
                    no owner
                  </Text>
                )
              }
              link={(v) => ({ owner: [v ?? ''] })}
            />
            {byOwner.length > OWNERS_SHOWN && (
              <Text size="xs" c="dimmed">
                and {plural(byOwner.length - OWNERS_SHOWN, 'more team')}
              </Text>
            )}
          </Grid.Col>
        </Grid>
      )}
    </Section>
  );
}

/** What the person logged in answers for. */
function MyComponents({ username }: { username: string }) {
  const mine = useResponsibilities(username);
  const components = mine.data?.components ?? [];
  const teams = mine.data?.teams.filter((t) => !t.via).map((t) => t.name) ?? [];
  return (
    <Section
      title={`My components${mine.data ? ` (${mine.data.total})` : ''}`}
      testId="home-my-components"
      actions={
        <>
          <Button
            size="compact-xs"
            variant="subtle"
            component={Link}
            to="/components"
            search={{ owner: [...teams, username] } as never}
          >
            Owned by me or my teams
          </Button>
          <Anchor component={Link} to={`/people/${encodeURIComponent(username)}`} size="sm">
            My page
          </Anchor>
        </>
      }
    >
      {mine.error ? <ErrorAlert error={mine.error} /> : null}
      <ResponsibilitiesTable
        username={username}
        components={components.slice(0, MY_COMPONENTS_SHOWN)}
        empty={
          mine.isLoading
            ? 'Loading...'
            : 'None yet: components show here when a team of yours owns them or a version names you in a role.'
        }
      />
      <OwnedEntities entities={mine.data?.entities ?? []} />
      {(mine.data?.total ?? 0) > MY_COMPONENTS_SHOWN && (
        <Text size="xs" c="dimmed" mt={4}>
          and {plural(mine.data!.total - MY_COMPONENTS_SHOWN, 'more')}, on{' '}
          <Anchor component={Link} to={`/people/${encodeURIComponent(username)}`} size="xs">
            your page
          </Anchor>
        </Text>
      )}
    </Section>
  );
}

function RecentChanges() {
  const history = useHistorySearch({});
  const rows = historyRows(history.data?.pages[0]?.items ?? []).slice(0, RECENT_CHANGES);
  const events = rows.flatMap((row) => row.group ?? [row.first]);
  return (
    <Section
      title="Recent changes"
      testId="home-recent-changes"
      actions={
        <Anchor component={Link} to="/history" size="sm">
          All history
        </Anchor>
      }
    >
      {history.error ? <ErrorAlert error={history.error} /> : null}
      <HistoryTable events={events} label={(e) => e.entityRef} loading={history.isLoading} />
    </Section>
  );
}

/**
 * The first page after logging in: what Argus is, where to start, the catalog in numbers, what
 * the person answers for and what changed lately.
 */
export function HomePage() {
  const me = useMe().data;
  return (
    <Stack gap="sm">
      <Paper withBorder p="md">
        <Title order={3}>Welcome to Argus{me ? `, ${me.username}` : ''}</Title>
        <Text size="sm" mt={4} maw={820}>
          Argus is the operations control plane: a catalog of every component, who owns it and what
          it depends on, with the history of every change. Requirements and sign-off, the tech
          radar, inventory, telemetry, monitoring and deployments join it as they are built.
        </Text>
        <Group mt="sm" gap="sm" align="stretch">
          {START.map((s) => (
            <Paper
              key={s.to}
              withBorder
              p="xs"
              w={220}
              component={Link}
              to={s.to}
              style={{ textDecoration: 'none', color: 'inherit' }}
            >
              <Text size="sm" fw={600} c="indigo.7">
                {s.label}
              </Text>
              <Text size="xs" c="dimmed">
                {s.what}
              </Text>
            </Paper>
          ))}
        </Group>
      </Paper>
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <CatalogCounts />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          {me && <MyComponents username={me.username} />}
        </Grid.Col>
      </Grid>
      <RecentChanges />
    </Stack>
  );
}
