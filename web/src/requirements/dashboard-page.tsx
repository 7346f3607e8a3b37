import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  CloseButton,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { Link, useParams } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { ApiError } from '../api/problem.js';
import { useSetDashboard } from '../api/requirements.js';
import { FilterInput } from '../catalog/filter-input.js';
import { plural } from '../components/format.js';
import { ListFooter } from '../components/list-footer.js';
import { Markdown } from '../components/markdown.js';
import { ErrorAlert } from '../components/query-state.js';
import { useSearchState } from '../components/use-search-params.js';
import { ColumnFilterButton, describeColumnFilter } from './column-filter.js';
import { ComponentCell } from './component-cell.js';
import { type DashboardSearch, whereOf, withColumnFilter } from './dashboard-search.js';
import { useRequirementLiveUpdates } from './live.js';
import { StatusCell } from './status-cell.js';

const isFilterError = (e: unknown) =>
  e instanceof ApiError &&
  (e.code.startsWith('ARGUS_DSL') || e.problems.some((p) => p.field === 'filter'));

/**
 * A set's dashboard: components (rows) by the set's requirements (columns), the overall status
 * in each cell. A column filters by owner, reviewer or overall status; the filter box takes the
 * filter language over components; pages of 50 load on demand. All of it is in the URL.
 */
export function DashboardPage() {
  useRequirementLiveUpdates();
  const { set } = useParams({ strict: false }) as { set: string };
  const [search, setSearch] = useSearchState<DashboardSearch>();
  const [version, setVersion] = useState(search.version ?? '');
  useEffect(() => setVersion(search.version ?? ''), [search.version]);
  const board = useSetDashboard(set, {
    filter: search.filter,
    where: whereOf(search.cols),
    version: search.version,
  });
  const first = board.data?.pages[0];
  const rows = board.error ? [] : (board.data?.pages.flatMap((p) => p.rows) ?? []);
  const columns = first?.columns ?? [];
  const titleOf = (id: string) => columns.find((c) => c.id === id)?.title ?? 'a requirement';
  const filterError = isFilterError(board.error) ? board.error : null;

  return (
    <Stack gap="sm">
      <Breadcrumbs separator="/" fz="sm">
        <Anchor component={Link} to="/requirements" size="sm">
          Requirements
        </Anchor>
        <Text size="sm">{first?.set.name ?? set}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Group gap="sm" align="baseline">
            <Title order={3}>{first?.set.name ?? set}</Title>
            <Text size="sm" c="dimmed" data-testid="result-count">
              {board.isFetching && !board.isFetchingNextPage ? <Loader size={10} mr={6} /> : null}
              {first && !board.error ? plural(first.total, 'component') : ''}
            </Text>
          </Group>
          {first && (
            <Text size="xs" c="dimmed">
              signed off by {first.set.reviewerTeams.join(', ') || 'no team yet'}
              {first.set.docLink && (
                <>
                  {' · '}
                  <Anchor
                    href={first.set.docLink}
                    target="_blank"
                    rel="noopener noreferrer"
                    size="xs"
                  >
                    documentation
                  </Anchor>
                </>
              )}
            </Text>
          )}
        </Stack>
        <TextInput
          size="xs"
          w={220}
          label="Version"
          placeholder="each component's latest"
          value={version}
          onChange={(e) => setVersion(e.currentTarget.value)}
          onBlur={() => setSearch({ version: version.trim() || undefined })}
          onKeyDown={(e) => {
            if (e.key === 'Enter')
              setSearch({ version: version.trim() || undefined }, { push: true });
          }}
        />
      </Group>
      {first?.set.description && <Markdown fz="sm">{first.set.description}</Markdown>}
      <FilterInput
        value={search.filter ?? ''}
        onApply={(f) => setSearch({ filter: f || undefined }, { push: true })}
        error={filterError}
      />
      {search.cols && (
        <Group gap={6} data-testid="active-column-filters">
          <Text size="xs" c="dimmed">
            Columns:
          </Text>
          {search.cols.map((c) => (
            <Badge
              key={c.requirementId}
              variant="light"
              tt="none"
              rightSection={
                <CloseButton
                  size="xs"
                  aria-label={`Remove the filter on ${titleOf(c.requirementId)}`}
                  onClick={() =>
                    setSearch(
                      { cols: withColumnFilter(search.cols, c.requirementId, c.side, []) },
                      { push: true },
                    )
                  }
                />
              }
            >
              {titleOf(c.requirementId)}: {describeColumnFilter(c)}
            </Badge>
          ))}
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => setSearch({ cols: undefined }, { push: true })}
          >
            Clear all
          </Button>
        </Group>
      )}
      {board.error && !filterError && <ErrorAlert error={board.error} />}
      {filterError && (
        <Alert color="red" variant="light" p={6}>
          The filter has an error (see above); no components are shown.
        </Alert>
      )}
      <Table.ScrollContainer minWidth={480} maxHeight="calc(100dvh - 300px)" type="native">
        <Table
          stickyHeader
          withTableBorder
          withColumnBorders
          verticalSpacing={4}
          horizontalSpacing={6}
          data-testid="set-dashboard"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th miw={200}>Component</Table.Th>
              <Table.Th>Version</Table.Th>
              <Table.Th>Level</Table.Th>
              {columns.map((c) => (
                <Table.Th
                  key={c.id}
                  miw={120}
                  maw={180}
                  data-requirement={c.title}
                  style={{ verticalAlign: 'top' }}
                >
                  <Stack gap={2}>
                    <Text size="xs" fw={700} lineClamp={3} title={c.title}>
                      {c.title}
                    </Text>
                    {(c.level || c.mandatory) && (
                      <Text size="10px" c="dimmed">
                        {[c.level, c.mandatory ? 'mandatory' : ''].filter(Boolean).join(' · ')}
                      </Text>
                    )}
                    <ColumnFilterButton
                      title={c.title}
                      value={search.cols?.find((f) => f.requirementId === c.id)}
                      onChange={(side, statuses) =>
                        setSearch(
                          { cols: withColumnFilter(search.cols, c.id, side, statuses) },
                          { push: true },
                        )
                      }
                    />
                  </Stack>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.component} data-ref={row.component}>
                <ComponentCell component={row.component} title={row.title} owner={row.owner} />
                <Table.Td className="mono" fz="xs">
                  {row.version ?? (
                    <Text span size="xs" c="dimmed">
                      no version
                    </Text>
                  )}
                </Table.Td>
                <Table.Td fz="xs">
                  {row.level ?? (
                    <Text span size="xs" c="dimmed">
                      none
                    </Text>
                  )}
                </Table.Td>
                {row.cells.map((cell) => (
                  <Table.Td key={cell.requirementId}>
                    <StatusCell
                      cell={cell}
                      componentRef={row.component}
                      version={row.version}
                      title={titleOf(cell.requirementId)}
                      excluded={row.excluded}
                    />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {!board.isLoading && rows.length === 0 && !board.error && (
        <Text size="sm" c="dimmed" ta="center" p="md">
          No components match.
        </Text>
      )}
      <ListFooter shown={rows.length} total={first?.total} query={board} />
    </Stack>
  );
}
