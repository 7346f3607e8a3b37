import { useNavigate, useSearch } from '@tanstack/react-router';
import { useCallback } from 'react';

/**
 * The current route's validated search params and a setter that merges a patch into the URL
 * (replacing the history entry, so typing does not flood the back button).
 */
export function useSearchState<T extends object>(): [
  T,
  (patch: Partial<T>, options?: { push?: boolean }) => void,
] {
  const search: unknown = useSearch({ strict: false });
  const navigate = useNavigate();
  const update = useCallback(
    (patch: Partial<T>, options?: { push?: boolean }) => {
      void navigate({
        to: '.',
        search: ((prev: T) => {
          const next: Record<string, unknown> = { ...prev, ...patch };
          for (const key of Object.keys(next)) {
            const v = next[key];
            if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0))
              delete next[key];
          }
          return next;
        }) as never,
        replace: !options?.push,
      });
    },
    [navigate],
  );
  return [search as T, update];
}
