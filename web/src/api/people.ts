import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useMemo } from 'react';
import { del, get, patch, post } from './client.js';
import { keys } from './keys.js';
import type { PasswordChanged, Person, PersonResponsibilities } from './types.js';

export type PersonInput = Partial<Omit<Person, 'id' | 'teams' | 'directoryDn'>> & {
  /** Only when adding a person; a password changes through `useChangePassword`. */
  password?: string;
};

export function usePeople(q?: string, includeHidden = false) {
  return useQuery({
    queryKey: [...keys.people, q ?? '', includeHidden],
    queryFn: ({ signal }) =>
      get<{ items: Person[] }>(
        '/people',
        { q: q || undefined, hidden: includeHidden || undefined, limit: 5000 },
        signal,
      ),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function usePerson(username: string) {
  return useQuery({
    queryKey: keys.person(username),
    queryFn: ({ signal }) =>
      get<Person>(`/people/${encodeURIComponent(username)}`, undefined, signal),
    retry: false,
  });
}

export function useResponsibilities(username: string | undefined) {
  return useQuery({
    queryKey: keys.responsibilities(username ?? ''),
    queryFn: ({ signal }) =>
      get<PersonResponsibilities>(
        `/people/${encodeURIComponent(username!)}/responsibilities`,
        undefined,
        signal,
      ),
    enabled: Boolean(username),
    retry: false,
  });
}

/** A person's components page by page, with "Show more" (the teams and entities are whole). */
export function useResponsibilityPages(username: string) {
  return useInfiniteQuery({
    queryKey: [...keys.responsibilities(username), 'pages'],
    queryFn: ({ pageParam, signal }) =>
      get<PersonResponsibilities>(
        `/people/${encodeURIComponent(username)}/responsibilities`,
        { cursor: pageParam, limit: 100 },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: false,
  });
}

/**
 * Display names by username, from the people list (hidden people too: they still hold roles).
 * Pages show "Bob Builder" where the API gives `bob`; until the list arrives, the username.
 */
export function usePersonNames(): (username: string) => string {
  const people = usePeople('', true).data?.items;
  return useMemo(() => {
    const names = new Map(people?.map((p) => [p.username.toLowerCase(), p.name]));
    return (username: string) => names.get(username.toLowerCase()) || username;
  }, [people]);
}

function useInvalidatePeople() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: keys.people });
    void queryClient.invalidateQueries({ queryKey: ['person'] });
    void queryClient.invalidateQueries({ queryKey: keys.history });
  };
}

export function useCreatePerson() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (input: PersonInput & { username: string }) => post<Person>('/people', input),
    onSuccess: invalidate,
  });
}

export function useUpdatePerson(username: string) {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (changes: PersonInput) =>
      patch<Person>(`/people/${encodeURIComponent(username)}`, changes),
    onSuccess: invalidate,
  });
}

export interface PasswordChangeInput {
  currentPassword?: string;
  newPassword: string;
  revokeApiTokens: boolean;
}

/** Changes a password; the answer says how many sessions and API tokens it ended. */
export function useChangePassword(username: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PasswordChangeInput) =>
      post<PasswordChanged>(`/people/${encodeURIComponent(username)}/password`, input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.tokens });
      void queryClient.invalidateQueries({ queryKey: keys.history });
    },
  });
}

export function useDeletePerson() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (username: string) => del(`/people/${encodeURIComponent(username)}`),
    onSuccess: invalidate,
  });
}
