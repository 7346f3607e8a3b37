import { useEntityHistory } from '../api/history.js';
import { HistoryTable } from './history-table.js';
import { ErrorAlert } from './query-state.js';

/** The history of one entity (a person, a team), with "older changes" paging. */
export function EntityHistory({
  entityType,
  entityId,
}: {
  entityType: string;
  entityId: string | undefined;
}) {
  const history = useEntityHistory(entityType, entityId);
  if (history.error) return <ErrorAlert error={history.error} />;
  return (
    <HistoryTable
      events={history.data?.pages.flatMap((p) => p.items) ?? []}
      loading={history.isLoading || history.isFetchingNextPage}
      hasMore={history.hasNextPage}
      onMore={() => void history.fetchNextPage()}
    />
  );
}
