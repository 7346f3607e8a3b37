import { Alert, Center, Loader } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { describeError } from '../api/problem.js';

/** Loading spinner, error message or the content, for one query. */
export function QueryState<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.error) return <ErrorAlert error={query.error} />;
  return (
    <Center p="lg">
      <Loader size="sm" />
    </Center>
  );
}

export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const forbidden =
    typeof error === 'object' && error !== null && (error as { status?: number }).status === 403;
  return (
    <Alert
      color={forbidden ? 'orange' : 'red'}
      variant="light"
      title={title ?? (forbidden ? 'Not allowed' : undefined)}
      p="xs"
    >
      {describeError(error)}
    </Alert>
  );
}
