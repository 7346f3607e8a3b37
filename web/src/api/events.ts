import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { useEffect } from 'react';
import { componentKeyOf, keys } from './keys.js';
import { isOwnRequest, whenAnswered } from './own-requests.js';
import type { ChangeEvent, ProgressEvent } from './types.js';

type Listener = (event: ChangeEvent) => void;
const listeners = new Set<Listener>();
const progressListeners = new Set<(event: ProgressEvent) => void>();

/** Lets a page watch the change stream (the import page counts what is being written). */
export function subscribeChanges(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Follows one task this client started (its id went with the request as `progress=`). */
export function subscribeProgress(
  task: string,
  listener: (event: ProgressEvent) => void,
): () => void {
  const forTask = (event: ProgressEvent) => {
    if (event.task === task) listener(event);
  };
  progressListeners.add(forTask);
  return () => progressListeners.delete(forTask);
}

/** A task id for `progress=`: random, and made without crypto.randomUUID, which plain-HTTP pages lack. */
export function newTaskId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function parse<T>(message: Event): T | undefined {
  try {
    return JSON.parse((message as MessageEvent<string>).data) as T;
  } catch {
    return undefined;
  }
}

/** Which cached queries a change makes stale. */
export function staleKeys(event: ChangeEvent): QueryKey[] {
  const out: QueryKey[] = [keys.history, keys.search];
  if (event.type === 'component') {
    out.push(keys.components, keys.component(componentKeyOf(event.ref)), keys.graph, [
      'responsibilities',
    ]);
  } else if (event.type === 'person') {
    out.push(
      keys.people,
      keys.person(event.ref.replace(/^person:/, '')),
      keys.teams,
      ['team'],
      ['responsibilities'],
    );
  } else if (event.type === 'team') {
    // Deleting a team unowns its components; team pages list owned components.
    out.push(
      keys.teams,
      keys.team(event.ref.replace(/^group:/, '')),
      keys.people,
      ['person'],
      keys.components,
      ['component'],
      ['responsibilities'],
    );
  } else if (event.type.startsWith('reference.')) {
    // Renames cascade into components and versions.
    out.push(keys.reference(event.type.slice('reference.'.length)), keys.components, ['component']);
  } else {
    out.push(keys.components, ['component'], keys.graph, ['responsibilities']);
  }
  return out;
}

/** Events within this window refresh a query once: one save publishes several (component, version, ...). */
const COALESCE_MS = 50;

/**
 * Turns change events into as few refetches as possible. Queries of several events in a burst
 * are invalidated once, and a fetch already under way is joined, never aborted and restarted
 * (`cancelRefetch: false`): that restart is what made one save show waves of aborted requests.
 * An event of this tab's own write waits for the write's answer, by when the page that saved
 * has refetched what it shows; only queries older than that answer are refreshed then.
 */
export class ChangeInvalidator {
  private pending = new Map<string, QueryKey>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly queryClient: QueryClient) {}

  onChange(event: ChangeEvent): void {
    if (!isOwnRequest(event.requestId)) {
      for (const key of staleKeys(event)) this.pending.set(JSON.stringify(key), key);
      this.timer ??= setTimeout(() => this.flush(), COALESCE_MS);
      return;
    }
    void whenAnswered(event.requestId).then((answeredAt) =>
      // The save's own onSuccess runs in the promise jobs after the answer; let it start first.
      setTimeout(() => this.refreshOlderThan(staleKeys(event), answeredAt), 0),
    );
  }

  stop(): void {
    clearTimeout(this.timer);
    this.pending.clear();
  }

  private flush(): void {
    this.timer = undefined;
    const stale = [...this.pending.values()];
    this.pending.clear();
    for (const queryKey of stale)
      void this.queryClient.invalidateQueries({ queryKey }, { cancelRefetch: false });
  }

  private refreshOlderThan(stale: QueryKey[], answeredAt: number): void {
    for (const queryKey of stale)
      void this.queryClient.invalidateQueries(
        {
          queryKey,
          predicate: (q) =>
            q.state.fetchStatus !== 'fetching' && q.state.dataUpdatedAt < answeredAt,
        },
        { cancelRefetch: false },
      );
  }
}

const RETRY_MS = 5000;

/**
 * Subscribes to /api/events while `enabled` and invalidates the queries a change touches, so an
 * open page shows other people's edits without a reload. Reconnects after errors.
 */
export function useLiveUpdates(queryClient: QueryClient, enabled: boolean): void {
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const invalidator = new ChangeInvalidator(queryClient);
    const connect = () => {
      source = new EventSource('/api/events');
      source.addEventListener('change', (message) => {
        const event = parse<ChangeEvent>(message);
        if (!event) return;
        invalidator.onChange(event);
        for (const listener of listeners) listener(event);
      });
      source.addEventListener('progress', (message) => {
        const event = parse<ProgressEvent>(message);
        if (!event) return;
        for (const listener of progressListeners) listener(event);
      });
      source.onerror = () => {
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source.close();
          retry = setTimeout(connect, RETRY_MS);
        }
      };
    };
    connect();
    return () => {
      stopped = true;
      invalidator.stop();
      clearTimeout(retry);
      source?.close();
    };
  }, [queryClient, enabled]);
}
