import { Group, Progress, Stack, Text } from '@mantine/core';
import type { Scores } from '../api/requirements.js';
import { formatPercent } from './status-labels.js';

const SCORES: { key: keyof Omit<Scores, 'applicable'>; label: string; help: string }[] = [
  { key: 'readiness', label: 'Readiness', help: 'owner side ready or n/a (or exempted)' },
  {
    key: 'signOff',
    label: 'Sign-off',
    help: 'approved (or exempted); a missing sign-off is not signed',
  },
  { key: 'qa', label: 'QA', help: "from the version's QA ratings" },
  {
    key: 'completeness',
    label: 'Completeness',
    help: 'profile fields filled; empty lists count as unfilled',
  },
];

/** The four scores, computed by the server on read: a number and a bar each, with what it counts. */
export function ScoresSummary({ scores }: { scores: Scores }) {
  return (
    <Group gap="md" wrap="wrap" data-testid="requirement-scores">
      {SCORES.map(({ key, label, help }) => {
        const value = scores[key];
        return (
          <Stack key={key} gap={2} w={120} title={help} data-score={key}>
            <Group justify="space-between" gap={4}>
              <Text size="xs" c="dimmed">
                {label}
              </Text>
              <Text size="sm" fw={600} data-testid={`score-${key}`}>
                {formatPercent(value)}
              </Text>
            </Group>
            <Progress
              value={value ?? 0}
              size="sm"
              color={
                value === null ? 'gray' : value >= 100 ? 'green' : value >= 50 ? 'yellow' : 'orange'
              }
              aria-label={`${label} ${formatPercent(value)}`}
            />
          </Stack>
        );
      })}
      <Text size="xs" c="dimmed" style={{ alignSelf: 'flex-end' }}>
        over {scores.applicable} applicable requirement{scores.applicable === 1 ? '' : 's'}
      </Text>
    </Group>
  );
}
