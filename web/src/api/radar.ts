import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type {
  Entry,
  EntryCreate,
  EntryLinkInput,
  EntryPatch,
  HoldFlag,
  Move,
  Quadrant,
  QuadrantInput,
  Radar,
  Ring,
  RingInput,
  TimelinePointInput,
} from '../../../src/radar/contract.js';
import { del, get, patch, post } from './client.js';
import { subscribeChanges } from './events.js';
import { isOwnRequest } from './own-requests.js';
import type { ChangeEvent } from './types.js';

export type { Entry, HoldFlag, Move, Quadrant, Radar, Ring };

/** One prefix: every radar write refetches the radar, its entries and the Hold flags. */
export const radarKeys = {
  all: ['radar'] as const,
  hold: (namespace: string, name: string) =>
    ['radar', 'hold', namespace.toLowerCase(), name.toLowerCase()] as const,
};

export function useRadar() {
  return useQuery({
    queryKey: radarKeys.all,
    queryFn: ({ signal }) => get<Radar>('/radar', undefined, signal),
  });
}

export function useHoldFlag(namespace: string, name: string) {
  return useQuery({
    queryKey: radarKeys.hold(namespace, name),
    queryFn: ({ signal }) =>
      get<HoldFlag>(
        `/radar/components/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/hold`,
        undefined,
        signal,
      ),
    retry: false,
  });
}

function useRadarWrite<T>(fn: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: radarKeys.all }),
  });
}

type PartKind = 'quadrants' | 'rings';

export const useCreatePart = (kind: PartKind) =>
  useRadarWrite((input: QuadrantInput | RingInput) => post(`/radar/${kind}`, input));
export const useUpdatePart = (kind: PartKind) =>
  useRadarWrite(({ id, ...changes }: Partial<RingInput> & { id: string }) =>
    patch(`/radar/${kind}/${id}`, changes),
  );
export const useDeletePart = (kind: PartKind) =>
  useRadarWrite((id: string) => del(`/radar/${kind}/${id}`));

export const useCreateEntry = () =>
  useRadarWrite((input: Partial<EntryCreate> & Pick<EntryCreate, 'label' | 'quadrant' | 'ring'>) =>
    post('/radar/entries', input),
  );
export const useUpdateEntry = (id: string) =>
  useRadarWrite((changes: EntryPatch) => patch(`/radar/entries/${id}`, changes));
export const useDeleteEntry = () => useRadarWrite((id: string) => del(`/radar/entries/${id}`));
export const useMoveEntry = (id: string) =>
  useRadarWrite((point: Partial<TimelinePointInput> & { ring: string }) =>
    post(`/radar/entries/${id}/timeline`, point),
  );
export const useLinkEntry = (id: string) =>
  useRadarWrite((link: EntryLinkInput) => post(`/radar/entries/${id}/links`, link));
export const useUnlinkEntry = (id: string) =>
  useRadarWrite((linkId: string) => del(`/radar/entries/${id}/links/${linkId}`));

/**
 * Whether a change can alter what a radar page shows: the radar's own events, and the catalog's
 * that change which components use an entry (a component and its versions, a list value).
 */
export function touchesRadar(event: Pick<ChangeEvent, 'type'>): boolean {
  return (
    event.type.startsWith('radar') ||
    event.type === 'component' ||
    event.type.startsWith('reference.')
  );
}

const COALESCE_MS = 50;

/** Keeps open radar pages current with other people's changes (this tab's own refetch on answer). */
export function watchRadarChanges(queryClient: QueryClient): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unsubscribe = subscribeChanges((event) => {
    if (isOwnRequest(event.requestId) || !touchesRadar(event)) return;
    timer ??= setTimeout(() => {
      timer = undefined;
      void queryClient.invalidateQueries({ queryKey: radarKeys.all }, { cancelRefetch: false });
    }, COALESCE_MS);
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}

export function useRadarLiveUpdates(): void {
  const queryClient = useQueryClient();
  useEffect(() => watchRadarChanges(queryClient), [queryClient]);
}
