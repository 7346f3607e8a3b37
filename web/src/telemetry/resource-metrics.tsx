import {
  Alert,
  Card,
  Group,
  Loader,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type {
  LatestResult,
  LatestValue,
  RangeResult,
} from '../../../src/telemetry/query/contract.js';
import { get } from '../api/client.js';
import { MetricChart } from './metric-chart.js';

const RANGES = { '1h': 3600, '6h': 6 * 3600, '24h': 86400, '7d': 7 * 86400 } as const;
type Range = keyof typeof RANGES;

const formatValue = (v: number) =>
  Math.abs(v) >= 1e6 || (Math.abs(v) < 0.01 && v !== 0)
    ? v.toExponential(3)
    : String(Math.round(v * 1000) / 1000);
const dimensionText = (d: Record<string, string>) =>
  Object.entries(d)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

/** A resource's latest values and, per metric group type, a chart with dimension pickers. */
export function ResourceMetrics({ resourceId }: { resourceId: string }) {
  const [range, setRange] = useState<Range>('1h');
  const latest = useQuery({
    queryKey: ['metrics', 'latest', resourceId],
    queryFn: ({ signal }) => get<LatestResult>('/metrics/latest', { resource: resourceId }, signal),
    refetchInterval: 30_000,
  });
  const byType = useMemo(() => {
    const map = new Map<string, LatestValue[]>();
    for (const v of latest.data?.values ?? [])
      map.set(v.group_type, [...(map.get(v.group_type) ?? []), v]);
    return map;
  }, [latest.data]);

  if (latest.isPending) return <Loader size="sm" />;
  if (latest.isError)
    return <Alert color="red">Metrics could not be read: {latest.error.message}</Alert>;
  if (byType.size === 0) {
    return (
      <Text c="dimmed" size="sm">
        No metrics yet: nothing polls this resource, or its first poll has not run.
      </Text>
    );
  }
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={4}>Metrics</Title>
        <SegmentedControl
          aria-label="Range"
          value={range}
          onChange={(v) => setRange(v as Range)}
          data={Object.keys(RANGES)}
        />
      </Group>
      {[...byType].map(([type, values]) => (
        <GroupCard key={type} resourceId={resourceId} type={type} values={values} range={range} />
      ))}
    </Stack>
  );
}

function GroupCard({
  resourceId,
  type,
  values,
  range,
}: {
  resourceId: string;
  type: string;
  values: LatestValue[];
  range: Range;
}) {
  // The dimension names of this group type and the values seen for each: one picker a name.
  const choices = useMemo(() => {
    const map = new Map<string, Set<string>>();
    for (const v of values)
      for (const [k, x] of Object.entries(v.dimensions))
        map.set(k, (map.get(k) ?? new Set()).add(x));
    return [...map].map(([name, set]) => ({ name, options: [...set].sort() }));
  }, [values]);
  const metrics = useMemo(() => [...new Set(values.map((v) => v.metric))].sort(), [values]);
  const [picked, setPicked] = useState<Record<string, string>>({});
  const [metric, setMetric] = useState<string | null>(null);
  const dims = Object.fromEntries(
    choices.map((c) => [c.name, picked[c.name] ?? c.options[0] ?? '']),
  );
  const shownMetric = metric ?? metrics[0] ?? '';
  const rows = values.filter((v) => Object.entries(dims).every(([k, x]) => v.dimensions[k] === x));

  const points = useQuery({
    queryKey: ['metrics', 'range', resourceId, type, shownMetric, dims, range],
    queryFn: ({ signal }) => {
      const end = Math.ceil(Date.now() / 1000);
      const query: Record<string, string | number> = {
        resource: resourceId,
        group_type: type,
        metric: shownMetric,
        start: end - RANGES[range],
        end,
      };
      for (const [k, x] of Object.entries(dims)) query[`dimension.${k}`] = x;
      return get<RangeResult>('/metrics/query', query, signal);
    },
    refetchInterval: 60_000,
  });
  const series = useMemo(
    () =>
      (points.data?.series ?? []).map((s) => ({
        label: `${s.metric} ${dimensionText(s.dimensions)}`,
        points: s.points,
      })),
    [points.data],
  );

  return (
    <Card withBorder padding="sm" data-testid={`metric-group-${type}`}>
      <Stack gap="xs">
        <Group gap="sm" align="end">
          <Title order={5}>{type}</Title>
          {choices.map((c) => (
            <Select
              key={c.name}
              label={c.name}
              size="xs"
              data={c.options}
              value={dims[c.name] ?? null}
              allowDeselect={false}
              searchable
              onChange={(v) => v !== null && setPicked({ ...picked, [c.name]: v })}
            />
          ))}
          <Select
            label="metric"
            size="xs"
            data={metrics}
            value={shownMetric}
            allowDeselect={false}
            onChange={setMetric}
          />
          {points.data && (
            <Text size="xs" c="dimmed">
              {points.data.resolution} resolution, step {points.data.step} s
            </Text>
          )}
        </Group>
        {points.isError ? (
          <Alert color="red">{points.error.message}</Alert>
        ) : points.isPending ? (
          <Loader size="sm" />
        ) : (
          <MetricChart series={series} />
        )}
        <Table striped withTableBorder fz="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Metric</Table.Th>
              <Table.Th>Value</Table.Th>
              <Table.Th>At</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((v) => (
              <Table.Tr key={v.id}>
                <Table.Td>{v.metric}</Table.Td>
                <Table.Td>{formatValue(v.value)}</Table.Td>
                <Table.Td>{new Date(v.at * 1000).toLocaleString()}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}
