import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { subscribeChanges } from '../api/events.js';
import { isOwnRequest } from '../api/own-requests.js';
import { requirementKeys } from '../api/requirements.js';
import type { ChangeEvent } from '../api/types.js';

/**
 * Whether a change can alter what a requirements page shows: the module's own events (a status,
 * a set, a requirement, a level, an exemption), and the catalog's that move applicability,
 * ownership or review rights (a component and its versions, a team's members).
 */
export function touchesRequirements(event: Pick<ChangeEvent, 'type'>): boolean {
  return (
    event.type.startsWith('requirement') || event.type === 'component' || event.type === 'team'
  );
}

/** Events within this window refresh the pages once: one sign-off publishes a few. */
const COALESCE_MS = 50;

/**
 * Keeps open requirement pages current with other people's changes (/api/events). This tab's own
 * writes are left out: the write's answer has refreshed every requirements query already.
 */
export function watchRequirementChanges(queryClient: QueryClient): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unsubscribe = subscribeChanges((event) => {
    if (isOwnRequest(event.requestId) || !touchesRequirements(event)) return;
    timer ??= setTimeout(() => {
      timer = undefined;
      void queryClient.invalidateQueries(
        { queryKey: requirementKeys.all },
        { cancelRefetch: false },
      );
    }, COALESCE_MS);
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}

/** Mounted by every requirements page and card. */
export function useRequirementLiveUpdates(): void {
  const queryClient = useQueryClient();
  useEffect(() => watchRequirementChanges(queryClient), [queryClient]);
}
