import { Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMe } from '../api/auth.js';
import { usePerson } from '../api/people.js';
import { type ScorecardRow, useTeamScorecard } from '../api/requirements.js';
import { TeamSelect } from '../catalog/reference-select.js';
import { plural } from '../components/format.js';
import { LoadMoreButton } from '../components/list-footer.js';
import { ErrorAlert } from '../components/query-state.js';
import { useSearchState } from '../components/use-search-params.js';
import { ComponentCell } from './component-cell.js';
import { LevelBadge } from './level-badge.js';
import { useRequirementLiveUpdates } from './live.js';
import { StatusBadge } from './status-badge.js';
import { formatPercent } from './status-labels.js';

/** What a component still misses for its next level: each requirement with its status. */
function MissingList({ row }: { row: ScorecardRow }) {
  const { next, missing } = row.level;
  if (!row.version)
    return (
      <Text size="xs" c="dimmed">
        no version yet
      </Text>
    );
  if (!next)
    return (
      <Text size="xs" c="green.8">
        top level reached
      </Text>
    );
  return (
    <Stack gap={2} data-testid="scorecard-missing">
      <Text size="xs" c="dimmed">
        for {next.name}: {plural(missing.length, 'requirement')}
      </Text>
      {missing.map((m) => (
        <Group key={m.requirement.id} gap={4} wrap="nowrap">
          <StatusBadge kind="overall" status={m.effective} size="xs" />
          <Text size="xs" title={m.set}>
            {m.requirement.title}
          </Text>
          <Text size="xs" c="dimmed">
            ({m.set})
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

/**
 * A team's scorecard: the components it (or a team below it) owns, each latest version's level,
 * what it still misses for the next one, and the scores. The team is in the URL; the default is
 * the first team of the person looking.
 */
export function ScorecardPage() {
  useRequirementLiveUpdates();
  const [search, setSearch] = useSearchState<{ team?: string }>();
  const me = useMe().data;
  const myTeams = usePerson(me?.username ?? '').data?.teams ?? [];
  const team = search.team ?? myTeams[0];
  const card = useTeamScorecard(team);
  const first = card.data?.pages[0];
  const rows = card.data?.pages.flatMap((p) => p.components) ?? [];
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Group gap="sm" align="baseline">
          <Title order={3}>Scorecard</Title>
          {first && (
            <Text size="sm" c="dimmed" data-testid="result-count">
              {plural(first.total, 'component')}
            </Text>
          )}
        </Group>
        <TeamSelect
          label="Team"
          size="xs"
          w={240}
          clearable={false}
          value={team ?? null}
          onChange={(t) => setSearch({ team: t ?? undefined }, { push: true })}
        />
      </Group>
      {first && (
        <Text size="xs" c="dimmed">
          Levels, lowest first: {first.levels.map((l) => l.name).join(' → ') || 'none defined'}. A
          version reaches a level when every applicable requirement of it and of all lower levels is
          ok or n/a.
        </Text>
      )}
      {!team && (
        <Text size="sm" c="dimmed">
          Pick a team to see its components' levels.
        </Text>
      )}
      {card.error && <ErrorAlert error={card.error} />}
      {rows.length > 0 && (
        <Table withTableBorder striped verticalSpacing={4} data-testid="scorecard">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Component</Table.Th>
              <Table.Th>Latest version</Table.Th>
              <Table.Th>Level</Table.Th>
              <Table.Th>Still missing</Table.Th>
              <Table.Th title="owner side ready or n/a">Readiness</Table.Th>
              <Table.Th title="approved; a missing sign-off is not signed">Sign-off</Table.Th>
              <Table.Th>QA</Table.Th>
              <Table.Th title="profile fields filled">Completeness</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.component} data-ref={row.component}>
                <ComponentCell
                  component={row.component}
                  title={row.title}
                  owner={row.owner !== team ? row.owner : undefined}
                />
                <Table.Td className="mono" fz="xs">
                  {row.version ?? ''}
                </Table.Td>
                <Table.Td>
                  <LevelBadge level={row.level.reached} />
                </Table.Td>
                <Table.Td>
                  <MissingList row={row} />
                </Table.Td>
                <Table.Td fz="sm">{formatPercent(row.scores.readiness)}</Table.Td>
                <Table.Td fz="sm">{formatPercent(row.scores.signOff)}</Table.Td>
                <Table.Td fz="sm">{formatPercent(row.scores.qa)}</Table.Td>
                <Table.Td fz="sm">{formatPercent(row.scores.completeness)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {first && rows.length === 0 && (
        <Text size="sm" c="dimmed">
          {team} owns no components.
        </Text>
      )}
      {card.hasNextPage && (
        <Group>
          <LoadMoreButton query={card} />
        </Group>
      )}
    </Stack>
  );
}
