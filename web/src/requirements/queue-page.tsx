import { Anchor, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { componentPath } from '../api/components.js';
import { useRequirementSets, useReviewQueue } from '../api/requirements.js';
import { plural } from '../components/format.js';
import { ErrorAlert } from '../components/query-state.js';
import { Section } from '../components/section.js';
import { useSearchState } from '../components/use-search-params.js';
import { ExemptionLine } from './exemption-line.js';
import { useRequirementLiveUpdates } from './live.js';
import { SetBy } from './set-by.js';
import { ReviewActions } from './side-actions.js';
import { StatusBadge } from './status-badge.js';

/**
 * The caller's review queue: sign-offs waiting in the sets their teams review (oldest first),
 * with the same one-click approve and reject as the cards, and exemption requests to decide.
 */
export function QueuePage() {
  useRequirementLiveUpdates();
  const [search, setSearch] = useSearchState<{ set?: string }>();
  const sets = useRequirementSets().data ?? [];
  const queue = useReviewQueue(search.set);
  const first = queue.data?.pages[0];
  const approvals = queue.data?.pages.flatMap((p) => p.approvals) ?? [];
  const exemptions = first?.exemptions ?? [];
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Title order={3}>Review queue</Title>
        <Select
          label="Set"
          size="xs"
          w={240}
          placeholder="every set your teams review"
          clearable
          data={sets.map((s) => s.name)}
          value={search.set ?? null}
          onChange={(s) => setSearch({ set: s ?? undefined }, { push: true })}
        />
      </Group>
      {queue.error && <ErrorAlert error={queue.error} />}
      <Section
        title={`Waiting for sign-off${first ? ` (${first.total})` : ''}`}
        testId="queue-approvals"
      >
        {first && approvals.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing waits for your sign-off.
          </Text>
        ) : (
          <Table verticalSpacing={4} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Component</Table.Th>
                <Table.Th>Set</Table.Th>
                <Table.Th>Requirement</Table.Th>
                <Table.Th>Owner says</Table.Th>
                <Table.Th>Sign off</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {approvals.map((a) => (
                <Table.Tr
                  key={`${a.component}@${a.version}/${a.requirement.id}`}
                  data-requirement={a.requirement.title}
                  data-ref={a.component}
                >
                  <Table.Td>
                    <Anchor component={Link} to={componentPath(a.component)} size="sm">
                      {a.title || a.component}
                    </Anchor>{' '}
                    <Text span size="xs" className="mono">
                      {a.version}
                    </Text>
                  </Table.Td>
                  <Table.Td fz="sm">{a.set.name}</Table.Td>
                  <Table.Td fz="sm">{a.requirement.title}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <StatusBadge kind="overall" status={a.overall} />
                      <SetBy by={a.owner.setBy} at={a.owner.setAt} />
                    </Group>
                    {a.owner.notes && (
                      <Text size="xs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                        {a.owner.notes}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <ReviewActions target={a} status="unknown" notes="" />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {queue.hasNextPage && (
          <Button
            size="xs"
            variant="default"
            mt={6}
            onClick={() => void queue.fetchNextPage()}
            loading={queue.isFetchingNextPage}
          >
            Load more
          </Button>
        )}
      </Section>
      <Section title={`Exemption requests (${exemptions.length})`} testId="queue-exemptions">
        {exemptions.length === 0 ? (
          <Text size="sm" c="dimmed">
            No exemption request waits for you.
          </Text>
        ) : (
          <Stack gap="xs">
            {exemptions.map((e) => (
              <Group key={e.id} align="flex-start" gap="sm" wrap="nowrap">
                <Anchor
                  component={Link}
                  to={componentPath(e.component)}
                  size="sm"
                  w={220}
                  style={{ flexShrink: 0 }}
                >
                  {e.component.replace(/^component:/, '')}
                </Anchor>
                <ExemptionLine exemption={e} showRequirement />
              </Group>
            ))}
          </Stack>
        )}
      </Section>
      {first && (
        <Text size="xs" c="dimmed">
          {plural(first.total, 'sign-off')} waiting in the sets your teams review.
        </Text>
      )}
    </Stack>
  );
}
