import {
  keepPreviousData,
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ComponentEntities,
  Entity,
  EntityDefinition,
  EntityInput,
  EntityKind,
  EntityLink,
  EntityPage,
  Relation,
  RelationCreate,
  RelationType,
} from '../../../src/catalog/entities/contract.js';
import { KINDS } from '../entities/kinds.js';
import { del, get, patch, post } from './client.js';
import { keys } from './keys.js';
import type { Page } from './types.js';

export type {
  ComponentEntities,
  Entity,
  EntityInput,
  EntityKind,
  EntityLink,
  EntityPage,
  Relation,
  RelationType,
};
export type Definition = z.infer<typeof EntityDefinition>;

/** Query keys of the kinds: one prefix each, so a write refetches its lists and pages together. */
export const entityKeys = {
  kind: (kind: EntityKind) => ['entities', kind] as const,
  page: (kind: EntityKind, key: string) => ['entities', kind, 'page', key.toLowerCase()] as const,
};

/** `/systems/default/payments`: the API path of one entity (under /api). */
export function entityApiPath(kind: EntityKind, namespace: string, name: string): string {
  return `/${KINDS[kind].path}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

export interface EntityListParams {
  filter?: string;
  q?: string;
  sort?: string;
  facets?: string;
}

const PAGE_SIZE = 50;

/** A kind's list: cursor pages ("Load more"), with the facet counts of the first page. */
export function useEntityList(kind: EntityKind, params: EntityListParams) {
  return useInfiniteQuery({
    queryKey: [...entityKeys.kind(kind), 'list', params],
    queryFn: ({ pageParam, signal }) =>
      get<Page<Entity>>(
        `/${KINDS[kind].path}`,
        {
          ...params,
          facets: pageParam ? undefined : params.facets,
          limit: PAGE_SIZE,
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

/** Entities of a kind matching a text, for pickers (an API a component provides). */
export function useEntityOptions(kind: EntityKind, q: string) {
  return useQuery({
    queryKey: [...entityKeys.kind(kind), 'options', q],
    queryFn: ({ signal }) =>
      get<Page<Entity>>(`/${KINDS[kind].path}`, { q: q || undefined, limit: 30 }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useEntityPage(kind: EntityKind, namespace: string, name: string) {
  return useQuery({
    queryKey: entityKeys.page(kind, `${namespace}/${name}`),
    queryFn: ({ signal }) =>
      get<EntityPage>(entityApiPath(kind, namespace, name), undefined, signal),
    retry: (count, error) =>
      count < 1 && !('status' in error && (error as { status: number }).status < 500),
  });
}

export function useEntityDefinition(namespace: string, name: string, enabled: boolean) {
  return useQuery({
    queryKey: [...entityKeys.page('api', `${namespace}/${name}`), 'definition'],
    queryFn: ({ signal }) =>
      get<Definition>(`${entityApiPath('api', namespace, name)}/definition`, undefined, signal),
    enabled,
  });
}

/** After a write: the kind's lists and pages, history, the graph and component pages (relations). */
function invalidateKind(queryClient: QueryClient, kind: EntityKind): void {
  void queryClient.invalidateQueries({ queryKey: entityKeys.kind(kind) });
  void queryClient.invalidateQueries({ queryKey: keys.history });
  void queryClient.invalidateQueries({ queryKey: keys.graph });
}

export function useCreateEntity(kind: EntityKind) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: EntityInput) => post<Entity>(`/${KINDS[kind].path}`, input),
    onSuccess: () => invalidateKind(queryClient, kind),
  });
}

export function useUpdateEntity(kind: EntityKind, namespace: string, name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: EntityInput) =>
      patch<Entity>(entityApiPath(kind, namespace, name), changes),
    onSuccess: () => {
      invalidateKind(queryClient, kind);
      // A renamed system is renamed on its components.
      void queryClient.invalidateQueries({ queryKey: keys.components });
    },
  });
}

export function useDeleteEntity(kind: EntityKind, namespace: string, name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => del(entityApiPath(kind, namespace, name)),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: entityKeys.page(kind, `${namespace}/${name}`) });
      invalidateKind(queryClient, kind);
    },
  });
}

/** A component provides or consumes an API, or depends on a resource (and back). */
export function useRelationWrites(componentRef: string) {
  const queryClient = useQueryClient();
  const refresh = (kind: EntityKind) => {
    void queryClient.invalidateQueries({
      queryKey: keys.component(componentRef.replace(/^component:/, '')),
    });
    invalidateKind(queryClient, kind);
  };
  const add = useMutation({
    mutationFn: (input: z.input<typeof RelationCreate>) =>
      post<Relation>('/entity-relations', input),
    onSuccess: (relation) => refresh(relation.type === 'dependsOn' ? 'resource' : 'api'),
  });
  const remove = useMutation({
    mutationFn: (relation: Relation) => del(`/entity-relations/${relation.id}`),
    onSuccess: (_, relation) => refresh(relation.type === 'dependsOn' ? 'resource' : 'api'),
  });
  return { add, remove };
}
