import { Invalid } from '../platform/errors.js';
import { CatalogErrors } from './errors.js';

export interface ComponentRef {
  namespace: string;
  name: string;
}

/** Accepts `component:ns/name`, `ns/name` or `name` (namespace `default`), as Backstage does. */
export function parseComponentRef(text: string, field = 'ref'): ComponentRef {
  const body = text.trim().replace(/^component:/i, '');
  const parts = body.split('/');
  if (parts.length > 2 || parts.some((p) => p.length === 0)) {
    throw Invalid.field(
      CatalogErrors.invalid,
      field,
      `"${text}" is not a component reference (namespace/name)`,
    );
  }
  return parts.length === 2
    ? { namespace: parts[0]!, name: parts[1]! }
    : { namespace: 'default', name: parts[0]! };
}

export function formatComponentRef(ref: ComponentRef): string {
  return `component:${ref.namespace}/${ref.name}`;
}
