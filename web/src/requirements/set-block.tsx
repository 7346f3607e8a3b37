import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from '@tanstack/react-router';
import { describeError } from '../api/problem.js';
import { useSetExclusion, type VersionSet } from '../api/requirements.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { plural } from '../components/format.js';
import { dashboardPath } from './dashboard-search.js';
import { RequirementCard } from './requirement-card.js';
import { SetBy } from './set-by.js';

/**
 * One set on a version: its name, documentation and reviewers, the set-level exclusion ("not
 * applicable, because ...") with its undo, and a card per requirement in the set's order.
 */
export function SetBlock({
  set,
  componentRef,
  version,
  onExclude,
  onRequestExemption,
}: {
  set: VersionSet;
  componentRef: string;
  version: string;
  onExclude(set: { id: string; name: string }): void;
  onRequestExemption(requirement: { id: string; title: string }): void;
}) {
  const include = useSetExclusion(componentRef, version);
  const x = set.exclusion;
  return (
    <Paper withBorder p="xs" bg="gray.0" data-testid="requirement-set" data-set={set.name}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb={6}>
        <Stack gap={0}>
          <Group gap={6}>
            <Text fw={700}>{set.name}</Text>
            <Anchor component={Link} to={dashboardPath(set.name)} size="xs">
              dashboard
            </Anchor>
            {set.docLink && (
              <Anchor href={set.docLink} target="_blank" rel="noopener noreferrer" size="xs">
                documentation
              </Anchor>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {plural(set.requirements.length, 'requirement')} · signed off by{' '}
            {set.reviewerTeams.length > 0 ? set.reviewerTeams.join(', ') : 'no team yet'}
          </Text>
        </Stack>
        {set.may.exclude &&
          (x ? (
            <ConfirmButton
              label="Make applicable again"
              color="indigo"
              loading={include.isPending}
              confirm={`Count ${set.name} for version ${version} again?`}
              onConfirm={() =>
                include.mutate(
                  { set: set.id, reason: null },
                  {
                    onError: (e) =>
                      notifications.show({
                        color: 'red',
                        title: 'Not done',
                        message: describeError(e),
                      }),
                  },
                )
              }
            />
          ) : (
            <Button size="compact-xs" variant="subtle" color="gray" onClick={() => onExclude(set)}>
              Mark set not applicable…
            </Button>
          ))}
      </Group>
      {x && (
        <Group gap={6} mb={6} data-testid="set-exclusion">
          <Badge color="gray" variant="filled" tt="none" size="sm">
            not applicable to {version}
          </Badge>
          <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
            {x.reason}
          </Text>
          <SetBy by={x.setBy} at={x.setAt} />
        </Group>
      )}
      <SimpleGrid
        cols={{ base: 1, xl: 2 }}
        spacing="xs"
        verticalSpacing="xs"
        opacity={x ? 0.55 : 1}
      >
        {set.requirements.map((state) => (
          <RequirementCard
            key={state.requirement.id}
            state={state}
            onRequestExemption={onRequestExemption}
          />
        ))}
      </SimpleGrid>
    </Paper>
  );
}
