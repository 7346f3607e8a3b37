import { Invalid } from '../../platform/errors.js';
import { CatalogErrors } from '../errors.js';
import type { EntityKind } from './contract.js';

export interface EntityRef {
  kind: EntityKind;
  namespace: string;
  name: string;
}

/**
 * Accepts `kind:ns/name`, `ns/name` or `name` (namespace `default`) for an entity of `kind`, as
 * Backstage resolves refs; a ref of another kind (`system:x` where an API is expected) is 400.
 */
export function parseEntityRef(text: string, kind: EntityKind, field = 'ref'): EntityRef {
  const trimmed = text.trim();
  const prefix = /^([A-Za-z]+):/.exec(trimmed);
  if (prefix && prefix[1]!.toLowerCase() !== kind) {
    throw Invalid.field(
      CatalogErrors.invalid,
      field,
      `"${text}" is not a ${kind} reference (${kind}:namespace/name)`,
    );
  }
  const parts = (prefix ? trimmed.slice(prefix[0].length) : trimmed).split('/');
  if (parts.length > 2 || parts.some((p) => p.length === 0)) {
    throw Invalid.field(
      CatalogErrors.invalid,
      field,
      `"${text}" is not a ${kind} reference (${kind}:namespace/name)`,
    );
  }
  return parts.length === 2
    ? { kind, namespace: parts[0]!, name: parts[1]! }
    : { kind, namespace: 'default', name: parts[0]! };
}

export function formatEntityRef(ref: EntityRef): string {
  return `${ref.kind}:${ref.namespace}/${ref.name}`;
}

/**
 * How a component names its system (the `system` column): `name` for a system in the default
 * namespace, `ns/name` otherwise, the way Backstage writes `spec.system`.
 */
export function systemName(ref: { namespace: string; name: string }): string {
  return ref.namespace.toLowerCase() === 'default' ? ref.name : `${ref.namespace}/${ref.name}`;
}
