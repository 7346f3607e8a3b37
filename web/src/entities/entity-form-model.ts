import type { Entity, EntityInput, EntityKind } from '../api/entities.js';
import type { Lifecycle } from '../api/types.js';

/** The form's values: what a person types (links one a line: `url | title | type`). */
export interface EntityFormValues {
  namespace: string;
  name: string;
  title: string;
  description: string;
  type: string;
  lifecycle: Lifecycle;
  /** `group:payments`, `payments` or `user:bob` */
  owner: string;
  /** A system's domain, or the system an API or a resource belongs to. */
  parent: string;
  tags: string[];
  links: string;
  definition: string;
  definitionUrl: string;
}

/** Which field `parent` is for each kind (a domain belongs to nothing). */
export const PARENT_FIELD: Record<EntityKind, 'system' | 'domain' | null> = {
  domain: null,
  system: 'domain',
  api: 'system',
  resource: 'system',
};

/** The API fields the form shows for a kind, to place the server's field problems. */
export function formFields(kind: EntityKind): string[] {
  const parent = PARENT_FIELD[kind];
  return [
    'namespace',
    'name',
    'title',
    'description',
    'type',
    'lifecycle',
    'owner',
    ...(parent ? [parent] : []),
    'tags',
    'links',
    ...(kind === 'api' ? ['definition', 'definitionUrl'] : []),
  ];
}

export function toFormValues(kind: EntityKind, e?: Entity): EntityFormValues {
  const parent = PARENT_FIELD[kind];
  return {
    namespace: e?.namespace ?? 'default',
    name: e?.name ?? '',
    title: e?.title ?? '',
    description: e?.description ?? '',
    type: e?.type ?? '',
    lifecycle: e?.lifecycle ?? 'experimental',
    owner: e?.ownerRef ?? '',
    parent: (parent && e?.[parent]) || '',
    tags: e?.tags ?? [],
    links: (e?.links ?? [])
      .map((l) => [l.url, l.title ?? '', l.type ?? ''].join(' | ').replace(/( \| )+$/, ''))
      .join('\n'),
    // The inline text is not part of the entity: the form loads it from /definition.
    definition: '',
    definitionUrl: e?.definitionUrl ?? '',
  };
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);

function parseLinks(text: string): NonNullable<EntityInput['links']> {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const [url, title, type] = line.split('|').map((p) => p.trim());
      return { url: url!, ...(title ? { title } : {}), ...(type ? { type } : {}) };
    });
}

/**
 * The body of a create for the kind: only the fields the kind accepts (the server refuses any
 * other, naming it), empty texts as null where "not set" is null.
 */
export function toPayload(kind: EntityKind, v: EntityFormValues): EntityInput {
  const parent = PARENT_FIELD[kind];
  return {
    namespace: v.namespace.trim() || 'default',
    name: v.name.trim(),
    title: v.title,
    description: v.description,
    type: orNull(v.type),
    lifecycle: v.lifecycle,
    owner: orNull(v.owner),
    ...(parent ? { [parent]: orNull(v.parent) } : {}),
    tags: v.tags,
    links: parseLinks(v.links),
    ...(kind === 'api' ? { definition: v.definition, definitionUrl: orNull(v.definitionUrl) } : {}),
  };
}

/**
 * Only what differs from the entity as loaded (a PATCH sends nothing else). The owner compares
 * as the ref the server answers (`payments` and `group:payments` are the same team); the
 * definition against the text loaded from the server.
 */
export function changedFields(
  original: Entity,
  originalDefinition: string,
  payload: EntityInput,
): EntityInput {
  const before: Record<string, unknown> = {
    ...original,
    owner: original.ownerRef,
    definition: originalDefinition,
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (key === 'namespace') continue;
    if (key === 'owner' && sameOwner(original.ownerRef, value as string | null)) continue;
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(value ?? null)) out[key] = value;
  }
  return out as EntityInput;
}

function sameOwner(ref: string | null, typed: string | null): boolean {
  if (ref === null || typed === null) return ref === typed;
  return ref === typed || ref === `group:${typed}`;
}
