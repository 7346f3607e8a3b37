import { useQuery } from '@tanstack/react-query';
import { get } from '../api/client.js';
import { ApiError } from '../api/problem.js';

const isDslError = (e: unknown) => e instanceof ApiError && e.code.startsWith('ARGUS_DSL');

/**
 * A list's errors, split: the filter's (shown under the filter box, with its caret) and any
 * other. With facets selected the filter sent is composed; to point at the user's own text,
 * the list is asked again with the user's filter alone, and that error is the one shown.
 */
export function useFilterErrors({
  error,
  sent,
  userFilter,
  path,
  queryKey,
}: {
  error: Error | null;
  /** The filter the list sent (the user's with the facets' clauses). */
  sent: string | undefined;
  userFilter: string | undefined;
  path: string;
  queryKey: readonly unknown[];
}): { filterError: Error | null; otherError: Error | null } {
  const needsDiagnosis = isDslError(error) && sent !== userFilter && Boolean(userFilter);
  const diagnosis = useQuery({
    queryKey: [...queryKey, 'diagnose', userFilter],
    queryFn: () => get(path, { filter: userFilter, limit: 1 }),
    enabled: needsDiagnosis,
    retry: false,
  });
  const filterError = needsDiagnosis ? (diagnosis.error ?? null) : isDslError(error) ? error : null;
  return { filterError, otherError: error && !isDslError(error) ? error : null };
}
