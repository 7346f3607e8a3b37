import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, patch, post } from './client.js';
import { keys } from './keys.js';
import type { Team, TeamRights } from './types.js';

export type TeamInput = Partial<Omit<Team, 'id'>>;

export function useTeams() {
  return useQuery({
    queryKey: keys.teams,
    queryFn: ({ signal }) => get<{ items: Team[] }>('/teams', undefined, signal),
    staleTime: 30_000,
  });
}

export function useTeam(name: string) {
  return useQuery({
    queryKey: keys.team(name),
    queryFn: ({ signal }) =>
      get<Team & { may: TeamRights }>(`/teams/${encodeURIComponent(name)}`, undefined, signal),
    retry: false,
  });
}

function useInvalidateTeams() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: keys.teams });
    void queryClient.invalidateQueries({ queryKey: ['team'] });
    void queryClient.invalidateQueries({ queryKey: ['person'] });
    void queryClient.invalidateQueries({ queryKey: keys.people });
    void queryClient.invalidateQueries({ queryKey: keys.history });
  };
}

export function useCreateTeam() {
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: (input: TeamInput & { name: string }) => post<Team>('/teams', input),
    onSuccess: invalidate,
  });
}

export function useUpdateTeam(name: string) {
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: (changes: TeamInput) => patch<Team>(`/teams/${encodeURIComponent(name)}`, changes),
    onSuccess: invalidate,
  });
}

export function useDeleteTeam() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: (name: string) => del(`/teams/${encodeURIComponent(name)}`),
    onSuccess: () => {
      invalidate();
      void queryClient.invalidateQueries({ queryKey: keys.components });
    },
  });
}
