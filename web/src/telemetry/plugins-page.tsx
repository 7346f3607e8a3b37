import {
  Alert,
  Button,
  Drawer,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { QueryState } from '../components/query-state.js';
import { type PluginSummary, STATUS, usePluginRuns, usePlugins } from './plugins-api.js';
import { formatMs, formatTime, StatusBadge } from './plugins-status.js';

/**
 * The plugins page (PRODUCT 6 "plugin pages"): every plugin as configured, its runs of the last
 * hour by status code, timing and last error; the files that could not be loaded and why; and
 * a plugin's runs in a drawer. It refreshes itself every few seconds.
 */
export function PluginsPage() {
  const plugins = usePlugins();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Stack gap="sm">
      <Title order={3}>Plugins</Title>
      <QueryState query={plugins}>
        {(list) => (
          <>
            {list.errors.length > 0 && (
              <Alert
                color="red"
                variant="light"
                title="Plugin files skipped"
                data-testid="plugin-errors"
              >
                <Stack gap={2}>
                  {list.errors.map((error) => (
                    <Text size="sm" key={`${error.file} ${error.key}`}>
                      <Text span ff="monospace">
                        {error.file}
                      </Text>{' '}
                      <Text span fw={600}>
                        {error.key}
                      </Text>
                      : {error.reason}
                    </Text>
                  ))}
                </Stack>
              </Alert>
            )}
            {list.plugins.length === 0 ? (
              <Text size="sm" c="dimmed">
                No plugins configured. Put plugin files (YAML or .panoptes-plugin) in the plugins
                folder.
              </Text>
            ) : (
              <PluginTable plugins={list.plugins} onOpen={setOpen} />
            )}
          </>
        )}
      </QueryState>
      <Drawer
        opened={open !== null}
        onClose={() => setOpen(null)}
        position="right"
        size="xl"
        title={open ? `Runs of ${open}` : ''}
      >
        {open && <PluginRuns name={open} />}
      </Drawer>
    </Stack>
  );
}

function PluginTable({
  plugins,
  onOpen,
}: {
  plugins: PluginSummary[];
  onOpen(name: string): void;
}) {
  return (
    <Table striped verticalSpacing={4} data-testid="plugins-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Plugin</Table.Th>
          <Table.Th>Kind</Table.Th>
          <Table.Th>Every</Table.Th>
          <Table.Th>Pairs</Table.Th>
          <Table.Th>Last hour</Table.Th>
          <Table.Th>Mean / p95</Table.Th>
          <Table.Th>Last error</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {plugins.map((plugin) => (
          <Table.Tr key={plugin.name} data-plugin={plugin.name}>
            <Table.Td>
              <Button variant="subtle" size="compact-sm" onClick={() => onOpen(plugin.name)}>
                {plugin.name}
              </Button>
              <Text size="xs" c="dimmed" ff="monospace" title={plugin.file}>
                {plugin.module}
                {plugin.resourceFilter ? ` · ${plugin.resourceFilter}` : ''}
              </Text>
            </Table.Td>
            <Table.Td>{plugin.kind}</Table.Td>
            <Table.Td>{plugin.executeFrequency} s</Table.Td>
            <Table.Td>{plugin.scheduled}</Table.Td>
            <Table.Td>
              <Group gap={4}>
                {Object.entries(plugin.lastHour.byStatus).map(([status, count]) => (
                  <StatusBadge key={status} status={Number(status)} count={count} />
                ))}
                {plugin.lastHour.runs === 0 && (
                  <Text size="xs" c="dimmed">
                    no runs
                  </Text>
                )}
              </Group>
            </Table.Td>
            <Table.Td>
              {formatMs(plugin.lastHour.meanMs)} / {formatMs(plugin.lastHour.p95Ms)}
            </Table.Td>
            <Table.Td>
              {plugin.lastError ? (
                <Stack gap={0}>
                  <Group gap={4}>
                    <StatusBadge status={plugin.lastError.status} />
                    <Text size="xs" c="dimmed">
                      {formatTime(plugin.lastError.at)}
                    </Text>
                  </Group>
                  <Text size="xs" lineClamp={2}>
                    {plugin.lastError.error}
                  </Text>
                </Stack>
              ) : (
                <Text size="xs" c="dimmed">
                  none
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const statusOptions = Object.entries(STATUS).map(([code, { label }]) => ({
  value: code,
  label: `${code} ${label}`,
}));

/** A plugin's runs, newest first, filtered by status and subject, paged on demand. */
function PluginRuns({ name }: { name: string }) {
  const [status, setStatus] = useState<string | null>(null);
  const [subject, setSubject] = useState('');
  const runs = usePluginRuns(name, {
    ...(status !== null ? { status: Number(status) } : {}),
    ...(subject.trim() ? { subject: subject.trim() } : {}),
  });
  return (
    <Stack gap="sm">
      <Group grow>
        <Select
          label="Status"
          placeholder="any"
          data={statusOptions}
          value={status}
          onChange={setStatus}
          clearable
        />
        <TextInput
          label="Resource id"
          placeholder="any"
          value={subject}
          onChange={(e) => setSubject(e.currentTarget.value)}
        />
      </Group>
      <QueryState query={runs}>
        {(data) => {
          const items = data.pages.flatMap((page) => page.items);
          return items.length === 0 ? (
            <Text size="sm" c="dimmed">
              No runs.
            </Text>
          ) : (
            <>
              <Table verticalSpacing={2} data-testid="plugin-runs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Started</Table.Th>
                    <Table.Th>Resource</Table.Th>
                    <Table.Th>Took</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Error</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((run) => (
                    <Table.Tr key={run.id}>
                      <Table.Td>
                        <Text size="xs">{formatTime(run.startedAt)}</Text>
                        <Text size="xs" c="dimmed">
                          {run.worker}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {run.subject ? (
                          <Link to="/resources/$id" params={{ id: run.subject }}>
                            <Text size="xs" ff="monospace">
                              {run.subject.slice(0, 8)}
                            </Text>
                          </Link>
                        ) : (
                          <Text size="xs" c="dimmed">
                            (discovery)
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{formatMs(run.durationMs)}</Table.Td>
                      <Table.Td>
                        <StatusBadge status={run.status} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">{run.error}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {runs.hasNextPage && (
                <Button
                  variant="default"
                  size="xs"
                  onClick={() => runs.fetchNextPage()}
                  loading={runs.isFetchingNextPage}
                >
                  Older runs
                </Button>
              )}
            </>
          );
        }}
      </QueryState>
    </Stack>
  );
}
