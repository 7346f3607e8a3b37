import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useEffect } from 'react';
import type {
  ComponentResources,
  ResourceDetail,
  ResourcePage,
  Site,
  SiteInput,
  SitePatch,
} from '../../../src/inventory/contract.js';
import { api, del, get, patch, post } from '../api/client.js';
import { componentPath } from '../api/components.js';
import { subscribeChanges } from '../api/events.js';
import { isOwnRequest } from '../api/own-requests.js';

export type { ComponentResources, ResourceDetail, ResourcePage, Site };
export type InventoryResource = ResourcePage['items'][number];

/** One prefix: any inventory write or event refetches every inventory view. */
export const inventoryKeys = {
  all: ['inventory'] as const,
  list: (params: object) => ['inventory', 'resources', params] as const,
  resource: (id: string) => ['inventory', 'resource', id] as const,
  sites: ['inventory', 'sites'] as const,
  component: (ref: string) => ['inventory', 'component', ref.toLowerCase()] as const,
};

const PAGE_SIZE = 50;

export function useResourceList(params: { filter?: string; sort?: string }) {
  return useInfiniteQuery({
    queryKey: inventoryKeys.list(params),
    queryFn: ({ pageParam, signal }) =>
      get<ResourcePage>('/resources', { ...params, limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useResource(id: string) {
  return useQuery({
    queryKey: inventoryKeys.resource(id),
    queryFn: ({ signal }) => get<ResourceDetail>(`/resources/${id}`, undefined, signal),
    retry: false,
  });
}

export function useSites() {
  return useQuery({
    queryKey: inventoryKeys.sites,
    queryFn: ({ signal }) => get<Site[]>('/sites', undefined, signal),
  });
}

export function useComponentResources(ref: string) {
  return useQuery({
    queryKey: inventoryKeys.component(ref),
    queryFn: ({ signal }) =>
      get<ComponentResources>(`${componentPath(ref)}/resources`, undefined, signal),
    retry: false,
  });
}

function useInventoryWrite<T>(fn: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: inventoryKeys.all }),
  });
}

export const useCreateSite = () => useInventoryWrite((input: SiteInput) => post('/sites', input));
export const useUpdateSite = (name: string) =>
  useInventoryWrite((changes: SitePatch) => patch(`/sites/${encodeURIComponent(name)}`, changes));
export const useDeleteSite = () =>
  useInventoryWrite((name: string) => del(`/sites/${encodeURIComponent(name)}`));

export const useLinkComponent = (resourceId: string) =>
  useInventoryWrite((component: string) =>
    post(`/resources/${resourceId}/components`, { component }),
  );
export const useUnlinkComponent = (resourceId: string) =>
  useInventoryWrite((component: string) =>
    api('DELETE', `/resources/${resourceId}/components`, { query: { component } }),
  );
export const useSetResourceRule = (ref: string) =>
  useInventoryWrite((filter: string | null) =>
    filter === null
      ? del(`${componentPath(ref)}/resource-rule`)
      : api('PUT', `${componentPath(ref)}/resource-rule`, { json: { filter } }),
  );

/** Which change events can alter an inventory view: resources, sites, components (links, rules). */
const TYPES = new Set(['resource', 'site', 'component']);
const COALESCE_MS = 100;

/** Keeps open inventory pages current with other people's changes and with discovery. */
export function useInventoryLiveUpdates(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = subscribeChanges((event) => {
      if (isOwnRequest(event.requestId) || !TYPES.has(event.type)) return;
      timer ??= setTimeout(() => {
        timer = undefined;
        void queryClient.invalidateQueries(
          { queryKey: inventoryKeys.all },
          { cancelRefetch: false },
        );
      }, COALESCE_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [queryClient]);
}
