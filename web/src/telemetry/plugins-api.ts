import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type {
  PluginList,
  PluginSummary,
  ResourcePolling,
  Run,
  RunPage,
} from '../../../src/telemetry/runs/contract.js';
import { get } from '../api/client.js';

export type { PluginList, PluginSummary, ResourcePolling, Run };

/**
 * Runs happen every few seconds, without change events (one per run would flood the event
 * stream): the plugin views poll instead, at this pace, while they are open.
 */
export const POLL_MS = 5000;

export const pluginKeys = {
  all: ['telemetry-plugins'] as const,
  list: ['telemetry-plugins', 'list'] as const,
  runs: (name: string, params: object) => ['telemetry-plugins', 'runs', name, params] as const,
  resource: (id: string) => ['telemetry-plugins', 'resource', id] as const,
};

/** Panoptes' status codes (PRODUCT 6), as the plugin pages name and colour them. */
export const STATUS: Record<number, { label: string; color: string }> = {
  0: { label: 'success', color: 'green' },
  1: { label: 'auth failure', color: 'red' },
  2: { label: 'network failure', color: 'red' },
  3: { label: 'timeout', color: 'orange' },
  4: { label: 'partial', color: 'yellow' },
  5: { label: 'internal failure', color: 'red' },
  6: { label: 'missing metrics', color: 'yellow' },
  7: { label: 'ping failure', color: 'red' },
  8: { label: 'enrichment failure', color: 'orange' },
};

export function usePlugins() {
  return useQuery({
    queryKey: pluginKeys.list,
    queryFn: ({ signal }) => get<PluginList>('/telemetry/plugins', undefined, signal),
    refetchInterval: POLL_MS,
  });
}

export function usePluginRuns(name: string, params: { status?: number; subject?: string }) {
  return useInfiniteQuery({
    queryKey: pluginKeys.runs(name, params),
    queryFn: ({ pageParam, signal }) =>
      get<RunPage>(
        `/telemetry/plugins/${encodeURIComponent(name)}/runs`,
        { ...params, limit: 50, cursor: pageParam },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: POLL_MS,
    retry: false,
  });
}

export function useResourcePolling(resourceId: string) {
  return useQuery({
    queryKey: pluginKeys.resource(resourceId),
    queryFn: ({ signal }) =>
      get<ResourcePolling>(`/resources/${resourceId}/runs`, undefined, signal),
    refetchInterval: POLL_MS,
    retry: false,
  });
}
