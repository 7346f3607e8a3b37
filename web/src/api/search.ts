import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { get } from './client.js';
import { keys } from './keys.js';
import type { SearchHit } from './types.js';

/** Global search over components, people and teams (the Ctrl+K box). */
export function useSearch(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: [...keys.search, text],
    queryFn: ({ signal }) => get<{ items: SearchHit[] }>('/search', { q: text }, signal),
    enabled: text.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}
