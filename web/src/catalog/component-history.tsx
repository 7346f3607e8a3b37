import { Text } from '@mantine/core';
import { useRefHistory } from '../api/history.js';
import type { HistoryEvent } from '../api/types.js';
import { HistoryTable } from '../components/history-table.js';
import { ErrorAlert } from '../components/query-state.js';
import { Section } from '../components/section.js';

function label(event: HistoryEvent): string | null {
  if (event.entityType === 'version') return `version ${event.entityRef.split('@').pop()}`;
  if (event.entityType === 'deployment')
    return `deployment of ${event.entityRef.split('@').pop()?.split('/')[0]}`;
  if (event.entityType === 'dependency')
    return `dependency ${event.entityRef.replaceAll('component:', '')}`;
  return null;
}

/**
 * The component's history with that of its versions, deployments and dependencies (one query by
 * reference), newest first.
 */
export function ComponentHistory({ componentRef }: { componentRef: string }) {
  const history = useRefHistory(componentRef);
  const events = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Section title="History" testId="component-history">
      {history.error ? <ErrorAlert error={history.error} /> : null}
      <Text size="xs" c="dimmed" mb={4}>
        Every change, field by field: who, when, old value → new value.
      </Text>
      <HistoryTable
        events={events}
        label={label}
        loading={history.isLoading || history.isFetchingNextPage}
        hasMore={history.hasNextPage}
        onMore={() => void history.fetchNextPage()}
      />
    </Section>
  );
}
