import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, del, get, post } from './client.js';
import { keys } from './keys.js';
import type { ApiToken, IssuedToken, Me } from './types.js';

/** Who is logged in; a 401 here means nobody (the route guard sends them to /login). */
export const meQuery = queryOptions({
  queryKey: keys.me,
  queryFn: () => api<Me>('GET', '/auth/me', { allowAnonymous: true }),
  staleTime: 60_000,
  retry: false,
});

export function useMe() {
  return useQuery(meQuery);
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { username: string; password: string }) =>
      api<Me>('POST', '/auth/login', { json: input, allowAnonymous: true }),
    onSuccess: (me) => {
      queryClient.clear();
      queryClient.setQueryData(keys.me, me);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('POST', '/auth/logout', { json: {}, allowAnonymous: true }),
    onSettled: () => queryClient.clear(),
  });
}

export function useTokens() {
  return useQuery({ queryKey: keys.tokens, queryFn: () => get<{ items: ApiToken[] }>('/tokens') });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; expiresInDays?: number }) =>
      post<IssuedToken>('/tokens', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.tokens }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => del(`/tokens/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.tokens }),
  });
}
