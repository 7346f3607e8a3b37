import { Button, Group, Text } from '@mantine/core';

/** A list read page by page (an infinite query). */
export interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage(): Promise<unknown>;
}

/** Asks for the next page of a list, while there is one. */
export function LoadMoreButton({ query }: { query: PagedQuery }) {
  if (!query.hasNextPage) return null;
  return (
    <Button
      size="xs"
      variant="default"
      onClick={() => void query.fetchNextPage()}
      loading={query.isFetchingNextPage}
    >
      Load more
    </Button>
  );
}

/** Below a paged list: how much of it is shown, and Load more. */
export function ListFooter({
  shown,
  total,
  query,
}: {
  shown: number;
  /** Unknown until the first page has come. */
  total: number | undefined;
  query: PagedQuery;
}) {
  return (
    <Group justify="space-between">
      <Text size="xs" c="dimmed">
        {shown > 0 && total !== undefined && `Showing ${shown} of ${total}`}
      </Text>
      <LoadMoreButton query={query} />
    </Group>
  );
}
