import type { HistorySearch } from '../api/history.js';

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;

/** The history page's URL: who (username), what (an entity reference), when (ISO instants). */
export function validateHistorySearch(search: Record<string, unknown>): HistorySearch {
  return {
    actor: text(search.actor),
    ref: text(search.ref),
    since: text(search.since),
    until: text(search.until),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO instant as the value of an <input type="datetime-local"> (the browser's time zone). */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The value of a datetime-local input (local time) as an ISO instant; empty or invalid: none. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * Where the entity of a history event lives in the app: a component's versions, deployments
 * and dependencies (`component:ns/a@1.0`, `component:ns/a->component:ns/b`) lead to the component.
 */
export function entityPath(entityRef: string): string | undefined {
  const component = /^component:([^/]+)\/(.+?)(?:@|->|$)/.exec(entityRef);
  if (component)
    return `/components/${encodeURIComponent(component[1]!)}/${encodeURIComponent(component[2]!)}`;
  const person = /^person:(.+)$/.exec(entityRef);
  if (person) return `/people/${encodeURIComponent(person[1]!)}`;
  const team = /^group:(.+)$/.exec(entityRef);
  if (team) return `/teams/${encodeURIComponent(team[1]!)}`;
  return undefined;
}
