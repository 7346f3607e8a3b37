import { Group, Stack, Table, Text } from '@mantine/core';
import { QueryState } from '../components/query-state.js';
import { Section } from '../components/section.js';
import { useResourcePolling } from './plugins-api.js';
import { formatMs, formatTime, StatusBadge } from './plugins-status.js';

/**
 * A resource's polling on its page: each plugin that runs for it (next due, last status and
 * error) and its latest runs, so a broken poll is seen where the resource is.
 */
export function ResourcePolling({ resourceId }: { resourceId: string }) {
  const polling = useResourcePolling(resourceId);
  return (
    <Section title="Polling" testId="resource-polling">
      <QueryState query={polling}>
        {({ schedule, recent }) =>
          schedule.length === 0 && recent.length === 0 ? (
            <Text size="sm" c="dimmed">
              No plugin runs for this resource: no plugin's resource filter selects it.
            </Text>
          ) : (
            <Stack gap="xs">
              <Table verticalSpacing={2}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Plugin</Table.Th>
                    <Table.Th>Last run</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Next due</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {schedule.map((pair) => (
                    <Table.Tr key={pair.plugin} data-plugin={pair.plugin}>
                      <Table.Td>{pair.plugin}</Table.Td>
                      <Table.Td>
                        <Text size="xs">
                          {pair.lastStartedAt ? formatTime(pair.lastStartedAt) : 'not yet'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={0}>
                          {pair.lastStatus !== null ? (
                            <StatusBadge status={pair.lastStatus} />
                          ) : pair.leasedBy ? (
                            <Text size="xs">running on {pair.leasedBy}</Text>
                          ) : null}
                          {pair.lastError && (
                            <Text size="xs" c="red">
                              {pair.lastError}
                            </Text>
                          )}
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">{formatTime(pair.dueAt)}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {recent.some((run) => run.status !== 0) && (
                <Stack gap={2} data-testid="resource-polling-errors">
                  <Text size="sm" fw={600}>
                    Recent errors
                  </Text>
                  {recent
                    .filter((run) => run.status !== 0)
                    .slice(0, 5)
                    .map((run) => (
                      <Group key={run.id} gap={6} wrap="nowrap" align="flex-start">
                        <StatusBadge status={run.status} />
                        <Text size="xs" c="dimmed">
                          {formatTime(run.startedAt)} · {run.plugin} · {formatMs(run.durationMs)}
                        </Text>
                        <Text size="xs">{run.error}</Text>
                      </Group>
                    ))}
                </Stack>
              )}
            </Stack>
          )
        }
      </QueryState>
    </Section>
  );
}
