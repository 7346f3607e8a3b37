import { Invalid } from '../platform/errors.js';
import { CatalogErrors } from './errors.js';

export interface ComponentRef {
  namespace: string;
  name: string;
}

/** `component:ns/name`, `ns/name` or `name` (namespace `default`), as Backstage reads them; null when not a reference. */
export function componentRefOf(text: string): ComponentRef | null {
  const body = text.trim().replace(/^component:/i, '');
  const parts = body.split('/');
  if (parts.length > 2 || parts.some((p) => p.length === 0)) return null;
  return parts.length === 2
    ? { namespace: parts[0]!, name: parts[1]! }
    : { namespace: 'default', name: parts[0]! };
}

/** Accepts what componentRefOf does; anything else is an error naming the field. */
export function parseComponentRef(text: string, field = 'ref'): ComponentRef {
  const ref = componentRefOf(text);
  if (!ref) {
    throw Invalid.field(
      CatalogErrors.invalid,
      field,
      `"${text}" is not a component reference (namespace/name)`,
    );
  }
  return ref;
}

export function formatComponentRef(ref: ComponentRef): string {
  return `component:${ref.namespace}/${ref.name}`;
}
