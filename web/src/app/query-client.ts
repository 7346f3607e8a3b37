import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/problem.js';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Client errors (bad filter, no rights, not found) will not get better by asking again.
      retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status < 500),
    },
  },
});
