import type { Component, ComponentCreate, ComponentPatch, Lifecycle } from '../api/types.js';

/** The edit form's values: lists as text where a person types them (labels, links). */
export interface ComponentFormValues {
  namespace: string;
  name: string;
  title: string;
  description: string;
  type: string | null;
  lifecycle: Lifecycle;
  category: string | null;
  subcategory: string | null;
  vendor: string | null;
  privacyClass: string | null;
  locationClasses: string[];
  /** A team's name, or `user:<username>` for a person (see ownerValue). */
  owner: string | null;
  system: string;
  space: string;
  tags: string[];
  /** `key=value` per line */
  labels: string;
  annotations: string;
  /** `url | title | type` per line */
  links: string;
  endpoints: string[];
  /** JSON object */
  attributes: string;
  highlyLoaded: boolean;
}

export const FORM_FIELDS = [
  'namespace',
  'name',
  'title',
  'description',
  'type',
  'lifecycle',
  'category',
  'subcategory',
  'vendor',
  'privacyClass',
  'locationClasses',
  'owner',
  'system',
  'space',
  'tags',
  'labels',
  'annotations',
  'links',
  'endpoints',
  'attributes',
  'highlyLoaded',
] as const;

const mapText = (map: Record<string, string>) =>
  Object.entries(map)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');

/**
 * The owner as the API takes it and the owner picker holds it: a team by its name, a person as
 * `user:<username>` (answers give the bare username, with `ownerRef` saying it is a person).
 */
export function ownerValue(c: Pick<Component, 'owner' | 'ownerRef'>): string | null {
  return c.ownerRef?.startsWith('user:') ? c.ownerRef : c.owner;
}

export function toFormValues(c?: Component): ComponentFormValues {
  return {
    namespace: c?.namespace ?? 'default',
    name: c?.name ?? '',
    title: c?.title ?? '',
    description: c?.description ?? '',
    type: c?.type ?? null,
    lifecycle: c?.lifecycle ?? 'experimental',
    category: c?.category ?? null,
    subcategory: c?.subcategory ?? null,
    vendor: c?.vendor ?? null,
    privacyClass: c?.privacyClass ?? null,
    locationClasses: c?.locationClasses ?? [],
    owner: c ? ownerValue(c) : null,
    system: c?.system ?? '',
    space: c?.space ?? '',
    tags: c?.tags ?? [],
    labels: mapText(c?.labels ?? {}),
    annotations: mapText(c?.annotations ?? {}),
    links: (c?.links ?? [])
      .map((l) => [l.url, l.title ?? '', l.type ?? ''].join(' | ').replace(/( \| )+$/, ''))
      .join('\n'),
    endpoints: c?.endpoints ?? [],
    attributes:
      c && Object.keys(c.attributes).length > 0 ? JSON.stringify(c.attributes, null, 2) : '',
    highlyLoaded: c?.highlyLoaded ?? false,
  };
}

export class FormParseError extends Error {
  constructor(
    readonly field: keyof ComponentFormValues,
    message: string,
  ) {
    super(message);
  }
}

function parseMap(text: string, field: keyof ComponentFormValues): Record<string, string> {
  const out: Record<string, string> = {};
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const at = line.indexOf('=');
    if (at <= 0) throw new FormParseError(field, `line ${i + 1}: write key=value`);
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  });
  return out;
}

function parseLinks(text: string): Component['links'] {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const [url, title, type] = line.split('|').map((p) => p.trim());
      return { url: url!, ...(title ? { title } : {}), ...(type ? { type } : {}) };
    });
}

function parseAttributes(text: string): Record<string, unknown> {
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new FormParseError('attributes', `not valid JSON: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new FormParseError('attributes', 'must be a JSON object');
  return value as Record<string, unknown>;
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);

/** The API body for the form's values (throws FormParseError for text that does not parse). */
export function toPayload(v: ComponentFormValues): ComponentCreate {
  return {
    namespace: v.namespace.trim() || 'default',
    name: v.name.trim(),
    title: v.title,
    description: v.description,
    type: v.type,
    lifecycle: v.lifecycle,
    category: v.category,
    subcategory: v.subcategory,
    vendor: v.vendor,
    privacyClass: v.privacyClass,
    locationClasses: v.locationClasses,
    owner: v.owner,
    system: orNull(v.system),
    space: orNull(v.space),
    tags: v.tags,
    labels: parseMap(v.labels, 'labels'),
    annotations: parseMap(v.annotations, 'annotations'),
    links: parseLinks(v.links),
    endpoints: v.endpoints,
    attributes: parseAttributes(v.attributes),
    highlyLoaded: v.highlyLoaded,
  };
}

/** Only the fields that differ from the component as loaded (PATCH sends nothing else). */
export function changedFields(original: Component, payload: ComponentCreate): ComponentPatch {
  const out: Record<string, unknown> = {};
  const loaded: Record<string, unknown> = { ...original, owner: ownerValue(original) };
  for (const [key, value] of Object.entries(payload)) {
    if (key === 'namespace') continue;
    const before = loaded[key];
    if (JSON.stringify(before ?? null) !== JSON.stringify(value ?? null)) out[key] = value;
  }
  return out as ComponentPatch;
}
