import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, patch, post } from './client.js';
import { keys } from './keys.js';
import type { ReferenceItem, ReferenceList } from './types.js';

export type ReferenceInput = Partial<
  Pick<ReferenceItem, 'name' | 'description' | 'position' | 'parent' | 'extra'>
>;

export function useReferenceList(list: ReferenceList) {
  return useQuery({
    queryKey: keys.reference(list),
    queryFn: ({ signal }) =>
      get<{ items: ReferenceItem[] }>(`/reference/${list}`, undefined, signal),
    staleTime: 60_000,
  });
}

/** The names of a list, for Select and MultiSelect options. */
export function useReferenceNames(list: ReferenceList): string[] {
  return useReferenceList(list).data?.items.map((i) => i.name) ?? [];
}

function useInvalidateList(list: ReferenceList) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: keys.reference(list) });
    void queryClient.invalidateQueries({ queryKey: keys.components });
    void queryClient.invalidateQueries({ queryKey: ['component'] });
  };
}

export function useCreateReferenceItem(list: ReferenceList) {
  const invalidate = useInvalidateList(list);
  return useMutation({
    mutationFn: (input: ReferenceInput & { name: string }) =>
      post<ReferenceItem>(`/reference/${list}`, input),
    onSuccess: invalidate,
  });
}

export function useUpdateReferenceItem(list: ReferenceList) {
  const invalidate = useInvalidateList(list);
  return useMutation({
    mutationFn: ({ item, changes }: { item: string; changes: ReferenceInput }) =>
      patch<ReferenceItem>(`/reference/${list}/${encodeURIComponent(item)}`, changes),
    onSuccess: invalidate,
  });
}

export function useDeleteReferenceItem(list: ReferenceList) {
  const invalidate = useInvalidateList(list);
  return useMutation({
    mutationFn: (item: string) => del(`/reference/${list}/${encodeURIComponent(item)}`),
    onSuccess: invalidate,
  });
}
