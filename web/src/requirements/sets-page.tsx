import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Spoiler,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useMe } from '../api/auth.js';
import { useLevels, useRequirementSets } from '../api/requirements.js';
import { plural } from '../components/format.js';
import { Markdown } from '../components/markdown.js';
import { QueryState } from '../components/query-state.js';
import { dashboardPath } from './dashboard-search.js';
import { LevelBadge } from './level-badge.js';
import { useRequirementLiveUpdates } from './live.js';

/**
 * Where requirements start: the sets in display order (each opens its dashboard), the level
 * ladder, and the ways in: the review queue, team scorecards and, for admins, the admin pages.
 */
export function SetsPage() {
  useRequirementLiveUpdates();
  const sets = useRequirementSets();
  const levels = useLevels().data ?? [];
  const isAdmin = useMe().data?.isAdmin ?? false;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3}>Requirements</Title>
        <Group gap={6}>
          <Button size="xs" variant="default" component={Link} to="/requirements/queue">
            Review queue
          </Button>
          <Button size="xs" variant="default" component={Link} to="/requirements/scorecard">
            Team scorecard
          </Button>
          {isAdmin && (
            <Button size="xs" component={Link} to="/requirements/admin">
              Manage sets, requirements and levels
            </Button>
          )}
        </Group>
      </Group>
      <Group gap={6}>
        <Text size="sm" c="dimmed">
          Levels, lowest first:
        </Text>
        {levels.map((l) => (
          <LevelBadge key={l.id} level={l} />
        ))}
        {levels.length === 0 && (
          <Text size="sm" c="dimmed">
            none
          </Text>
        )}
      </Group>
      <QueryState query={sets}>
        {(items) =>
          items.length === 0 ? (
            <Text size="sm" c="dimmed">
              No requirement sets yet.
              {isAdmin ? ' Add one under "Manage".' : ' An admin defines them.'}
            </Text>
          ) : (
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" data-testid="requirement-sets">
              {items.map((s) => (
                <Paper key={s.id} withBorder p="sm" data-set={s.name}>
                  <Stack gap={4}>
                    <Group justify="space-between" wrap="nowrap">
                      <Anchor component={Link} to={dashboardPath(s.name)} fw={700}>
                        {s.name}
                      </Anchor>
                      <Badge variant="light" tt="none">
                        {plural(s.requirements.length, 'requirement')}
                      </Badge>
                    </Group>
                    <Text size="xs" c="dimmed">
                      signed off by {s.reviewerTeams.join(', ') || 'no team yet'}
                      {s.applicability
                        ? ` · applies to: ${s.applicability}`
                        : ' · applies to every component'}
                    </Text>
                    {s.description && (
                      <Spoiler maxHeight={80} showLabel="more" hideLabel="less" fz="xs">
                        <Markdown fz="sm">{s.description}</Markdown>
                      </Spoiler>
                    )}
                    {s.docLink && (
                      <Anchor href={s.docLink} target="_blank" rel="noopener noreferrer" size="xs">
                        documentation
                      </Anchor>
                    )}
                  </Stack>
                </Paper>
              ))}
            </SimpleGrid>
          )
        }
      </QueryState>
    </Stack>
  );
}
