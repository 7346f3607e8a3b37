import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { del, get, patch, post } from './client.js';
import { componentKeyOf, keys } from './keys.js';
import type {
  Component,
  ComponentCreate,
  ComponentPageView,
  ComponentPatch,
  Page,
} from './types.js';

export interface ComponentListParams {
  filter?: string;
  q?: string;
  sort?: string;
  facets?: string;
  limit?: number;
}

const PAGE_SIZE = 50;

/** `default/billing` path segment of a component. */
export function componentPath(ref: string): string {
  const [namespace, name] = componentKeyOf(ref).split('/');
  return `/components/${encodeURIComponent(namespace!)}/${encodeURIComponent(name!)}`;
}

/** The dashboard list: cursor pages ("Load more"), with the facet counts of the first page. */
export function useComponentList(params: ComponentListParams) {
  return useInfiniteQuery({
    queryKey: [...keys.components, 'list', params],
    queryFn: ({ pageParam, signal }) =>
      get<Page<Component>>(
        '/components',
        // Facet counts come with the first page only.
        {
          ...params,
          facets: pageParam ? undefined : params.facets,
          limit: params.limit ?? PAGE_SIZE,
          cursor: pageParam,
        },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** Components matching a text, for pickers (dependency target, graph root). */
export function useComponentOptions(q: string) {
  return useQuery({
    queryKey: [...keys.components, 'options', q],
    queryFn: ({ signal }) =>
      get<Page<Component>>('/components', { q: q || undefined, limit: 30 }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useComponentPage(namespace: string, name: string) {
  return useQuery({
    queryKey: keys.component(`${namespace}/${name}`),
    queryFn: ({ signal }) =>
      get<ComponentPageView>(
        `/components/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`,
        undefined,
        signal,
      ),
    retry: (count, error) =>
      count < 1 && !('status' in error && (error as { status: number }).status < 500),
  });
}

export function useCreateComponent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ComponentCreate) => post<Component>('/components', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.components }),
  });
}

export function useUpdateComponent(ref: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: ComponentPatch) => patch<Component>(componentPath(ref), changes),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.component(componentKeyOf(ref)) });
      void queryClient.invalidateQueries({ queryKey: keys.components });
      void queryClient.invalidateQueries({ queryKey: keys.history });
    },
  });
}

export function useDeleteComponent(ref: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => del(componentPath(ref)),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: keys.component(componentKeyOf(ref)) });
      void queryClient.invalidateQueries({ queryKey: keys.components });
    },
  });
}
