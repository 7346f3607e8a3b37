import type { EntityKind } from '../api/entities.js';

/**
 * How the web app shows each kind beside components (PRODUCT 1.1). The server's contract holds
 * the API paths; the app repeats them here as data (it imports only types from the server, so no
 * server code is bundled), checked against the contract's kind list by `satisfies`.
 */
export interface KindView {
  kind: EntityKind;
  /** The path segment under /api and under the app: /api/systems, /systems/default/x. */
  path: string;
  one: string;
  many: string;
  /** Title-case plural, for headings and the navbar. */
  heading: string;
  /** The facets its list offers (counted by the server, ENTITY_FACETS). */
  facets: readonly EntityFacet[];
  /** A one-line description under the list's heading. */
  about: string;
}

export const ENTITY_FACET_FIELDS = [
  'type',
  'lifecycle',
  'owner',
  'system',
  'domain',
  'tags',
] as const;
export type EntityFacet = (typeof ENTITY_FACET_FIELDS)[number];

export const KINDS = {
  domain: {
    kind: 'domain',
    path: 'domains',
    one: 'domain',
    many: 'domains',
    heading: 'Domains',
    facets: ['type', 'lifecycle', 'owner', 'tags'],
    about: 'Areas of the business; each groups systems.',
  },
  system: {
    kind: 'system',
    path: 'systems',
    one: 'system',
    many: 'systems',
    heading: 'Systems',
    facets: ['type', 'lifecycle', 'owner', 'domain', 'tags'],
    about: 'Components, APIs and resources that work together.',
  },
  api: {
    kind: 'api',
    path: 'apis',
    one: 'API',
    many: 'APIs',
    heading: 'APIs',
    facets: ['type', 'lifecycle', 'owner', 'system', 'tags'],
    about: 'Interfaces that components provide and consume.',
  },
  resource: {
    kind: 'resource',
    path: 'catalog-resources',
    one: 'resource',
    many: 'resources',
    heading: 'Resources',
    facets: ['type', 'lifecycle', 'owner', 'system', 'tags'],
    about: 'Infrastructure components need: databases, buckets, queues.',
  },
} as const satisfies Record<EntityKind, KindView>;

export const KIND_ORDER: EntityKind[] = ['domain', 'system', 'api', 'resource'];

export const isEntityKind = (kind: string): kind is EntityKind => kind in KINDS;

/**
 * `api:default/payments` -> its kind, namespace and name. A ref without a namespace is in
 * `default`; undefined for a ref that is not of one of these kinds.
 */
export function parseEntityRef(
  ref: string,
): { kind: EntityKind; namespace: string; name: string } | undefined {
  const match = /^([a-z]+):(?:([^/]+)\/)?([^/]+)$/.exec(ref);
  if (!match || !isEntityKind(match[1]!)) return undefined;
  return { kind: match[1], namespace: match[2] ?? 'default', name: match[3]! };
}

/** The page of an entity in the app: `api:default/payments` -> `/apis/default/payments`. */
export function entityPath(ref: string): string | undefined {
  const parsed = parseEntityRef(ref);
  if (!parsed) return undefined;
  return `/${KINDS[parsed.kind].path}/${encodeURIComponent(parsed.namespace)}/${encodeURIComponent(parsed.name)}`;
}

/** `system:default/payments` -> `payments`; other namespaces stay: `shop/payments`. */
export function shortRef(ref: string): string {
  return ref.replace(/^[a-z]+:/, '').replace(/^default\//, '');
}
