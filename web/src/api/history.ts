import { useInfiniteQuery } from '@tanstack/react-query';
import { get } from './client.js';
import { keys } from './keys.js';
import type { HistoryPage } from './types.js';

/** The change history of one entity, newest first, page by page. */
export function useEntityHistory(entityType: string, entityId: string | undefined) {
  return useInfiniteQuery({
    queryKey: [...keys.history, entityType, entityId],
    queryFn: ({ pageParam, signal }) =>
      get<HistoryPage>('/history', { entityType, entityId, cursor: pageParam, limit: 50 }, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: Boolean(entityId),
  });
}

/** The history of an entity and its parts (a component with its versions, deployments and dependencies). */
export function useRefHistory(ref: string | undefined) {
  return useInfiniteQuery({
    queryKey: [...keys.history, 'ref', ref],
    queryFn: ({ pageParam, signal }) =>
      get<HistoryPage>('/history', { ref, cursor: pageParam, limit: 50 }, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: Boolean(ref),
  });
}

/** The history page's question: changes by a person, to an entity (and its parts), in a time range. */
export interface HistorySearch {
  actor?: string;
  ref?: string;
  since?: string;
  until?: string;
}

export function useHistorySearch(search: HistorySearch) {
  return useInfiniteQuery({
    queryKey: [...keys.history, 'search', search],
    queryFn: ({ pageParam, signal }) =>
      get<HistoryPage>('/history', { ...search, cursor: pageParam, limit: 50 }, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
